import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { localToInstant } from '@/lib/time/zoned';
import { workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { seedDemo } from '@/db/seed';
import { getMarketingBudget } from './marketing-budget';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';
const H = 60;
const at = (date: string, hh: number) => localToInstant(date, hh * H, ZONE);

/**
 * The dashboard's marketing budget under a frozen clock: Wednesday 9 Dec 2026,
 * 12:00 in Chicago. Ana joined on Sunday 22 Nov: the week of 23 Nov is her first to owe marketing; the firm's
 * target is the default 8 h.
 */
function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner', { createdAt: at('2026-10-01', 9) }));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', createdAt: at('2026-11-22', 9) }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '09:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const micro = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: 'Corner Shop', seats: 3, hasServer: false, tier: 'micro', tierReason: '' })
    .returning()
    .get().id;
  const entry = (category: 'micro' | 'marketing', startedAt: number, minutes: number) =>
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId: ana.userId, clientId: category === 'micro' ? micro : null, category, startedAt, minutes })
      .run();
  return { firm, owner, ana, entry };
}
const now = at('2026-12-09', 12);

describe('getMarketingBudget', () => {
  it('shows owed with carry-over and the micro hours that displaced marketing, week by week', () => {
    const { ana, entry } = setup();
    // Week of Nov 23: marketing paid in full (8 h), 10 h of micro → none displaced, nothing carried.
    entry('marketing', at('2026-11-24', 9), 8 * H);
    entry('micro', at('2026-11-25', 9), 10 * H);
    // Week of Nov 30: 3 h of marketing of 8 owed (5 h short) and 6 h of micro work → 5 h of micro displaced marketing.
    entry('marketing', at('2026-12-01', 9), 3 * H);
    entry('micro', at('2026-12-02', 9), 6 * H);
    // This week: 2 h logged so far; owes 8 + 5 carried = 13 h, 11 h to do.
    entry('marketing', at('2026-12-07', 9), 2 * H);
    const view = getMarketingBudget(ana, { kind: 'user', userId: ana.userId, name: 'Ana' }, now);
    expect(view.people).toHaveLength(1);
    expect(view.people[0]!.thisWeek).toEqual({ allotment: 8 * H, carriedIn: 5 * H, owed: 13 * H, spent: 2 * H, remaining: 11 * H });
    const trend = view.people[0]!.trend;
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)!.minutes).toBe(5 * H);
    expect(trend.at(-2)!.minutes).toBe(0);
  });

  it('alerts at 80 % and 95 % of the week’s free time booked while marketing is owed', () => {
    const { owner, ana } = setup();
    const book = (date: string, from: number, to: number) =>
      getDb()
        .insert(schema.appointments)
        .values({ firmId: ana.firmId, userId: ana.userId, title: 'Vista server', startsAt: at(date, from), endsAt: at(date, to) })
        .run();
    const firm = { kind: 'firm' } as const;
    // 40 h of working time; 31 h booked (77.5 %): no alert.
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09']) book(d, 9, 17);
    book('2026-12-10', 9, 16);
    expect(getMarketingBudget(owner, firm, now).people.find((p) => p.userId === ana.userId)!.alert).toBeNull();
    // One more hour: 32 h is 80 %.
    book('2026-12-10', 16, 17);
    expect(getMarketingBudget(owner, firm, now).people.find((p) => p.userId === ana.userId)!.alert).toBe(80);
    // 38 h is 95 %.
    book('2026-12-11', 9, 15);
    expect(getMarketingBudget(owner, firm, now).people.find((p) => p.userId === ana.userId)!).toMatchObject({
      alert: 95,
      bookedShare: 0.95,
    });
  });
});

describe('the demo firm’s marketing budget', () => {
  it('is live from its first morning: its people joined with its history, so each owes the firm target plus what past weeks left unpaid', () => {
    const seededAt = at('2026-12-02', 10);
    const { firmId } = seedDemo(getDb(), seededAt);
    const owner = getDb()
      .select()
      .from(schema.users)
      .all()
      .find((u) => u.firmId === firmId && u.role === 'owner')!;
    const budget = getMarketingBudget(asMember(owner), { kind: 'firm' }, seededAt);
    expect(budget.people.length).toBe(3);
    for (const p of budget.people) expect(p.thisWeek.allotment, p.name).toBe(8 * H);
    // The seeded history logs less marketing than the target, so last week left some unpaid...
    expect(budget.people.some((p) => p.thisWeek.carriedIn > 0)).toBe(true);
    // ...and micro work took some of the hours marketing was owed.
    expect(budget.firmTrend.some((w) => w.minutes > 0)).toBe(true);
  });
});
