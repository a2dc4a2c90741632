import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, instantToLocal, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { marketingBlockSchema, visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createAppointment, deleteAppointment } from './appointments';
import { acceptProposals, previewAutoSchedule } from './auto-schedule';
import { createMarketingBlock, skipOccurrence } from './marketing-blocks';
import { createVisitRequest, placeVisit } from './visits';
import { getWeek } from './week';
import { setMicroCap, setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';
const MIN = 60_000;

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '08:00-12:00, 13:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `Micro ${firm.id}`, seats: 3, tier: 'micro', tierReason: 'small', defaultTravelMinutes: 15 })
    .returning()
    .get();
  // Next Monday, so every test day lies ahead of "now".
  const monday = addDays(mondayOf(today(ZONE)), 7);
  return { firm, owner, ana, client, monday };
}

const block = (userId: number, date: string, start: string, end: string, repeat: 'weekly' | 'once' = 'weekly') =>
  marketingBlockSchema.parse({ userId: String(userId), kind: 'direct_mail', repeat, firstDate: date, start, end });

const request = (clientId: number, from: string, to: string, extra: Record<string, string> = {}) =>
  visitRequestSchema.parse({
    clientId: String(clientId),
    durationMinutes: '90',
    priority: '3',
    earliestDate: from,
    latestDate: to,
    ...extra,
  });

