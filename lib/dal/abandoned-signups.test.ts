import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { DAY_MS } from '@/lib/time/units';
import { makeFirm, makeUser } from '@/test/factories';
import { ABANDONED_SIGNUP_MS, pruneAbandonedSignups } from './abandoned-signups';

const NOW = Date.UTC(2031, 5, 1, 12);

/** A sign-up as createFirmWithOwner leaves it: an unconfirmed owner, a session, a link, the confirmation mail, an audit row. */
function signup(createdAt: number) {
  const firm = makeFirm();
  const owner = makeUser(firm.id, 'owner', { emailConfirmed: false, createdAt });
  const db = getDb();
  db.insert(schema.authSessions)
    .values({ id: `s-${owner.id}`, userId: owner.id, expiresAt: NOW + DAY_MS })
    .run();
  db.insert(schema.oneTimeLinks)
    .values({ userId: owner.id, purpose: 'confirm-email', tokenHash: `h-${owner.id}`, expiresAt: NOW })
    .run();
  db.insert(schema.outbox)
    .values({ firmId: firm.id, kind: 'confirm-email', toAddress: owner.email, subject: 's', body: 'b', messageKey: `k-${owner.id}` })
    .run();
  db.insert(schema.auditLog)
    .values({ firmId: firm.id, actorUserId: owner.id, action: 'firm.created', entityType: 'firm', entityId: firm.id })
    .run();
  db.insert(schema.workingHours).values({ firmId: firm.id, userId: owner.id, weekday: 1, startMinute: 480, endMinute: 1020 }).run();
  return { firm, owner };
}

const firmExists = (id: number) => getDb().select().from(schema.firms).where(eq(schema.firms.id, id)).get() !== undefined;

describe('abandoned sign-ups', () => {
  it('removes a sign-up never confirmed for a week, with everything it made, and frees its address', () => {
    const old = signup(NOW - ABANDONED_SIGNUP_MS - 1);
    const recent = signup(NOW - ABANDONED_SIGNUP_MS + DAY_MS);
    const removed = pruneAbandonedSignups(getDb(), NOW);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(firmExists(old.firm.id)).toBe(false);
    expect(getDb().select().from(schema.users).where(eq(schema.users.email, old.owner.email)).all()).toEqual([]);
    for (const table of [schema.outbox, schema.auditLog, schema.workingHours])
      expect(getDb().select().from(table).where(eq(table.firmId, old.firm.id)).all()).toEqual([]);
    expect(getDb().select().from(schema.authSessions).where(eq(schema.authSessions.userId, old.owner.id)).all()).toEqual([]);
    expect(getDb().select().from(schema.oneTimeLinks).where(eq(schema.oneTimeLinks.userId, old.owner.id)).all()).toEqual([]);
    // Inside the week it stays, link and all.
    expect(firmExists(recent.firm.id)).toBe(true);
    expect(getDb().select().from(schema.oneTimeLinks).where(eq(schema.oneTimeLinks.userId, recent.owner.id)).all()).toHaveLength(1);
  });

  it('keeps a confirmed firm, and an unconfirmed one that holds anything else, exactly as it was', () => {
    const confirmed = signup(NOW - 30 * DAY_MS);
    getDb().update(schema.users).set({ emailConfirmed: true }).where(eq(schema.users.id, confirmed.owner.id)).run();
    const working = signup(NOW - 30 * DAY_MS);
    getDb()
      .insert(schema.clients)
      .values({ firmId: working.firm.id, name: 'First client', seats: 3, tier: 'micro', tierReason: 'seats' })
      .run();
    const ids = [confirmed.firm.id, working.firm.id];
    const snapshot = () =>
      JSON.stringify([
        getDb().select().from(schema.users).where(inArray(schema.users.firmId, ids)).all(),
        getDb().select().from(schema.outbox).where(inArray(schema.outbox.firmId, ids)).all(),
        getDb().select().from(schema.auditLog).where(inArray(schema.auditLog.firmId, ids)).all(),
        getDb().select().from(schema.workingHours).where(inArray(schema.workingHours.firmId, ids)).all(),
      ]);
    const before = snapshot();
    pruneAbandonedSignups(getDb(), NOW);
    expect(firmExists(confirmed.firm.id)).toBe(true);
    expect(firmExists(working.firm.id)).toBe(true);
    expect(snapshot()).toBe(before);
  });
});
