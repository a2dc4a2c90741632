import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { getDb, schema } from '@/db';
import { DEMO_FIRM_NAME, seedDemo } from '@/db/seed';
import { clientSchema } from '@/lib/validations/clients';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { createClient } from './clients';
import { getDashboard } from './dashboard';
import { retier } from './internal/tiering';
import { MAX_CANDIDATES } from '@/lib/dashboard-rules';
import { eq } from 'drizzle-orm';

const HOUR = 3_600_000;

// Wednesday 2026-11-25 12:00 in Chicago.
const NOW = DateTime.fromISO('2026-11-25T12:00', { zone: 'America/Chicago' }).toMillis();
const weeksAgo = (n: number, hour = 10) =>
  DateTime.fromMillis(NOW, { zone: 'America/Chicago' }).startOf('week').minus({ weeks: n }).plus({ days: 1, hours: hour }).toMillis();

describe('dashboard', () => {
  it('buckets hours by week in the firm zone and warns when micro share grows while marketing falls short', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const consultant = makeUser(firm.id, 'consultant');
    const micro = createClient(owner, clientSchema.parse({ name: 'M', seats: '3', growth: 'flat', status: 'active' }), NOW);
    const big = createClient(owner, clientSchema.parse({ name: 'B', seats: '150', growth: 'flat', status: 'active' }), NOW);
    const add = (clientId: number | null, category: schema.TimeCategory, at: number, minutes: number) =>
      getDb()
        .insert(schema.timeEntries)
        .values({ firmId: firm.id, userId: consultant.id, clientId, category, startedAt: at, minutes })
        .run();
    // Weeks 2–5 ago: 1 h micro, 3 h large, 8 h marketing. Last week: 3 h micro, 1 h large, 2 h marketing.
    for (let w = 2; w <= 5; w++) {
      add(micro, 'micro', weeksAgo(w), 60);
      add(big, 'sweet_spot', weeksAgo(w), 180);
      add(null, 'marketing', weeksAgo(w), 480);
    }
    add(micro, 'micro', weeksAgo(1), 180);
    add(big, 'sweet_spot', weeksAgo(1), 60);
    add(null, 'marketing', weeksAgo(1), 120);
    add(null, 'marketing', weeksAgo(0), 30);

    const d = getDashboard(owner, { kind: 'firm' }, NOW);
    // Twelve weeks back and this one, from Monday 00:00 on the firm's clock (the one of Oct 26 is an hour longer), each
    // entry in the week it started.
    expect(d.weeks[0]!.start).toBe(DateTime.fromISO('2026-08-31T00:00', { zone: 'America/Chicago' }).toMillis());
    expect(d.weeks.at(-1)!.start).toBe(DateTime.fromISO('2026-11-23T00:00', { zone: 'America/Chicago' }).toMillis());
    expect(d.weeks.map((w) => w.minutes.marketing)).toEqual([0, 0, 0, 0, 0, 0, 0, 480, 480, 480, 480, 120, 30]);
    expect(d.thisWeek.minutes.marketing).toBe(30);
    expect(d.lastWeek.minutes).toMatchObject({ micro: 180, large: 60, marketing: 120 });
    expect(d.microShareLastWeek).toBe(0.75);
    expect(d.microSharePrior4).toBe(0.25);
    expect(d.microCreepWarning).toBe(true);
    expect(d.perTier.find((t) => t.tier === 'large')?.clients).toBe(1);

    // The consultant's own view counts only their hours: the owner has none.
    expect(getDashboard(owner, { kind: 'user', userId: owner.userId, name: owner.name }, NOW).lastWeek.minutes.micro).toBe(0);
  });

  it('does not warn when marketing met its target', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const micro = createClient(owner, clientSchema.parse({ name: 'M', seats: '3', growth: 'flat', status: 'active' }), NOW);
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId: owner.userId, clientId: micro, category: 'micro', startedAt: weeksAgo(1), minutes: 60 })
      .run();
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId: owner.userId, category: 'marketing', startedAt: weeksAgo(1), minutes: 480 })
      .run();
    expect(getDashboard(owner, { kind: 'firm' }, NOW).microCreepWarning).toBe(false);
  });

  it('lists the sweet-spot candidates nearest the sweet spot and counts the rest', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    // Default sweet spot starts at 10 seats: 8 and 9 seats, growing, are candidates.
    const seats = Array.from({ length: MAX_CANDIDATES + 4 }, (_, i) => (i % 2 ? 9 : 8));
    seats.forEach((n, i) =>
      createClient(
        owner,
        clientSchema.parse({ name: `Cand ${String(i).padStart(2, '0')}`, seats: String(n), growth: 'growing', status: 'active' }),
        NOW,
      ),
    );
    createClient(owner, clientSchema.parse({ name: 'Flat', seats: '9', growth: 'flat', status: 'active' }), NOW);
    const d = getDashboard(owner, { kind: 'firm' }, NOW);
    const listed = d.suggestions.filter((s) => s.kind === 'candidate');
    expect(listed).toHaveLength(MAX_CANDIDATES);
    expect(d.moreCandidates).toBe(4);
    // The 9-seat ones (6 of them) come first, then 8-seat ones by name.
    expect(listed.slice(0, 6).every((s) => s.text.startsWith('has 9 seats'))).toBe(true);
    expect(listed.map((s) => s.name)).not.toContain('Flat');
  });

  it('a threshold changed and put back the same day moves no client; A→B→C the same day shows A→C', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    // Seats and a server alone make the sweet spot here.
    getDb().update(schema.firms).set({ sweetSpotMinRevenueCents: 0 }).where(eq(schema.firms.id, firm.id)).run();
    const ids = Array.from({ length: 12 }, (_, i) =>
      createClient(owner, clientSchema.parse({ name: `Office ${i}`, seats: '12', hasServer: 'on', growth: 'flat', status: 'active' }), NOW),
    );
    const setMinSeats = (n: number, at: number) => {
      getDb().update(schema.firms).set({ sweetSpotMinSeats: n }).where(eq(schema.firms.id, firm.id)).run();
      getDb().transaction((tx) => retier(tx, firm.id, at));
    };
    // Raised past 12 seats at 09:00 and put back at 09:10: twelve clients went to emerging and back.
    setMinSeats(20, NOW - 3 * HOUR);
    setMinSeats(10, NOW - 3 * HOUR + 600_000);
    expect(getDashboard(owner, { kind: 'firm' }, NOW).moved).toEqual([]);

    // Raised again an hour later, and the large floor lowered under 12 seats: sweet spot → emerging → large, one movement.
    setMinSeats(20, NOW - 2 * HOUR);
    getDb().update(schema.firms).set({ largeMinSeats: 11 }).where(eq(schema.firms.id, firm.id)).run();
    getDb().transaction((tx) => retier(tx, firm.id, NOW - HOUR));
    const moved = getDashboard(owner, { kind: 'firm' }, NOW).moved;
    expect(moved).toHaveLength(10);
    expect(new Set(moved.map((m) => `${m.fromTier}>${m.toTier}`))).toEqual(new Set(['sweet_spot>large']));
    expect(moved.every((m) => ids.includes(m.clientId) && m.at === NOW - HOUR)).toBe(true);
  });

  it("the firm's marketing target is the per-person target summed over active owners and consultants", () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner', { name: 'Ann Owner' }));
    const consultant = makeUser(firm.id, 'consultant', { name: 'Cy Consultant' });
    const staff = makeUser(firm.id, 'staff', { name: 'Stu Staff' });
    makeUser(firm.id, 'consultant', { name: 'Gone Consultant', active: false });
    const marketing = (userId: number, minutes: number) =>
      getDb()
        .insert(schema.timeEntries)
        .values({ firmId: firm.id, userId, category: 'marketing', startedAt: weeksAgo(0), minutes })
        .run();
    marketing(owner.userId, 288);
    marketing(consultant.id, 180);
    marketing(staff.id, 60);

    const d = getDashboard(owner, { kind: 'firm' }, NOW);
    // 8 h each for the owner and the active consultant; staff and the deactivated consultant carry none.
    expect(d.marketingTargetMinutes).toBe(2 * 480);
    expect(d.thisWeek.minutes.marketing).toBe(528);
    expect(d.marketingTeam).toEqual({
      perPersonMinutes: 480,
      people: [
        { userId: owner.userId, name: 'Ann Owner', hasTarget: true, targetMinutes: 480, minutesThisWeek: 288 },
        { userId: consultant.id, name: 'Cy Consultant', hasTarget: true, targetMinutes: 480, minutesThisWeek: 180 },
        { userId: staff.id, name: 'Stu Staff', hasTarget: false, targetMinutes: 0, minutesThisWeek: 60 },
      ],
    });
    // One person's view keeps the per-person target and lists nobody.
    const own = getDashboard(owner, { kind: 'user', userId: consultant.id, name: consultant.name }, NOW);
    expect(own.marketingTargetMinutes).toBe(480);
    expect(own.marketingTeam).toBeNull();
    // With an allotment of her own (4 h), Cy's is what she carries, in her view and in the firm's sum.
    getDb().update(schema.users).set({ weeklyMarketingMinutes: 240 }).where(eq(schema.users.id, consultant.id)).run();
    expect(getDashboard(owner, { kind: 'user', userId: consultant.id, name: consultant.name }, NOW).marketingTargetMinutes).toBe(240);
    expect(getDashboard(owner, { kind: 'firm' }, NOW).marketingTargetMinutes).toBe(480 + 240);
  });

  it('the demo seed tiers every client exactly as the firm thresholds say', () => {
    const { firmId } = seedDemo(getDb());
    const firm = getDb()
      .select()
      .from(schema.firms)
      .all()
      .find((f) => f.id === firmId)!;
    expect(firm.name).toBe(DEMO_FIRM_NAME);
    const tiers = getDb().select({ tier: schema.clients.tier }).from(schema.clients).all();
    expect(new Set(tiers.map((t) => t.tier))).toEqual(new Set(['micro', 'emerging', 'sweet_spot', 'large']));
    // Recomputing from the seeded billing changes nothing.
    expect(getDb().transaction((tx) => retier(tx, firmId, Date.now()))).toEqual({ changed: 0 });
  });
});
