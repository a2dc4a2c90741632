import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, mondayOf, today } from '@/lib/time/zoned';
import { marketingBlockSchema, moveOccurrenceSchema, visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createAppointment } from './appointments';
import { acceptProposals, previewAutoSchedule } from './auto-schedule';
import { addHoliday, addTimeOff, listDaysOff, removeHoliday, removeTimeOff } from './days-off';
import { createMarketingBlock, listMarketing, moveOccurrence } from './marketing-blocks';
import { createVisitRequest, placeVisit } from './visits';
import { getWeek } from './week';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const bo = asMember(makeUser(firm.id, 'consultant', { name: 'Bo' }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '08:00-17:00']));
  for (const p of [ana, bo]) setWorkingHours(owner, workingHoursSchema.parse({ userId: String(p.userId), ...hours }));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `Micro ${firm.id}`, seats: 3, tier: 'micro', tierReason: 'small', defaultTravelMinutes: 0 })
    .returning()
    .get();
  const monday = addDays(mondayOf(today(ZONE)), 7);
  return { firm, owner, staff, ana, bo, client, monday };
}

const weekly = (userId: number, firstDate: string, extra: Record<string, string> = {}) =>
  marketingBlockSchema.parse({
    userId: String(userId),
    kind: 'follow_up_calls',
    repeat: 'weekly',
    firstDate,
    start: '09:00',
    end: '10:00',
    ...extra,
  });

const request = (clientId: number, from: string, to: string) =>
  visitRequestSchema.parse({ clientId: String(clientId), durationMinutes: '60', priority: '3', earliestDate: from, latestDate: to });

describe('firm holidays and time off', () => {
  it('a holiday takes that day’s block away (week, list) and refuses visits and appointments on it', () => {
    const { owner, ana, client, monday } = setup();
    const friday = addDays(monday, 4);
    createMarketingBlock(owner, weekly(ana.userId, monday, { firstDate: friday }));
    expect(listMarketing(owner, ana.userId, monday, 2).occurrences.map((o) => o.date)).toEqual([friday, addDays(friday, 7)]);
    addHoliday(owner, friday, 'Christmas Day');
    expect(listMarketing(owner, ana.userId, monday, 2).occurrences.map((o) => o.date)).toEqual([addDays(friday, 7)]);
    expect(getWeek(owner, monday, ana.userId).people[0]!.days[4]!.items).toEqual([]);
    const visitId = createVisitRequest(owner, request(client.id, monday, friday));
    const before = firmRows(owner.firmId);
    expect(() => placeVisit(owner, visitId, ana.userId, friday, 13 * 60)).toThrow(/the firm’s holiday “Christmas Day”/);
    const appt = { userId: ana.userId, clientId: null, title: 'Server work', date: friday, start: 13 * 60, end: 14 * 60, notes: '' };
    expect(() => createAppointment(owner, appt)).toThrow(/holiday/);
    expect(firmRows(owner.firmId)).toBe(before);
    createAppointment(owner, { ...appt, date: addDays(friday, -1) });
  });

  it('time off refuses bookings for that person only, and the auto-scheduler places nothing in it', async () => {
    const { owner, ana, bo, client, monday } = setup();
    addTimeOff(ana, { userId: ana.userId, firstDate: monday, lastDate: addDays(monday, 4), note: 'family' });
    const visitId = createVisitRequest(owner, { ...request(client.id, monday, addDays(monday, 4)), allowed: [ana.userId] });
    expect(() => placeVisit(owner, visitId, ana.userId, addDays(monday, 1), 13 * 60)).toThrow(/time off \(family\)/);
    const preview = await previewAutoSchedule(owner, 2, false);
    expect(preview.proposals.filter((p) => p.visitId === visitId)).toEqual([]);
    expect(preview.unplaced.map((u) => u.visitId)).toContain(visitId);
    const other = createVisitRequest(owner, request(client.id, monday, addDays(monday, 4)));
    placeVisit(owner, other, bo.userId, addDays(monday, 1), 13 * 60);
    // Accepting a stale proposal into time off is refused too (the accept step re-checks the placement rules).
    const free = createVisitRequest(owner, { ...request(client.id, monday, addDays(monday, 7)), allowed: [ana.userId] });
    const result = acceptProposals(owner, [{ visitId: free, userId: ana.userId, startsAt: Date.parse(`${monday}T20:00:00Z`), was: null }]);
    expect(result.accepted).toBe(0);
    expect(result.refused[0]!.reason).toMatch(/time off/);
  });

  it('refuses, changing nothing: consultants for others, non-owners for holidays, another firm, days already booked', () => {
    const { firm, owner, staff, ana, bo, client, monday } = setup();
    const other = setup();
    const range = { firstDate: monday, lastDate: addDays(monday, 1), note: '' };
    const visitId = createVisitRequest(owner, request(client.id, monday, addDays(monday, 4)));
    placeVisit(owner, visitId, bo.userId, addDays(monday, 2), 13 * 60);
    const holidayId = addHoliday(owner, addDays(monday, 3), 'Founders day');
    const offId = addTimeOff(ana, { userId: ana.userId, ...range });
    const before = firmRows(firm.id);
    expect(() => addTimeOff(ana, { userId: bo.userId, ...range })).toThrow(ForbiddenError);
    expect(() => addTimeOff(bo, { userId: bo.userId, firstDate: addDays(monday, 2), lastDate: addDays(monday, 2), note: '' })).toThrow(
      /has the visit to .* move it first/,
    );
    expect(() => addTimeOff(ana, { userId: ana.userId, ...range })).toThrow(/already has time off/);
    expect(() => addHoliday(staff, addDays(monday, 4), 'x')).toThrow(ForbiddenError);
    expect(() => addHoliday(ana, addDays(monday, 4), 'x')).toThrow(ForbiddenError);
    expect(() => addHoliday(owner, addDays(monday, 2), 'Busy day')).toThrow(UserFacingError);
    expect(() => addHoliday(owner, addDays(monday, 3), 'Twice')).toThrow(/already the holiday/);
    expect(() => removeHoliday(staff, holidayId)).toThrow(ForbiddenError);
    expect(() => removeHoliday(other.owner, holidayId)).toThrow(NotFoundError);
    expect(() => removeTimeOff(bo, offId)).toThrow(ForbiddenError);
    expect(() => removeTimeOff(other.owner, offId)).toThrow(NotFoundError);
    expect(() => addTimeOff(other.owner, { userId: ana.userId, ...range })).toThrow(NotFoundError);
    expect(() => listDaysOff(other.owner, ana.userId, monday)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);
    // Staff may record anyone's; the owner removes the holiday.
    addTimeOff(staff, { userId: bo.userId, firstDate: addDays(monday, 7), lastDate: addDays(monday, 8), note: 'course' });
    removeHoliday(owner, holidayId);
    removeTimeOff(ana, offId);
    expect(listDaysOff(owner, bo.userId, monday)).toEqual({
      holidays: [],
      timeOff: [expect.objectContaining({ firstDate: addDays(monday, 7), note: 'course' })],
    });
  });
});

