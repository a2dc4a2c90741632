import { memberForRoute } from '@/lib/dal/session';
import { jobJson } from '@/lib/jobs/registry';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';

export const dynamic = 'force-dynamic';

const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
const answer = (status: number, body: unknown) => Response.json(body, { status, headers });

/**
 * GET /api/jobs/:id — a background job's progress, and its result once done
 * (lib/jobs/registry.ts), polled by the page that started it. The session,
 * the firm and the role are checked on every read; another firm's job is 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const gate = await memberForRoute();
  if (!gate.ok) return answer(gate.status, { message: gate.message });
  const { member } = gate;
  const { id } = await params;
  try {
    return new Response(jobJson(member, id), { status: 200, headers });
  } catch (error) {
    if (error instanceof NotFoundError) return answer(404, { message: 'That job was not found; it may have expired.' });
    if (error instanceof ForbiddenError) return answer(403, { message: error.message });
    throw error;
  }
}
