import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { localToInstant } from '@/lib/time/zoned';
import { visitRequestSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createVisitSeries, listClientSeries, stopVisitSeries } from './visit-series';
import { EXPAND_AHEAD_DAYS, expandAllSeries } from './visit-series-expand';

const ZONE = 'America/Chicago';
// Monday 2031-06-30, 09:00 in Chicago: "today" for these tests.
const NOW = localToInstant('2031-06-30', 9 * 60, ZONE);
const DAY = 86_400_000;

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `Elm Street ${firm.id}`, seats: 4, tier: 'micro', tierReason: 'small', defaultTravelMinutes: 20 })
    .returning()
    .get();
  return { firm, owner, client };
}

const form = (clientId: number, from: string, to: string, extra: Record<string, string> = {}) =>
  visitRequestSchema.parse({
    clientId: String(clientId),
    durationMinutes: '60',
    priority: '3',
    earliestDate: from,
    latestDate: to,
    notes: 'Monthly patching',
    ...extra,
  });

const requestsOf = (seriesId: number) =>
  getDb()
    .select({
      date: schema.visits.occurrenceDate,
      from: schema.visits.earliestDate,
      to: schema.visits.latestDate,
      status: schema.visits.status,
    })
    .from(schema.visits)
    .where(eq(schema.visits.seriesId, seriesId))
    .orderBy(schema.visits.occurrenceDate)
    .all();

