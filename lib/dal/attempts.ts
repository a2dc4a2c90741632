/**
 * Keeps the two throttle tables small, and drops spent one-time links and
 * long-delivered mail. Both throttle tables are written for callers nobody has
 * signed in (the public request page, the sign-in form), so neither may grow
 * with the traffic: a row older than its throttle's window is never read
 * again, and a flood inside the window is cut to the newest MAX_ATTEMPT_ROWS
 * of each table. Called on a timer by the server, never on the request path.
 *
 * Plain module (no `server-only`, no Next.js): the custom server runs outside
 * Next's bundle. It takes the connection it is given, which must be writable.
 */
import { and, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DB } from '../../db';
import * as schema from '../../db/schema';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';

/** The request page's throttle window (lib/dal/internal/request-throttle.ts counts attempts inside it). */
export const THROTTLE_WINDOW_MS = 10 * MINUTE_MS;
/**
 * How long sign-in attempts are kept: the sign-in throttle (lib/dal/accounts.ts
 * LOGIN_WINDOW_MS) counts failures inside its window and a success only to end
 * a run of failures, so an older row changes no answer. A test holds the two together.
 */
export const LOGIN_ATTEMPTS_KEEP_MS = 15 * MINUTE_MS;
/** At most this many rows a table (a few MB): beyond it the oldest go, even inside the window. */
export const MAX_ATTEMPT_ROWS = 50_000;

/** A one-time link used or expired this long ago is gone: it never works again, and its page answers the same without it. */
export const SPENT_LINK_KEEP_MS = DAY_MS;
/** Delivered mail is listed in Settings → Email for this long; failed and waiting mail stays until it is sent. */
export const SENT_MAIL_KEEP_MS = 30 * DAY_MS;

export type PruneCounts = { requestAttempts: number; loginAttempts: number; spentLinks: number; sentMail: number };

export function pruneAttempts(db: DB, now: number, { maxRows = MAX_ATTEMPT_ROWS }: { maxRows?: number } = {}): PruneCounts {
  return db.transaction(
    (tx) => {
      const prune = (table: typeof schema.requestAttempts | typeof schema.loginAttempts, keepMs: number) => {
        const expired = tx
          .delete(table)
          .where(lt(table.at, now - keepMs))
          .run().changes;
        // Ids rise with every insert, so "oldest" is the lowest ids: an index walk, no sort.
        const overCap = tx.run(
          sql`delete from ${table} where ${table.id} <= (select ${table.id} from ${table} order by ${table.id} desc limit 1 offset ${maxRows})`,
        ).changes;
        return expired + overCap;
      };
      const links = schema.oneTimeLinks;
      const mail = schema.outbox;
      return {
        requestAttempts: prune(schema.requestAttempts, THROTTLE_WINDOW_MS),
        loginAttempts: prune(schema.loginAttempts, LOGIN_ATTEMPTS_KEEP_MS),
        spentLinks: tx
          .delete(links)
          .where(
            or(lt(links.expiresAt, now - SPENT_LINK_KEEP_MS), and(isNotNull(links.usedAt), lt(links.usedAt, now - SPENT_LINK_KEEP_MS))),
          )
          .run().changes,
        sentMail: tx
          .delete(mail)
          .where(and(eq(mail.status, 'sent'), lt(mail.sentAt, now - SENT_MAIL_KEEP_MS)))
          .run().changes,
      };
    },
    { behavior: 'immediate' },
  );
}
