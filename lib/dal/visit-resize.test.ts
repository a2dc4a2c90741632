import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError } from '@/lib/permissions';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { marketingBlockSchema, visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createAppointment } from './appointments';
import { createMarketingBlock } from './marketing-blocks';
import { createVisitRequest, placeVisit } from './visits';
import { setMicroCap, setWorkingHours } from './working-hours';

/**
 * Resizing a visit (its bottom edge dragged on the grid) is placing it again with a new length: the same rules, in the
 * same transaction, checked with the new length; a refusal writes nothing at all.
 */

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
    .values({ firmId: firm.id, name: `Corner Shop ${firm.id}`, seats: 3, tier: 'micro', tierReason: '', defaultTravelMinutes: 15 })
    .returning()
    .get();
  // Next Monday, so every day of the test lies ahead of "now".
  const monday = addDays(mondayOf(today(ZONE)), 7);
  // A protected block Monday 15:00–16:00.
  createMarketingBlock(
    owner,
    marketingBlockSchema.parse({
      userId: String(ana.userId),
      kind: 'direct_mail',
      repeat: 'once',
      firstDate: monday,
      start: '15:00',
      end: '16:00',
    }),
  );
  const visitId = createVisitRequest(
    owner,
    visitRequestSchema.parse({
      clientId: String(client.id),
      durationMinutes: '60',
      priority: '3',
      earliestDate: monday,
      latestDate: addDays(monday, 4),
    }),
  );
  // Booked Monday 13:15–14:15, with 15 minutes of travel each way.
  placeVisit(owner, visitId, ana.userId, monday, 13 * 60 + 15);
  return { firm, owner, ana, monday, visitId };
}

const row = (id: number) => getDb().select().from(schema.visits).where(eq(schema.visits.id, id)).get()!;

describe('resizing a visit', () => {
  it('changes its length and end through the placement, keeping its start, and audits the old and new length', () => {
    const { owner, ana, monday, visitId } = setup();
    placeVisit(owner, visitId, ana.userId, monday, 13 * 60 + 15, null, 90);
    expect(row(visitId)).toMatchObject({
      status: 'scheduled',
      durationMinutes: 90,
      startsAt: localToInstant(monday, 13 * 60 + 15, ZONE),
      endsAt: localToInstant(monday, 14 * 60 + 45, ZONE),
    });
    // Shorter again, down to a quarter hour.
    placeVisit(owner, visitId, ana.userId, monday, 13 * 60 + 15, null, 15);
    expect(row(visitId).endsAt! - row(visitId).startsAt!).toBe(15 * MIN);
    const audits = getDb()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.firmId, owner.firmId), eq(schema.auditLog.action, 'visit.move')))
      .all();
    expect(
      audits.map((a) => [
        (a.before as { durationMinutes?: number }).durationMinutes,
        (a.after as { durationMinutes?: number }).durationMinutes,
      ]),
    ).toEqual([
      [60, 90],
      [90, 15],
    ]);
  });

  it('refuses a length that runs into a protected block, past working hours, into another booking or over the micro cap, and writes nothing', () => {
    const { owner, ana, monday, visitId } = setup();
    const stored = row(visitId);
    const resize =
      (minutes: number, date = monday, start = 13 * 60 + 15) =>
      () =>
        placeVisit(owner, visitId, ana.userId, date, start, null, minutes);
    const refused = (attempt: () => void, message: RegExp) => {
      const before = firmRows(owner.firmId);
      expect(attempt).toThrow(message);
      expect(firmRows(owner.firmId)).toBe(before);
      expect(row(visitId)).toEqual(stored);
    };
    // To 15:00: its travel back runs into the block at 15:00.
    refused(resize(105), /protected marketing block “Direct mail”/);
    // To 17:00 from 14:00 on Tuesday: its travel back ends past 17:00, outside working hours.
    refused(resize(180, addDays(monday, 1), 14 * 60), /outside Ana’s working hours/);
    // To 14:30: its travel back overlaps a call at 14:30.
    createAppointment(owner, {
      userId: ana.userId,
      clientId: null,
      title: 'Vendor call',
      date: monday,
      start: 14 * 60 + 30,
      end: 15 * 60,
      notes: '',
    });
    refused(resize(75), /With travel, that overlaps the appointment “Vendor call”/);
    // An hour of micro visits a week is the cap: a quarter hour more is over it.
    setMicroCap(owner, ana.userId, 60);
    refused(resize(75, addDays(monday, 1), 9 * 60), /over the weekly cap of 1 h/);
    // Lengths no request may have are refused before any rule.
    for (const minutes of [0, 601, 30.5]) refused(resize(minutes), /lasts from 15 minutes to 10 hours/);
    // The same visit made shorter still passes every rule.
    placeVisit(owner, visitId, ana.userId, monday, 13 * 60 + 15, null, 45);
    expect(row(visitId).durationMinutes).toBe(45);
  });

  it('lets only those who may manage the schedule resize', () => {
    const { ana, monday, visitId } = setup();
    const stored = row(visitId);
    expect(() => placeVisit(ana, visitId, ana.userId, monday, 13 * 60 + 15, null, 90)).toThrow(ForbiddenError);
    expect(row(visitId)).toEqual(stored);
  });
});
