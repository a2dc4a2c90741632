import { assertDatabaseAnswers } from '@/lib/dal/health';

export const dynamic = 'force-dynamic';

export function GET() {
  assertDatabaseAnswers();
  return Response.json({ ok: true });
}