describe('schedule rules', () => {
  it('auto-schedules around a protected block and accepts the preview; nothing overlaps the block', async () => {
    const { owner, ana, client, monday } = setup();
    const blockId = createMarketingBlock(owner, block(ana.userId, monday, '08:00', '12:00'));
    for (let i = 0; i < 3; i++) createVisitRequest(owner, request(client.id, monday, monday));
    const preview = await previewAutoSchedule(owner, 2, false);
    // Monday afternoon 13:00–17:00 holds two 90-minute visits with 15 minutes of travel each way (2 × 120 min).
    expect(preview.proposals).toHaveLength(2);
    expect(preview.unplaced.map((u) => u.visitId)).toHaveLength(1);
    const result = acceptProposals(owner, preview.proposals);
    expect(result).toEqual({ accepted: 2, refused: [] });
    const rows = getDb().select().from(schema.visits).where(eq(schema.visits.clientId, client.id)).all();
    const blockStart = localToInstant(monday, 8 * 60, ZONE);
    const blockEnd = localToInstant(monday, 12 * 60, ZONE);
    for (const v of rows.filter((r) => r.status === 'scheduled')) {
      expect(v.startsAt! - 15 * MIN >= blockEnd || v.endsAt! + 15 * MIN <= blockStart).toBe(true);
      expect(instantToLocal(v.startsAt!, ZONE).minute).toBeGreaterThanOrEqual(13 * 60 + 15);
    }
    expect(rows.filter((r) => r.status === 'open').map((r) => r.id)).toEqual(preview.unplaced.map((u) => u.visitId));
    const week = getWeek(owner, monday, ana.userId);
    const items = week.people[0]!.days[0]!.items;
    expect(items.filter((i) => i.type === 'block' && i.protectedBlock && i.id === blockId)).toHaveLength(1);
    expect(items.filter((i) => i.type === 'visit')).toHaveLength(2);
  });

  it('accepting the same preview twice (two dispatchers) books each slot once and reports the rest', async () => {
    const { owner, client, monday } = setup();
    const staff = asMember(makeUser(owner.firmId, 'staff'));
    createVisitRequest(owner, request(client.id, monday, monday));
    const first = await previewAutoSchedule(owner, 1, false);
    const second = await previewAutoSchedule(staff, 1, false);
    expect(acceptProposals(owner, first.proposals).accepted).toBe(1);
    const again = acceptProposals(staff, second.proposals);
    expect(again.accepted).toBe(0);
    expect(again.refused[0]!.reason).toMatch(/changed since the preview/);
  });

  it('refuses a manual move into a protected block, naming it, and changes nothing', () => {
    const { firm, owner, ana, client, monday } = setup();
    createMarketingBlock(owner, { ...block(ana.userId, monday, '09:00', '11:00'), title: 'Tuesday mailing' });
    const visitId = createVisitRequest(owner, request(client.id, monday, addDays(monday, 4)));
    placeVisit(owner, visitId, ana.userId, monday, 13 * 60 + 30);
    const before = firmRows(firm.id);
    expect(() => placeVisit(owner, visitId, ana.userId, monday, 9 * 60)).toThrow(/protected marketing block “Tuesday mailing”/);
    // Travel counts: 11:00 start has its 15-minute travel inside the block's last quarter hour.
    expect(() => placeVisit(owner, visitId, ana.userId, monday, 11 * 60)).toThrow(UserFacingError);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('frees the time only when that one occurrence is skipped, with the reason audited', () => {
    const { firm, owner, ana, client, monday } = setup();
    const blockId = createMarketingBlock(owner, block(ana.userId, monday, '09:00', '11:00'));
    const visitId = createVisitRequest(owner, request(client.id, monday, addDays(monday, 7)));
    expect(() => placeVisit(owner, visitId, ana.userId, monday, 9 * 60)).toThrow(/protected/);
    skipOccurrence(owner, blockId, monday, 'urgent server outage');
    placeVisit(owner, visitId, ana.userId, monday, 9 * 60);
    // The next week's occurrence still protects.
    const other = createVisitRequest(owner, request(client.id, monday, addDays(monday, 7)));
    expect(() => placeVisit(owner, other, ana.userId, addDays(monday, 7), 9 * 60)).toThrow(/protected/);
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firm.id)).all();
    expect(audit.find((a) => a.action === 'marketing.skip')?.after).toMatchObject({ reason: 'urgent server outage' });
  });

  it('keeps visits inside working hours, outside appointments and under the micro cap', async () => {
    const { owner, ana, client, monday } = setup();
    const v1 = createVisitRequest(owner, request(client.id, monday, addDays(monday, 4)));
    const untouched = firmRows(owner.firmId);
    expect(() => placeVisit(owner, v1, ana.userId, monday, 11 * 60)).toThrow(/working hours/);
    expect(firmRows(owner.firmId)).toBe(untouched);
    // An appointment over protected time is refused too, naming the block, and nothing is written.
    createMarketingBlock(owner, { ...block(ana.userId, addDays(monday, 2), '09:00', '10:00', 'once'), title: 'Wednesday seminar' });
    const beforeAppt = firmRows(owner.firmId);
    expect(() =>
      createAppointment(owner, {
        userId: ana.userId,
        clientId: null,
        title: 'Overlap',
        date: addDays(monday, 2),
        start: 9 * 60 + 30,
        end: 11 * 60,
        notes: '',
      }),
    ).toThrow(/“Wednesday seminar”/);
    expect(firmRows(owner.firmId)).toBe(beforeAppt);
    createAppointment(owner, {
      userId: ana.userId,
      clientId: null,
      title: 'Server migration',
      date: monday,
      start: 13 * 60,
      end: 15 * 60,
      notes: '',
    });
    expect(() => placeVisit(owner, v1, ana.userId, monday, 14 * 60)).toThrow(/Server migration/);
    setMicroCap(owner, ana.userId, 120);
    placeVisit(owner, v1, ana.userId, monday, 8 * 60 + 15);
    const v2 = createVisitRequest(owner, request(client.id, monday, addDays(monday, 4)));
    expect(() => placeVisit(owner, v2, ana.userId, addDays(monday, 1), 8 * 60 + 15)).toThrow(/weekly cap of 2 h\./);
    // The scheduler respects the cap too: the second request stays unplaced this week.
    const preview = await previewAutoSchedule(owner, 1, false);
    expect(preview.proposals.filter((p) => p.visitId === v2)).toEqual([]);
  });

  it('names a new member with no working hours as the reason a request only they may take is left open', async () => {
    const { owner, ana, client, monday } = setup();
    const ben = asMember(makeUser(owner.firmId, 'consultant', { name: 'Ben New' }));
    const onlyBen = createVisitRequest(owner, request(client.id, monday, monday, { allowed: String(ben.userId) }));
    const anyone = createVisitRequest(owner, request(client.id, monday, monday));
    const preview = await previewAutoSchedule(owner, 1, false);
    expect(preview.unplaced).toEqual([
      {
        visitId: onlyBen,
        clientName: client.name,
        reason: 'Ben New has no working hours — set them',
        noHours: [{ id: ben.userId, name: 'Ben New' }],
      },
    ]);
    // A request anyone may take still goes to Ana, who has hours.
    expect(preview.proposals.map((p) => [p.visitId, p.userId])).toEqual([[anyone, ana.userId]]);
  });

  it('lets a consultant edit only their own schedule, and another firm find nothing', () => {
    const { owner, ana, client, monday } = setup();
    const bo = asMember(makeUser(owner.firmId, 'consultant'));
    expect(() => createMarketingBlock(ana, block(bo.userId, monday, '09:00', '10:00'))).toThrow(ForbiddenError);
    expect(createMarketingBlock(ana, block(ana.userId, monday, '09:00', '10:00'))).toBeGreaterThan(0);
    expect(() => createVisitRequest(ana, request(client.id, monday, monday))).toThrow(ForbiddenError);
    const theirs = createAppointment(owner, {
      userId: bo.userId,
      clientId: null,
      title: 'Bo busy',
      date: monday,
      start: 600,
      end: 660,
      notes: '',
    });
    const before = firmRows(owner.firmId);
    expect(() => deleteAppointment(ana, theirs)).toThrow(ForbiddenError);
    expect(firmRows(owner.firmId)).toBe(before);
    deleteAppointment(bo, theirs);
    expect(getDb().select().from(schema.appointments).where(eq(schema.appointments.id, theirs)).all()).toEqual([]);
    const stranger = setup();
    expect(() => getWeek(stranger.owner, monday, ana.userId)).toThrow(NotFoundError);
    expect(() => createVisitRequest(stranger.owner, request(client.id, monday, monday))).toThrow(/Choose a client/);
  });
});