describe('moving one occurrence to another date', () => {
  const move = (blockId: number, date: string, toDate: string, start = '09:00', end = '10:00') =>
    moveOccurrenceSchema.parse({ blockId: String(blockId), date, toDate, start, end, reason: 'client visit' });

  it('moves it: gone from its date, there on the new one', () => {
    const { owner, ana, monday } = setup();
    const blockId = createMarketingBlock(owner, weekly(ana.userId, monday));
    const m = move(blockId, monday, addDays(monday, 2), '14:00', '15:00');
    moveOccurrence(owner, m.blockId, m.date, m.start, m.end, m.reason, m.toDate);
    const occ = listMarketing(owner, ana.userId, monday, 1).occurrences;
    expect(occ.map((o) => [o.date, o.ruleDate, o.startMinute, o.moved])).toEqual([[addDays(monday, 2), monday, 14 * 60, 'client visit']]);
  });

  it('refuses a holiday, time off, outside working hours and other protected time, changing nothing', () => {
    const { firm, owner, ana, monday } = setup();
    const blockId = createMarketingBlock(owner, weekly(ana.userId, monday));
    createMarketingBlock(owner, weekly(ana.userId, addDays(monday, 1), { kind: 'learning', start: '13:00', end: '15:00' }));
    addHoliday(owner, addDays(monday, 2), 'Founders day');
    addTimeOff(owner, { userId: ana.userId, firstDate: addDays(monday, 3), lastDate: addDays(monday, 3), note: '' });
    const before = firmRows(firm.id);
    const tryMove = (toDate: string, start?: string, end?: string) => {
      const m = move(blockId, monday, toDate, start, end);
      return () => moveOccurrence(owner, m.blockId, m.date, m.start, m.end, m.reason, m.toDate);
    };
    const fieldOf = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return [(e as UserFacingError).field, (e as Error).message];
      }
      return null;
    };
    expect(fieldOf(tryMove(addDays(monday, 2)))).toEqual(['toDate', expect.stringMatching(/holiday “Founders day”/)]);
    expect(fieldOf(tryMove(addDays(monday, 3)))).toEqual(['toDate', expect.stringMatching(/time off/)]);
    expect(fieldOf(tryMove(addDays(monday, 5)))).toEqual(['start', expect.stringMatching(/outside working hours .*none that day/)]);
    expect(fieldOf(tryMove(addDays(monday, 4), '07:00', '08:00'))).toEqual(['start', expect.stringMatching(/outside working hours/)]);
    expect(fieldOf(tryMove(addDays(monday, 1), '14:00', '15:00'))).toEqual([
      'start',
      expect.stringMatching(/protected marketing block “Learning/),
    ]);
    expect(firmRows(firm.id)).toBe(before);
  });
});
