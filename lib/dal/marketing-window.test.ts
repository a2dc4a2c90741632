import ICAL from 'ical.js';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { marketingWindowSchema } from '@/lib/validations/marketing-window';
import { visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { autoScheduleInput } from './auto-schedule';
import { feedCalendar, regenerateFeed } from './feeds';
import { getToday } from './field';
import { getMarketingWindow, setMarketingWindow } from './marketing-window';
import { createVisitRequest, placeVisit } from './visits';
import { getWeek } from './week';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';
const H = 60;

/**
 * The flexible marketing window against a real database. Ana works Monday to
 * Friday 09:00–17:00 (or the days given), has no fixed block, and next week
 * owes the firm's default 8 h (a week ahead owes its whole allotment). She
 * wants her marketing "somewhere in Tue–Thu mornings", 08:00–12:00.
 */
function setup(days = [1, 2, 3, 4, 5]) {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const bo = asMember(makeUser(firm.id, 'consultant', { name: 'Bo' }));
  const hours = Object.fromEntries(days.map((d) => [`day${d}`, '09:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const monday = addDays(mondayOf(today(ZONE)), 7);
  return { firm, owner, staff, ana, bo, monday };
}

const tueToThu = (userId: number, start = '08:00', end = '12:00') =>
  marketingWindowSchema.parse({ userId: String(userId), wd2: 'on', wd3: 'on', wd4: 'on', windowStart: start, windowEnd: end });

type Spans = [number, number][];
const gridSpans = (week: ReturnType<typeof getWeek>, userId: number): Spans =>
  week.people
    .find((p) => p.person.id === userId)!
    .days.flatMap((d) => d.items.filter((i) => i.type === 'reserve'))
    .map((i) => [i.startsAt, i.endsAt]);
const planSpans = (owner: Parameters<typeof autoScheduleInput>[0], userId: number, monday: string): Spans =>
  (autoScheduleInput(owner, 2, false).keptForMarketing ?? [])
    .filter((r) => r.userId === userId && r.monday === monday)
    .flatMap((r) => r.spans);
const span = (date: string, from: number, to: number): [number, number] => [
  localToInstant(date, from, ZONE),
  localToInstant(date, to, ZONE),
];

/** A micro client billed at $120 an hour. */
const cornerShop = (firmId: number) =>
  getDb()
    .insert(schema.clients)
    .values({ firmId, name: 'Corner Shop', seats: 3, hasServer: false, tier: 'micro', tierReason: '', hourlyRateCents: 12_000 })
    .returning()
    .get().id;

describe('a person’s flexible marketing window', () => {
  it('keeps the owed time inside it, latest first, alike on the grid, in the scheduler’s input, the feed and Today', () => {
    const { owner, ana, monday } = setup();
    const [tue, wed, thu, fri] = [1, 2, 3, 4].map((d) => addDays(monday, d)) as [string, string, string, string];
    // Without a window: Friday 09:00–17:00, the week's latest free time.
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual([span(fri, 9 * H, 17 * H)]);

    setMarketingWindow(ana, tueToThu(ana.userId));
    expect(getMarketingWindow(owner, ana.userId)).toEqual({ weekdays: [2, 3, 4], startMinute: 8 * H, endMinute: 12 * H });
    // The window meets her working day at 09:00–12:00 on three days: 9 h, of which the latest 8 h are kept —
    // Thursday and Wednesday mornings whole, Tuesday from 10:00. Tuesday 09:00–10:00 and Monday and Friday stay bookable.
    const expected: Spans = [span(tue, 10 * H, 12 * H), span(wed, 9 * H, 12 * H), span(thu, 9 * H, 12 * H)];
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual(expected);
    expect(gridSpans(getWeek(ana, monday, ana.userId), ana.userId)).toEqual(expected);
    expect(planSpans(owner, ana.userId, monday)).toEqual(expected);

    // Her calendar feed carries the same spans as busy, protected events.
    const feed = new ICAL.Component(ICAL.parse(feedCalendar(regenerateFeed(ana, 'me'))!));
    const kept = feed
      .getAllSubcomponents('vevent')
      .filter((e) => String(e.getFirstPropertyValue('uid')).startsWith('kept-for-marketing-'))
      .map((e) => {
        const event = new ICAL.Event(e);
        return [event.startDate.toJSDate().getTime(), event.endDate.toJSDate().getTime(), event.summary, e.getFirstPropertyValue('transp')];
      })
      .filter(([s]) => (s as number) >= expected[0]![0] && (s as number) < localToInstant(addDays(monday, 7), 0, ZONE));
    expect(kept).toEqual(expected.map(([s, e]) => [s, e, 'Kept for marketing', 'OPAQUE']));

    // Today, on that Tuesday at 07:00: the kept morning is on her day's list as protected time.
    const tuesday = getToday(ana, localToInstant(tue, 7 * H, ZONE));
    expect(tuesday.blocks).toEqual([
      { id: -1, name: 'Kept for marketing (owed)', startsAt: expected[0]![0], endsAt: expected[0]![1], skipped: null },
    ]);
  });

  it('stays bookable while the rest of the week holds what is owed: a visit there moves the kept time, the rule decides', () => {
    const { owner, ana, monday } = setup();
    const [tue, wed, thu, fri] = [1, 2, 3, 4].map((d) => addDays(monday, d)) as [string, string, string, string];
    setMarketingWindow(ana, tueToThu(ana.userId));
    const micro = cornerShop(owner.firmId);
    const visit = createVisitRequest(
      owner,
      visitRequestSchema.parse({
        clientId: String(micro),
        durationMinutes: '120',
        travelMinutes: '0',
        priority: '3',
        earliestDate: monday,
        latestDate: fri,
      }),
    );
    // Tuesday 10:00–12:00 is kept, yet the week still has 40 − 2 = 38 h of room for 8 h owed: the booking stands.
    placeVisit(owner, visit, ana.userId, tue, 10 * H);
    // The window now has 7 h free (Tue 09–10, Wed, Thu mornings): all of it is kept, and the last hour comes from
    // the end of the week, Friday 16:00–17:00.
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual([
      span(tue, 9 * H, 10 * H),
      span(wed, 9 * H, 12 * H),
      span(thu, 9 * H, 12 * H),
      span(fri, 16 * H, 17 * H),
    ]);
  });

  it('is refused inside the window too when the rest of the week cannot hold what is owed, and nothing changes', () => {
    // Ana works only on Tuesdays: 8 h of room for 8 h owed, all kept (3 h of it inside her window).
    const { owner, ana, monday } = setup([2]);
    setMarketingWindow(ana, tueToThu(ana.userId));
    const tue = addDays(monday, 1);
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual([span(tue, 9 * H, 17 * H)]);
    const micro = cornerShop(owner.firmId);
    const visit = createVisitRequest(
      owner,
      visitRequestSchema.parse({
        clientId: String(micro),
        durationMinutes: '60',
        travelMinutes: '0',
        priority: '3',
        earliestDate: tue,
        latestDate: tue,
      }),
    );
    const before = firmRows(owner.firmId);
    expect(() => placeVisit(owner, visit, ana.userId, tue, 9 * H)).toThrow(/unreachable/);
    expect(firmRows(owner.firmId)).toBe(before);
  });

  it('is the person’s own and the owner’s to set: staff, colleagues and other firms are refused and nothing changes', () => {
    const { firm, owner, staff, ana, bo } = setup();
    const stranger = asMember(makeUser(makeFirm().id, 'owner'));
    const before = firmRows(firm.id);
    expect(() => setMarketingWindow(staff, tueToThu(ana.userId))).toThrow(ForbiddenError);
    expect(() => setMarketingWindow(bo, tueToThu(ana.userId))).toThrow(ForbiddenError);
    expect(() => setMarketingWindow(stranger, tueToThu(ana.userId))).toThrow(NotFoundError);
    expect(() => getMarketingWindow(stranger, ana.userId)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);

    // The owner sets it, Ana changes it, then clears it: one row at most, each change audited with before and after.
    setMarketingWindow(owner, tueToThu(ana.userId));
    setMarketingWindow(ana, tueToThu(ana.userId, '13:00', '17:00'));
    expect(getMarketingWindow(ana, ana.userId)).toEqual({ weekdays: [2, 3, 4], startMinute: 13 * H, endMinute: 17 * H });
    setMarketingWindow(ana, marketingWindowSchema.parse({ userId: String(ana.userId), windowStart: '', windowEnd: '' }));
    expect(getMarketingWindow(ana, ana.userId)).toBeNull();
    const w = schema.marketingWindows;
    expect(getDb().select().from(w).where(eq(w.firmId, firm.id)).all()).toEqual([]);
    const audit = getDb()
      .select({ actor: schema.auditLog.actorUserId, before: schema.auditLog.before, after: schema.auditLog.after })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.firmId, firm.id), eq(schema.auditLog.action, 'schedule.marketing_window')))
      .all();
    expect(audit).toEqual([
      { actor: owner.userId, before: null, after: { weekdays: [2, 3, 4], startMinute: 480, endMinute: 720 } },
      {
        actor: ana.userId,
        before: { weekdays: [2, 3, 4], startMinute: 480, endMinute: 720 },
        after: { weekdays: [2, 3, 4], startMinute: 780, endMinute: 1020 },
      },
      { actor: ana.userId, before: { weekdays: [2, 3, 4], startMinute: 780, endMinute: 1020 }, after: null },
    ]);
  });

  it('refuses a half-filled or backwards window with a message on the field to fix', () => {
    const errors = (fields: Record<string, string>) => {
      const r = marketingWindowSchema.safeParse({ userId: '1', ...fields });
      return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
    };
    expect(errors({ windowStart: '08:00', windowEnd: '12:00' })).toEqual({
      weekdays: 'Tick at least one day, or clear both times to have no window.',
    });
    expect(errors({ wd2: 'on', windowStart: '12:00', windowEnd: '08:00' })).toEqual({
      windowEnd: 'The end must be after the start (the window stays within one day).',
    });
    expect(errors({ wd2: 'on', windowStart: '8 in the morning', windowEnd: '12:00' })).toEqual({
      windowStart: 'Enter the start as a time of day, like 08:00 or 8:00 AM.',
    });
    expect(errors({ wd2: 'on', windowStart: '08:00' })).toEqual({ windowEnd: 'Enter when the window ends, like 12:00 or 12:00 PM.' });
    expect(errors({ wd2: 'on', windowStart: '8:00 AM', windowEnd: '12:00 PM' })).toBeNull();
  });
});
