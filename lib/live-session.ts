import { and, eq, gt, sql } from 'drizzle-orm';
import type { DB } from '../db';
import * as schema from '../db/schema';

/** Built once per connection: this runs on every request. */
function prepare(db: DB) {
  return db
    .select({
      userId: schema.users.id,
      firmId: schema.users.firmId,
      role: schema.users.role,
      name: schema.users.name,
      email: schema.users.email,
      mustChangePassword: schema.users.mustChangePassword,
      // The firm requires a second factor and this person has none yet: they set it up before anything else (lib/dal/session.ts).
      mustSetUpTwoFactor: sql<boolean>`(${schema.firms.requireTwoFactor} and ${schema.users.totpSecret} is null)`.mapWith(Boolean),
    })
    .from(schema.authSessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.authSessions.userId))
    .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
    .where(
      and(
        eq(schema.authSessions.id, sql.placeholder('sessionId')),
        eq(schema.users.active, true),
        gt(schema.authSessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare();
}
const prepared = new WeakMap<DB, ReturnType<typeof prepare>>();

/**
 * The one rule for whether a session still means anything: its row exists,
 * has not expired, and its user is active. Every request's member lookup
 * (lib/dal/session.ts) goes through it.
 */
export function liveSessionRow(db: DB, sessionId: string, now: number) {
  let query = prepared.get(db);
  if (!query) prepared.set(db, (query = prepare(db)));
  return query.get({ sessionId, now });
}
