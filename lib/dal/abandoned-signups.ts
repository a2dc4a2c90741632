/**
 * Sign-ups whose owner never opened the confirmation link, cleared away after
 * a week, so an address taken by someone who cannot read its mail is free
 * again and a flood of sign-ups does not stay in the database.
 *
 * Only a firm that holds nothing of value goes: every member unconfirmed,
 * the newest of them older than ABANDONED_SIGNUP_MS, and nothing in the firm
 * but what sign-up and a look around make (settings rows, mail, audit, the
 * sessions). Anything else that points at the firm or its members (a client,
 * a visit, a time entry, a request from the request page, any table added
 * later) keeps it: the deletes run with foreign keys enforced, so such a row
 * makes the firm's delete fail and that firm is left exactly as it was.
 *
 * Plain module (no `server-only`): called from the server's pruning timer
 * with the connection it is given, which must be writable.
 */
import Database from 'better-sqlite3';
import type { DB } from '../../db';
import { DAY_MS } from '@/lib/time/units';

export const ABANDONED_SIGNUP_MS = 7 * DAY_MS;

/** Firm-scoped rows that come with a sign-up or its settings pages, and go with it; children before parents. */
const SETTINGS_TABLES = [
  'marketing_exceptions',
  'marketing_blocks',
  'marketing_windows',
  'working_hours',
  'calendar_feeds',
  'mail_recipients',
  'outbox',
  'audit_log',
] as const;

export function pruneAbandonedSignups(db: DB, now: number): number {
  const sqlite = db.$client;
  const candidates = sqlite
    .prepare(
      `select firm_id as id from users group by firm_id
       having max(email_confirmed) = 0 and max(created_at) < ?`,
    )
    .all(now - ABANDONED_SIGNUP_MS) as { id: number }[];
  let removed = 0;
  for (const { id } of candidates) {
    const one = sqlite.transaction(() => {
      for (const table of SETTINGS_TABLES) sqlite.prepare(`delete from "${table}" where firm_id = ?`).run(id);
      // Sessions and one-time links go with their user (on delete cascade).
      sqlite.prepare('delete from users where firm_id = ?').run(id);
      sqlite.prepare('delete from firms where id = ?').run(id);
    });
    try {
      one.immediate();
      removed++;
    } catch (error) {
      // A row elsewhere still points at the firm: it is in use, keep it (the transaction rolled back).
      if (!(error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw error;
    }
  }
  return removed;
}
