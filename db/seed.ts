import { eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import { DateTime } from 'luxon';
import { newLink } from '../lib/link-tokens';
import { amountForMinutes, isBilledCategory } from '../lib/money';
import { classifyClient } from '../lib/tiers';
import { DEMO_CLIENTS, demoHistory } from './demo-history';
import { DEMO_APPOINTMENTS, seedDemoSchedule } from './demo-schedule';
import { seedDemoInvoices } from './demo-invoices';
import type { DB, Tx } from './index';
import * as schema from './schema';
import { DAY_MS } from '../lib/time/units';

export const DEMO_FIRM_NAME = 'Northside Computer Consulting';

/** Known demo logins, printed by `npm run demo`. Demo data only: never reuse these passwords. */
export const DEMO_USERS = [
  { name: 'Dana Whitfield', email: 'owner@northside.example', role: 'owner', password: 'northside-owner' },
  { name: 'Marcus Lee', email: 'marcus@northside.example', role: 'consultant', password: 'northside-marcus' },
  { name: 'Priya Nair', email: 'priya@northside.example', role: 'consultant', password: 'northside-priya' },
  { name: 'Jo Alvarez', email: 'jo@northside.example', role: 'staff', password: 'northside-office' },
] as const satisfies readonly { name: string; email: string; role: schema.Role; password: string }[];

export function isEmpty(db: DB): boolean {
  return db.select({ id: schema.firms.id }).from(schema.firms).limit(1).all().length === 0;
}

export function firmNames(db: DB): string[] {
  return db
    .select({ name: schema.firms.name })
    .from(schema.firms)
    .all()
    .map((f) => f.name);
}

/** Seeds the demo firm in one transaction: either all of it lands or none. */
export function seedDemo(db: DB, now = Date.now()): { firmId: number } {
  // BCRYPT_COST lowers the work for unit tests only (as in lib/password.ts), which seed the demo many times.
  const hashes = DEMO_USERS.map((u) => bcrypt.hashSync(u.password, Number(process.env.BCRYPT_COST) || 10));
  return db.transaction(
    (tx) => {
      // The demo firm's client request page is on, so its link can be printed and tried at once (made with AUTH_SECRET, which must be set).
      const link = newLink('request-page');
      // The firm and its people go back as far as the history seeded below (a year and a month): the marketing
      // budget owes nothing for weeks before someone joined, so people who joined today would owe nothing at all.
      const joinedAt = DateTime.fromMillis(now, { zone: 'America/Chicago' }).minus({ months: 13 }).toMillis();
      const firm = tx
        .insert(schema.firms)
        .values({
          name: DEMO_FIRM_NAME,
          timeZone: 'America/Chicago',
          requestPageTokenHash: link.hash,
          requestPageNonce: link.nonce,
          createdAt: joinedAt,
        })
        .returning()
        .get();
      const ids = DEMO_USERS.map((u, i) =>
        tx
          .insert(schema.users)
          .values({ firmId: firm.id, name: u.name, email: u.email, role: u.role, passwordHash: hashes[i]!, createdAt: joinedAt })
          .returning({ id: schema.users.id })
          .get(),
      );
      const ownerId = ids[0]!.id;
      tx.insert(schema.auditLog)
        .values({
          firmId: firm.id,
          actorUserId: ownerId,
          action: 'firm.created',
          entityType: 'firm',
          entityId: firm.id,
          after: { name: firm.name, timeZone: firm.timeZone },
        })
        .run();
      seedClientsAndHistory(
        tx,
        firm,
        ids.map((r) => r.id),
        now,
      );
      seedDemoSchedule(
        tx,
        firm,
        ids.map((r) => r.id),
        now,
      );
      // Last, once every time entry is in: the year of invoices bills them.
      seedDemoInvoices(
        tx,
        firm.id,
        ids.map((r) => r.id),
        now,
      );
      DEMO_USERS.slice(1).forEach((u, i) =>
        tx
          .insert(schema.auditLog)
          .values({
            firmId: firm.id,
            actorUserId: ownerId,
            action: 'team.member_added',
            entityType: 'user',
            entityId: ids[i + 1]!.id,
            after: { name: u.name, email: u.email, role: u.role },
          })
          .run(),
      );
      return { firmId: firm.id };
    },
    { behavior: 'immediate' },
  );
}

export function demoFirmExists(db: DB): boolean {
  return Boolean(db.select({ id: schema.firms.id }).from(schema.firms).where(eq(schema.firms.name, DEMO_FIRM_NAME)).get());
}

function seedClientsAndHistory(tx: Tx, firm: typeof schema.firms.$inferSelect, userIds: number[], now: number) {
  const yearAgo = DateTime.fromMillis(now, { zone: firm.timeZone }).minus({ months: 12 }).toMillis();
  const clientIds = DEMO_CLIENTS.map((c) => {
    const { serverAddedDaysAgo, ...facts } = c;
    return tx
      .insert(schema.clients)
      .values({
        ...facts,
        firmId: firm.id,
        email: c.contactName
          ? `${c.contactName.split(' ').at(-1)!.toLowerCase()}@${c.name.toLowerCase().replace(/[^a-z]+/g, '')}.example`
          : '',
        tier: 'micro',
        tierReason: '',
        serverAddedAt: serverAddedDaysAgo ? now - serverAddedDaysAgo * DAY_MS : null,
        createdAt: yearAgo - 30 * DAY_MS,
        updatedAt: now,
      })
      .returning({ id: schema.clients.id })
      .get().id;
  });

  const revenue = new Map<number, number>();
  // The logged work keeps clear of the standing appointments the schedule seeds this week.
  const { entries, charges } = demoHistory(now, firm.timeZone, DEMO_APPOINTMENTS);
  const increment = firm.billingIncrementMinutes;
  for (const e of entries) {
    const client = e.clientIndex === null ? null : DEMO_CLIENTS[e.clientIndex]!;
    // Contract clients' work is covered by the monthly charge; everyone else pays by the hour, rounded up.
    const billable = client && client.monthlyRecurringCents < 40_000 && isBilledCategory(e.category);
    const rate = client?.hourlyRateCents ?? firm.targetHourlyRateCents;
    const amountCents = billable ? amountForMinutes(Math.ceil(e.minutes / increment) * increment, rate) : 0;
    const clientId = e.clientIndex === null ? null : clientIds[e.clientIndex]!;
    tx.insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: userIds[e.userIndex]!,
        clientId,
        category: e.category,
        startedAt: e.startedAt,
        minutes: e.minutes,
        travelMinutes: e.travelMinutes,
        amountCents,
        description: e.description,
      })
      .run();
    if (clientId !== null && e.startedAt >= yearAgo) revenue.set(clientId, (revenue.get(clientId) ?? 0) + amountCents);
  }
  for (const ch of charges) {
    const clientId = clientIds[ch.clientIndex]!;
    tx.insert(schema.charges)
      .values({ firmId: firm.id, clientId, billedAt: ch.billedAt, amountCents: ch.amountCents, description: ch.description })
      .run();
    if (ch.billedAt >= yearAgo) revenue.set(clientId, (revenue.get(clientId) ?? 0) + ch.amountCents);
  }

  DEMO_CLIENTS.forEach((c, i) => {
    const id = clientIds[i]!;
    const result = classifyClient({ seats: c.seats, hasServer: c.hasServer, revenue12mCents: revenue.get(id) ?? 0 }, firm);
    tx.update(schema.clients).set({ tier: result.tier, tierReason: result.reason }).where(eq(schema.clients.id, id)).run();
    if (c.serverAddedDaysAgo) {
      // The story of a client that just outgrew micro: dated when the server arrived.
      const before = classifyClient({ seats: c.seats, hasServer: false, revenue12mCents: 0 }, firm);
      tx.insert(schema.tierChanges)
        .values({ firmId: firm.id, clientId: id, fromTier: null, toTier: before.tier, reason: before.reason, at: yearAgo - 30 * DAY_MS })
        .run();
      tx.insert(schema.tierChanges)
        .values({
          firmId: firm.id,
          clientId: id,
          fromTier: before.tier,
          toTier: result.tier,
          reason: result.reason,
          at: now - c.serverAddedDaysAgo * DAY_MS,
        })
        .run();
    } else {
      tx.insert(schema.tierChanges)
        .values({ firmId: firm.id, clientId: id, fromTier: null, toTier: result.tier, reason: result.reason, at: yearAgo - 30 * DAY_MS })
        .run();
    }
  });
  tx.update(schema.firms).set({ tiersComputedAt: now }).where(eq(schema.firms.id, firm.id)).run();
}
