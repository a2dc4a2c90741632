import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { acceptProposals, previewAutoSchedule } from './auto-schedule';
import { createVisitRequest, placeVisit } from './visits';
import { getWeek } from './week';
import { getToday } from './field';
import { daysWithRoom } from './requests';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';

/** Priya works Monday 08:00–12:00; her own calendar says she is busy Monday 08:00–11:00. */
function setup() {
  const firm = makeFirm();
  // No marketing owed: the budget would rightly keep Priya's one free hour for it, and this is about her other calendar.
  getDb().update(schema.firms).set({ weeklyMarketingTargetMinutes: 0 }).where(eq(schema.firms.id, firm.id)).run();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const priya = asMember(makeUser(firm.id, 'consultant', { name: 'Priya' }));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(priya.userId), day1: '08:00-12:00' }));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `Micro ${firm.id}`, seats: 3, tier: 'micro', tierReason: 'small', defaultTravelMinutes: 0 })
    .returning()
    .get();
  const monday = addDays(mondayOf(today(ZONE)), 7);
  const calendar = getDb()
    .insert(schema.externalCalendars)
    .values({ firmId: firm.id, userId: priya.userId, url: 'https://calendar.example/private.ics', status: 'ok' })
    .returning()
    .get();
  getDb()
    .insert(schema.externalBusy)
    .values({
      firmId: firm.id,
      calendarId: calendar.id,
      userId: priya.userId,
      startsAt: localToInstant(monday, 8 * 60, ZONE),
      endsAt: localToInstant(monday, 11 * 60, ZONE),
      title: 'Dentist',
    })
    .run();
  const visitId = createVisitRequest(
    owner,
    visitRequestSchema.parse({
      clientId: String(client.id),
      durationMinutes: '60',
      priority: '3',
      earliestDate: monday,
      latestDate: monday,
    }),
  );
  return { firm, owner, priya, monday, visitId };
}

describe('busy time from a person’s own calendar', () => {
  it('the auto-scheduler places the visit after it', async () => {
    const { owner, monday, visitId } = setup();
    const preview = await previewAutoSchedule(owner, 2, false);
    expect(preview.proposals.filter((p) => p.visitId === visitId).map((p) => p.startsAt)).toEqual([localToInstant(monday, 11 * 60, ZONE)]);
  });

  it('a manual booking over it is refused with the reason, and nothing changes', () => {
    const { firm, owner, priya, monday, visitId } = setup();
    const before = firmRows(firm.id);
    expect(() => placeVisit(owner, visitId, priya.userId, monday, 9 * 60)).toThrow(
      /^Priya is busy then \(their own calendar: \w{3} \w{3} \d+, 08:00–11:00\)\.$/,
    );
    expect(firmRows(firm.id)).toBe(before);
    // The accept step asks the same rules: a proposal over it is refused too.
    const result = acceptProposals(owner, [{ visitId, userId: priya.userId, startsAt: localToInstant(monday, 10 * 60, ZONE), was: null }]);
    expect(result.accepted).toBe(0);
    expect(
      getDb()
        .select()
        .from(schema.visits)
        .all()
        .find((v) => v.id === visitId),
    ).toMatchObject({ status: 'open', startsAt: null });
    placeVisit(owner, visitId, priya.userId, monday, 11 * 60);
  });

  it('shows on the schedule as busy, titled for its owner only', () => {
    const { owner, priya, monday } = setup();
    const busyOf = (viewer: typeof owner) =>
      getWeek(viewer, monday, priya.userId)
        .people[0]!.days[0]!.items.filter((i) => i.type === 'busy')
        .map((i) => [i.title, i.detail, i.startMinute, i.endMinute]);
    expect(busyOf(priya)).toEqual([['Dentist', 'from your own calendar', 480, 660]]);
    expect(busyOf(owner)).toEqual([['Busy', 'from their own calendar', 480, 660]]);
    expect(JSON.stringify(getWeek(owner, monday, 'team'))).not.toContain('Dentist');
  });

  it('the request page stops offering a day it fills', () => {
    const { firm, priya, monday } = setup();
    const page = { firmId: firm.id, zone: ZONE } as Parameters<typeof daysWithRoom>[0];
    // 11:00–12:00 is still free: Monday is offered.
    expect(daysWithRoom(page)).toContain(monday);
    const calendarId = getDb()
      .select()
      .from(schema.externalCalendars)
      .all()
      .find((c) => c.userId === priya.userId)!.id;
    getDb()
      .insert(schema.externalBusy)
      .values({
        firmId: firm.id,
        calendarId,
        userId: priya.userId,
        startsAt: localToInstant(monday, 11 * 60, ZONE),
        endsAt: localToInstant(monday, 12 * 60, ZONE),
      })
      .run();
    expect(daysWithRoom(page)).not.toContain(monday);
  });

  it('shows on the person’s Today, with its title', () => {
    const { priya, monday } = setup();
    const at = localToInstant(monday, 7 * 60, ZONE);
    expect(getToday(priya, at).appointments.map((x) => [x.title, x.client])).toEqual([['Dentist', 'From your own calendar']]);
  });
});
