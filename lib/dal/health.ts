import 'server-only';
import { getDb } from '@/db';

/** Throws unless the database answers a query: what GET /api/health reports. Reads nothing of any firm. */
export function assertDatabaseAnswers(): void {
  getDb().$client.prepare('select 1').get();
}
