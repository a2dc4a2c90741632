import { assertDatabaseAnswers } from '@/lib/dal/health';
import { renderGateStats } from '@/lib/http/render-gate';

export const dynamic = 'force-dynamic';

/** Up and the database answering; `renders` shows how busy the page renderer is (lib/http/render-gate.ts). */
export function GET() {
  assertDatabaseAnswers();
  return Response.json({ ok: true, renders: renderGateStats() });
}
