import { and, eq, gte } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { setOptOut } from '@/lib/mail/recipients';
import { localToInstant } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { enqueueMarketingAlerts } from './internal/marketing-alerts';

const ZONE = 'America/Chicago';
const H = 60;
const at = (date: string, hh: number) => localToInstant(date, hh * H, ZONE);
/** Wednesday 9 Dec 2026, 12:00 in Chicago; the week runs Monday 7 to Sunday 13 Dec. */
const now = at('2026-12-09', 12);

/**
 * Ana works Monday to Friday, 9 to 5 (40 h of free time this week) and owes the firm's default 8 h of
 * marketing, none of it logged. Olive owns the firm (no working hours, so no week of her own to fill);
 * Sam is office staff, who hears nothing of it.
 */
function setup({ confirmed = true } = {}) {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner', { name: 'Olive', emailConfirmed: confirmed, createdAt: at('2026-10-01', 9) }));
  makeUser(firm.id, 'staff', { name: 'Sam' });
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', createdAt: at('2026-12-06', 9) }));
  for (let weekday = 1; weekday <= 5; weekday++)
    getDb()
      .insert(schema.workingHours)
      .values({ firmId: firm.id, userId: ana.userId, weekday, startMinute: 9 * H, endMinute: 17 * H })
      .run();
  const book = (date: string, from: number, to: number) =>
    getDb()
      .insert(schema.appointments)
      .values({ firmId: firm.id, userId: ana.userId, title: 'Server move', startsAt: at(date, from), endsAt: at(date, to) })
      .run();
  const mails = () =>
    getDb()
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.firmId, firm.id))
      .all()
      .filter((m) => m.kind === 'marketing-alert');
  return { firm, owner, ana, book, mails };
}

describe('marketing alerts by mail', () => {
  it('tell the person and each owner once at 80 % and once at 95 % of the week booked while marketing is owed', () => {
    const { owner, ana, book, mails } = setup();
    const anaEmail = getDb().select().from(schema.users).where(eq(schema.users.id, ana.userId)).get()!.email;
    const ownerEmail = getDb().select().from(schema.users).where(eq(schema.users.id, owner.userId)).get()!.email;
    // 31 h of 40 booked (77.5 %): nothing yet.
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09']) book(d, 9, 17);
    book('2026-12-10', 9, 16);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(0);
    expect(mails()).toHaveLength(0);
    // 32 h is 80 %: Ana and Olive each get one, Sam none.
    book('2026-12-10', 16, 17);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(2);
    expect(
      mails()
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual([anaEmail, ownerEmail].sort());
    const toAna = mails().find((m) => m.toAddress === anaEmail)!;
    expect(toAna.subject).toContain('80 % of your week is booked — 8 h of marketing still owed');
    expect(toAna.body).toContain('week of Dec 7');
    expect(mails().find((m) => m.toAddress === ownerEmail)!.subject).toContain('80 % of Ana’s week');
    // The timer runs again: nothing new.
    expect(enqueueMarketingAlerts(getDb(), now + 5 * 60_000)).toBe(0);
    // 38 h is 95 %: one more each.
    book('2026-12-11', 9, 15);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(2);
    expect(mails().filter((m) => m.subject.startsWith('95 %'))).toHaveLength(2);
  });

  it('never send 80 % after 95 % in the same week, when a cancellation brings the week back under 95 %', () => {
    const { firm, ana, book, mails } = setup();
    // Straight to 95 %: 38 h of 40 booked at once.
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) book(d, 9, 17);
    book('2026-12-11', 9, 15);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(2);
    // Friday's appointment is cancelled: 32 h, 80 %. Nobody is told "80 %" now.
    getDb()
      .delete(schema.appointments)
      .where(
        and(
          eq(schema.appointments.firmId, firm.id),
          eq(schema.appointments.userId, ana.userId),
          gte(schema.appointments.startsAt, at('2026-12-11', 0)),
        ),
      )
      .run();
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(0);
    expect(mails().map((m) => m.subject.slice(0, 4))).toEqual(['95 %', '95 %']);
  });

  it('say nothing once marketing is paid, to an address that opted out, or before the firm may send', () => {
    const paid = setup();
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) paid.book(d, 9, 17);
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: paid.firm.id, userId: paid.ana.userId, category: 'marketing', startedAt: at('2026-12-07', 8), minutes: 8 * H })
      .run();
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(0);
    expect(paid.mails()).toHaveLength(0);

    const quiet = setup();
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) quiet.book(d, 9, 17);
    const ownerEmail = getDb().select().from(schema.users).where(eq(schema.users.id, quiet.owner.userId)).get()!.email;
    setOptOut(getDb(), quiet.firm.id, ownerEmail, true, now);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(1);
    expect(quiet.mails().map((m) => m.toAddress)).not.toContain(ownerEmail);

    const unconfirmed = setup({ confirmed: false });
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) unconfirmed.book(d, 9, 17);
    expect(enqueueMarketingAlerts(getDb(), now)).toBe(0);
    expect(unconfirmed.mails()).toHaveLength(0);
  });
});
