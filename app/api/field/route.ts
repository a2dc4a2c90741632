import { memberForRoute } from '@/lib/dal/session';
import { applyFieldOp } from '@/lib/dal/field';
import { UserFacingError } from '@/lib/errors';
import { BODY_LIMITS, readBodyCapped } from '@/lib/http/body';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { fieldOpSchema, type FieldErrorAnswer, type FieldErrorCode, type FieldOpResponse } from '@/lib/validations/field';

export const dynamic = 'force-dynamic';

/** The Origin names this host. A missing one, `null` (sandboxed frames, files, some redirects) and anything unparsable are cross-site. */
function sameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!origin || !host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

const answer = (status: number, body: FieldOpResponse | FieldErrorAnswer) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
const refuse = (status: number, code: FieldErrorCode, message: string) => answer(status, { ok: false, code, message });

/**
 * POST /api/field — one check-in, check-out or on-the-spot start from the
 * Today page, now or replayed later from its offline queue. JSON only, same
 * origin only (a cross-site form cannot send JSON, and a foreign Origin is
 * refused), session and role checked, idempotent by the op id.
 */
export async function POST(request: Request) {
  if (!sameOrigin(request.headers)) return refuse(403, 'cross_site', 'Cross-site request refused.');
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) return refuse(415, 'not_json', 'Send JSON.');
  const gate = await memberForRoute();
  if (!gate.ok)
    return gate.status === 401
      ? refuse(401, 'session_ended', 'Your session has ended. Sign in again; your pending actions are kept.')
      : refuse(gate.status, 'forbidden', gate.message);
  const { member } = gate;
  const body = await readBodyCapped(request, BODY_LIMITS.field);
  if (!body.ok) return refuse(413, 'too_large', 'Request too large.');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body.bytes));
  } catch {
    return refuse(400, 'invalid', 'Not valid JSON.');
  }
  const parsed = fieldOpSchema.safeParse(json);
  if (!parsed.success) return refuse(400, 'invalid', parsed.error.issues[0]?.message ?? 'Invalid request.');
  try {
    const result = applyFieldOp(member, parsed.data);
    return answer(result.ok ? 200 : 409, result);
  } catch (error) {
    if (error instanceof UserFacingError) return refuse(422, 'invalid', error.message);
    if (error instanceof NotFoundError) return refuse(404, 'not_found', error.message);
    if (error instanceof ForbiddenError) return refuse(403, 'forbidden', error.message);
    console.error(error);
    return refuse(500, 'server_error', 'Something went wrong; the action stays queued and will be retried.');
  }
}