describe('dates out of bounds', () => {
  it('refuses an appointment or a request window in the past or over a year ahead, next to the field, writing nothing', () => {
    const { owner, ana, client } = setup();
    // Wed Dec 2 2026, 10:00 in the firm's zone.
    const now = localToInstant('2026-12-02', 600, ZONE);
    const appointment = (date: string) => ({ userId: ana.userId, clientId: null, title: 'Busy', date, start: 600, end: 660, notes: '' });
    const before = firmRows(owner.firmId);
    expect(() => createAppointment(owner, appointment('2025-12-09'), now)).toThrow(
      expect.objectContaining({
        field: 'date',
        message: 'The date is in the past (Tue Dec 9, 2025). Choose today, Wed Dec 2, or a later day.',
      }),
    );
    expect(() => createAppointment(owner, appointment('2027-12-03'), now)).toThrow(
      expect.objectContaining({ field: 'date', message: expect.stringMatching(/more than a year ahead.*up to Thu Dec 2, 2027/) }),
    );
    expect(() => createVisitRequest(owner, request(client.id, '2026-01-01', '2026-01-10'), now)).toThrow(
      expect.objectContaining({ field: 'earliestDate', message: expect.stringMatching(/^The earliest date is in the past \(Thu Jan 1\)/) }),
    );
    expect(() => createVisitRequest(owner, request(client.id, '2026-12-02', '2028-01-10'), now)).toThrow(
      expect.objectContaining({ field: 'latestDate', message: expect.stringMatching(/^The latest date is more than a year ahead/) }),
    );
    expect(firmRows(owner.firmId)).toBe(before);
    // Today, and a year from today, are fine.
    expect(createAppointment(owner, appointment('2026-12-02'), now)).toBeGreaterThan(0);
    expect(createVisitRequest(owner, request(client.id, '2026-12-02', '2027-12-02'), now)).toBeGreaterThan(0);
  });
});

describe('atomicity', () => {
  it('a multi-row change that fails halfway leaves no partial rows (working hours are replaced all or nothing)', () => {
    const { firm, owner, ana } = setup();
    const before = firmRows(firm.id);
    const sqlite = getDb().$client;
    // Force a failure on the fifth row written, after four have gone in.
    sqlite.exec(
      `create trigger fail_friday before insert on working_hours when new.weekday = 5 and new.start_minute = 420 begin select raise(abort, 'forced failure'); end`,
    );
    try {
      const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '07:00-12:00']));
      expect(() => setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }))).toThrow(/forced failure/);
    } finally {
      sqlite.exec('drop trigger fail_friday');
    }
    expect(firmRows(firm.id)).toBe(before);
  });
});

describe('the week shows what happened', () => {
  it('draws a finished call-out from check-in to check-out, an open one from its check-in with no end', () => {
    const { firm, owner, ana, client } = setup();
    const monday = mondayOf(today(ZONE));
    const at = (minute: number) => localToInstant(monday, minute, ZONE);
    const callOut = (checkedIn: number, checkedOut: number | null) =>
      getDb()
        .insert(schema.visits)
        .values({
          firmId: firm.id,
          clientId: client.id,
          durationMinutes: 60,
          priority: 3,
          earliestDate: monday,
          latestDate: monday,
          allowedUserIds: [],
          travelMinutes: 0,
          status: checkedOut === null ? 'checked_in' : 'done',
          unplanned: true,
          userId: ana.userId,
          // Stored as a nominal hour from the start, as a call-out is.
          startsAt: at(checkedIn),
          endsAt: at(checkedIn + 60),
          checkedInAt: at(checkedIn),
          checkedOutAt: checkedOut === null ? null : at(checkedOut),
        })
        .run();
    callOut(10 * 60 + 5, 10 * 60 + 7);
    callOut(14 * 60 + 10, null);
    const items = getWeek(owner, monday, ana.userId).people[0]!.days[0]!.items.filter((x) => x.type === 'visit');
    expect(items.map((x) => [x.startMinute, x.endMinute, x.open ?? false, x.detail])).toEqual([
      [10 * 60 + 5, 10 * 60 + 7, false, 'call-out'],
      [14 * 60 + 10, 14 * 60 + 10, true, 'call-out'],
    ]);
  });
});
