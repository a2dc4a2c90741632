import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { marketingAllotmentSchema, visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { getMarketingBudget } from './marketing-budget';
import { createVisitRequest, placeVisit } from './visits';
import { getWeek } from './week';
import { setMarketingAllotment, setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';
const H = 60;
const MONTH_AGO = Date.now() - 30 * 86_400_000;

/**
 * A person's own weekly marketing allotment replaces the firm's target (the
 * default 8 h) for them in the ledger, the booking rule and the time kept for
 * marketing. Ana's is 4 h; Bob has none of his own and owes the firm's 8 h.
 */
function setup(days = [1, 2, 3, 4, 5]) {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', createdAt: MONTH_AGO }));
  const bob = asMember(makeUser(firm.id, 'consultant', { name: 'Bob', createdAt: MONTH_AGO }));
  for (const who of [ana, bob])
    setWorkingHours(
      owner,
      workingHoursSchema.parse({ userId: String(who.userId), ...Object.fromEntries(days.map((d) => [`day${d}`, '09:00-17:00'])) }),
    );
  setMarketingAllotment(
    owner,
    ana.userId,
    marketingAllotmentSchema.parse({ userId: String(ana.userId), allotmentHours: '4' }).allotmentHours,
  );
  return { firm, owner, staff, ana, bob, monday: addDays(mondayOf(today(ZONE)), 7) };
}

describe('a weekly marketing allotment per person', () => {
  it('is what the ledger owes: 4 h for Ana (plus 4 h carried from last week), the firm’s 8 h for Bob', () => {
    const { owner, ana, bob } = setup();
    const rows = getMarketingBudget(owner, { kind: 'firm' }).people;
    // Nobody logged marketing: each owes this week's allotment and last week's, carried over (capped at one allotment).
    expect(rows.find((r) => r.userId === ana.userId)!.thisWeek).toMatchObject({ allotment: 4 * H, carriedIn: 4 * H, owed: 8 * H });
    expect(rows.find((r) => r.userId === bob.userId)!.thisWeek).toMatchObject({ allotment: 8 * H, carriedIn: 8 * H, owed: 16 * H });
  });

  it('is what the schedule keeps free next week: Friday afternoon for Ana’s 4 h, all Friday for Bob’s 8 h', () => {
    const { owner, ana, bob, monday } = setup();
    const friday = addDays(monday, 4);
    const kept = (userId: number) =>
      getWeek(owner, monday, 'team')
        .people.find((p) => p.person.id === userId)!
        .days.flatMap((d) => d.items.filter((i) => i.type === 'reserve'))
        .map((i) => [i.startsAt, i.endsAt]);
    expect(kept(ana.userId)).toEqual([[localToInstant(friday, 13 * H, ZONE), localToInstant(friday, 17 * H, ZONE)]]);
    expect(kept(bob.userId)).toEqual([[localToInstant(friday, 9 * H, ZONE), localToInstant(friday, 17 * H, ZONE)]]);
  });

  it('is what the booking rule weighs: on an 8-h week Ana’s 4 h leave room for a micro visit, Bob’s 8 h do not', () => {
    const { firm, owner, ana, bob, monday } = setup([1]);
    const client = getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name: `Corner Shop ${firm.id}`, seats: 3, tier: 'micro', tierReason: 'small' })
      .returning()
      .get().id;
    const request = () =>
      createVisitRequest(
        owner,
        visitRequestSchema.parse({
          clientId: String(client),
          durationMinutes: '90',
          travelMinutes: '20',
          priority: '3',
          earliestDate: monday,
          latestDate: monday,
        }),
      );
    placeVisit(owner, request(), ana.userId, monday, 10 * H);
    expect(() => placeVisit(owner, request(), bob.userId, monday, 10 * H)).toThrow(/unreachable: 8 h still owed/);
  });

  it('is the owner’s to set; a bad value, staff, a consultant or another firm’s person change nothing', () => {
    const { firm, staff, ana, bob } = setup();
    const parse = (allotmentHours: string) => marketingAllotmentSchema.safeParse({ userId: String(bob.userId), allotmentHours });
    expect(parse('41').error?.issues[0]?.message).toBe('The allotment must be at most 40 hours a week.');
    expect(parse('-1').error?.issues[0]?.message).toMatch(/^Enter the allotment in hours from 0 to 40/);
    expect(parse('lots').success).toBe(false);
    expect(parse('').data?.allotmentHours).toBeNull();
    expect(parse('0').data?.allotmentHours).toBe(0);
    const before = firmRows(firm.id);
    expect(() => setMarketingAllotment(staff, bob.userId, 0)).toThrow(ForbiddenError);
    expect(() => setMarketingAllotment(ana, bob.userId, 0)).toThrow(ForbiddenError);
    const other = asMember(makeUser(makeFirm().id, 'owner'));
    expect(() => setMarketingAllotment(other, bob.userId, 0)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);
    const stored = (id: number) => getDb().select().from(schema.users).where(eq(schema.users.id, id)).get()!.weeklyMarketingMinutes;
    expect(stored(ana.userId)).toBe(4 * H);
    expect(stored(bob.userId)).toBeNull();
  });
});