describe('recurring visits', () => {
  it('“monthly patching, first Tuesday”: the rule from the first window, and its requests for the weeks ahead with the same window', () => {
    const { owner, client } = setup();
    // Tue Jul 1 2031 is the month's first Tuesday; the window is Tue–Wed (2 days).
    const id = createVisitSeries(owner, form(client.id, '2031-07-01', '2031-07-02', { repeat: 'monthly' }), NOW);
    const series = getDb().select().from(schema.visitSeries).where(eq(schema.visitSeries.id, id)).get()!;
    expect(series.rrule).toBe('FREQ=MONTHLY;BYDAY=+1TU');
    expect(series.windowDays).toBe(2);
    expect(series.travelMinutes).toBe(20); // the client's usual, as a one-off request gets
    expect(listClientSeries(owner, client.id)).toMatchObject([{ id, text: 'Every month on the 1st Tuesday', ended: false }]);
    // 42 days ahead of Jun 30 reaches Aug 11: Jul 1 and Aug 5 (the first Tuesdays), each Tue–Wed.
    expect(requestsOf(id)).toEqual([
      { date: '2031-07-01', from: '2031-07-01', to: '2031-07-02', status: 'open' },
      { date: '2031-08-05', from: '2031-08-05', to: '2031-08-06', status: 'open' },
    ]);
  });

  it('the timer makes each later occurrence once, never again one that was cancelled, and none after its end date', () => {
    const { owner, client } = setup();
    const id = createVisitSeries(owner, form(client.id, '2031-07-03', '2031-07-03', { repeat: 'weekly', repeatUntil: '2031-08-28' }), NOW);
    const first = requestsOf(id).map((r) => r.date);
    expect(first[0]).toBe('2031-07-03');
    expect(first.at(-1)! <= '2031-08-11').toBe(true);
    expandAllSeries(getDb(), NOW);
    expect(requestsOf(id).map((r) => r.date)).toEqual(first);
    // Cancel the first; three weeks on, the timer adds the new weeks and not the cancelled one.
    getDb().update(schema.visits).set({ status: 'cancelled' }).where(eq(schema.visits.occurrenceDate, '2031-07-03')).run();
    expandAllSeries(getDb(), NOW + 21 * DAY);
    const later = requestsOf(id);
    expect(later.filter((r) => r.date === '2031-07-03')).toEqual([
      { date: '2031-07-03', from: '2031-07-03', to: '2031-07-03', status: 'cancelled' },
    ]);
    expect(later.map((r) => r.date).at(-1)).toBe('2031-08-28'); // the rule's last Thursday, within 42 days of Jul 21
    expandAllSeries(getDb(), NOW + 60 * DAY);
    expect(
      requestsOf(id)
        .map((r) => r.date)
        .at(-1),
    ).toBe('2031-08-28');
    expect(EXPAND_AHEAD_DAYS).toBe(42);
  });

  it('the timer makes no requests for an archived client’s series (as the form refuses one), and carries on when restored', () => {
    const { owner, client } = setup();
    const id = createVisitSeries(owner, form(client.id, '2031-07-01', '2031-07-01', { repeat: 'weekly' }), NOW);
    const made = requestsOf(id).length;
    getDb().update(schema.clients).set({ status: 'archived' }).where(eq(schema.clients.id, client.id)).run();
    expandAllSeries(getDb(), NOW + 14 * DAY);
    expect(requestsOf(id)).toHaveLength(made);
    getDb().update(schema.clients).set({ status: 'prospect' }).where(eq(schema.clients.id, client.id)).run();
    expandAllSeries(getDb(), NOW + 14 * DAY);
    expect(requestsOf(id).length).toBeGreaterThan(made);
  });

  it('stopping cancels its open requests not yet booked and keeps a booked one; the timer makes no more', () => {
    const { owner, client } = setup();
    const id = createVisitSeries(owner, form(client.id, '2031-07-02', '2031-07-04', { repeat: 'weekly' }), NOW);
    const [booked] = getDb().select().from(schema.visits).where(eq(schema.visits.seriesId, id)).orderBy(schema.visits.id).all();
    const at = localToInstant('2031-07-02', 10 * 60, ZONE);
    getDb()
      .update(schema.visits)
      .set({ status: 'scheduled', userId: owner.userId, startsAt: at, endsAt: at + 3_600_000 })
      .where(eq(schema.visits.id, booked!.id))
      .run();
    const open = requestsOf(id).filter((r) => r.status === 'open').length;
    expect(stopVisitSeries(owner, id, NOW)).toBe(open);
    expect(requestsOf(id).map((r) => r.status)).toEqual(['scheduled', ...Array(open).fill('cancelled')]);
    const count = requestsOf(id).length;
    expandAllSeries(getDb(), NOW + 30 * DAY);
    expect(requestsOf(id)).toHaveLength(count);
    expect(() => stopVisitSeries(owner, id, NOW)).toThrow(/already been stopped/);
    expect(getDb().select().from(schema.auditLog).where(eq(schema.auditLog.action, 'visit.series_stopped')).all().length).toBeGreaterThan(
      0,
    );
  });

  it('refuses another firm’s series, a consultant, and an archived client, changing nothing', () => {
    const a = setup();
    const b = setup();
    const id = createVisitSeries(a.owner, form(a.client.id, '2031-07-01', '2031-07-01', { repeat: 'monthly' }), NOW);
    const before = firmRows(a.firm.id, b.firm.id);
    expect(() => stopVisitSeries(b.owner, id, NOW)).toThrow(UserFacingError);
    const consultant = asMember(makeUser(a.firm.id, 'consultant'));
    const afterConsultant = firmRows(a.firm.id, b.firm.id);
    expect(() => stopVisitSeries(consultant, id, NOW)).toThrow();
    expect(() => createVisitSeries(consultant, form(a.client.id, '2031-07-01', '2031-07-01', { repeat: 'weekly' }), NOW)).toThrow();
    expect(firmRows(a.firm.id, b.firm.id)).toBe(afterConsultant);
    expect(afterConsultant).not.toBe(before); // the consultant row itself
    getDb().update(schema.clients).set({ status: 'archived' }).where(eq(schema.clients.id, b.client.id)).run();
    const beforeArchived = firmRows(b.firm.id);
    expect(() => createVisitSeries(b.owner, form(b.client.id, '2031-07-01', '2031-07-01', { repeat: 'weekly' }), NOW)).toThrow(/archived/);
    expect(firmRows(b.firm.id)).toBe(beforeArchived);
  });

  it('the form refuses a window longer than the repeat (two would be open at once) and an end before the start, next to the field', () => {
    const weekly = visitRequestSchema.safeParse({
      clientId: '1',
      durationMinutes: '60',
      priority: '3',
      earliestDate: '2031-07-01',
      latestDate: '2031-07-08',
      repeat: 'weekly',
    });
    expect(weekly.success).toBe(false);
    expect(weekly.error!.issues).toMatchObject([
      { path: ['latestDate'], message: expect.stringMatching(/every week needs a window of at most 7 days/) },
    ]);
    const until = visitRequestSchema.safeParse({
      clientId: '1',
      durationMinutes: '60',
      priority: '3',
      earliestDate: '2031-07-01',
      latestDate: '2031-07-01',
      repeat: 'monthly',
      repeatUntil: '2031-06-01',
    });
    expect(until.error!.issues).toMatchObject([{ path: ['repeatUntil'] }]);
    expect(
      visitRequestSchema.safeParse({
        clientId: '1',
        durationMinutes: '60',
        priority: '3',
        earliestDate: '2031-07-01',
        latestDate: '2031-07-28',
        repeat: 'monthly',
      }).success,
    ).toBe(true);
  });
});
