import { memberForRoute } from '@/lib/dal/session';
import { applyFieldOp } from '@/lib/dal/field';
import { UserFacingError } from '@/lib/errors';
import { BODY_LIMITS, readBodyCapped } from '@/lib/http/body';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { fieldOpSchema, type FieldOpResponse } from '@/lib/validations/field';

export const dynamic = 'force-dynamic';

/** The Origin names this host. A missing one, `null` (sandboxed frames, files, some redirects) and anything unparsable are cross-site. */
function sameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!origin || !host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

const answer = (status: number, body: FieldOpResponse | { ok: false; message: string }) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * POST /api/field — one check-in, check-out or on-the-spot start from the
 * Today page, now or replayed later from its offline queue. JSON only, same
 * origin only (a cross-site form cannot send JSON, and a foreign Origin is
 * refused), session and role checked, idempotent by the op id.
 */
export async function POST(request: Request) {
  if (!sameOrigin(request.headers)) return answer(403, { ok: false, message: 'Cross-site request refused.' });
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return answer(415, { ok: false, message: 'Send JSON.' });
  const gate = await memberForRoute();
  if (!gate.ok) return answer(gate.status, { ok: false, message: gate.status === 401 ? 'Your session has ended. Sign in again; your pending actions are kept.' : gate.message });
  const { member } = gate;
  const body = await readBodyCapped(request, BODY_LIMITS.field);
  if (!body.ok) return answer(413, { ok: false, message: 'Request too large.' });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body.bytes));
  } catch {
    return answer(400, { ok: false, message: 'Not valid JSON.' });
  }
  const parsed = fieldOpSchema.safeParse(json);
  if (!parsed.success) return answer(400, { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid request.' });
  try {
    const result = applyFieldOp(member, parsed.data);
    return answer(result.ok ? 200 : 409, result);
  } catch (error) {
    if (error instanceof UserFacingError) return answer(422, { ok: false, message: error.message });
    if (error instanceof NotFoundError) return answer(404, { ok: false, message: error.message });
    if (error instanceof ForbiddenError) return answer(403, { ok: false, message: error.message });
    console.error(error);
    return answer(500, { ok: false, message: 'Something went wrong; the action stays queued and will be retried.' });
  }
}
