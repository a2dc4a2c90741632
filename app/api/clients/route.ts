import { searchClientOptions } from '@/lib/dal/client-options';
import { memberForRoute } from '@/lib/dal/session';
import { ForbiddenError } from '@/lib/permissions';

export const dynamic = 'force-dynamic';

const answer = (status: number, body: unknown) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * GET /api/clients?q=… — the firm's active and prospect clients whose name
 * contains q, at most 20, for the client fields of a firm too big to list
 * every client in a select (components/clients/client-field.tsx). Session,
 * role and firm checked by the data layer.
 */
export async function GET(request: Request) {
  const gate = await memberForRoute();
  if (!gate.ok) return answer(gate.status, { message: gate.message });
  const { member } = gate;
  const q = new URL(request.url).searchParams.get('q') ?? '';
  try {
    return answer(200, { options: searchClientOptions(member, q) });
  } catch (error) {
    if (error instanceof ForbiddenError) return answer(403, { message: error.message });
    throw error;
  }
}
