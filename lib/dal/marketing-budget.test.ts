import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import type { Tier } from '@/db/schema';
import { ForbiddenError } from '@/lib/permissions';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { dayLabel as dayLabelOf } from '@/lib/time/format';
import { visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { acceptProposals, previewAutoSchedule } from './auto-schedule';
import { daysWithRoom } from './requests';
import { createVisitRequest, placeVisit } from './visits';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';

/**
 * The marketing budget at booking time, against a real database. Ana works
 * only on Mondays, 09:00–17:00, and the firm's weekly marketing target is the
 * default 8 h: next week she has exactly 8 h of room for the 8 h she owes, so
 * any micro visit that Monday would leave her marketing unreachable.
 */
function setup(days = 'day1') {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const hours = Object.fromEntries(days.split(',').map((d) => [d, '09:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const client = (name: string, tier: Tier) =>
    getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name, seats: 3, hasServer: tier !== 'micro', tier, tierReason: '', hourlyRateCents: 12_000 })
      .returning()
      .get().id;
  const micro = client(`Corner Shop ${firm.id}`, 'micro');
  const sweet = client(`Vista Accounting ${firm.id}`, 'sweet_spot');
  const monday = addDays(mondayOf(today(ZONE)), 7);
  const request = (clientId: number, minutes: number, travel = 20) =>
    createVisitRequest(
      owner,
      visitRequestSchema.parse({
        clientId: String(clientId),
        durationMinutes: String(minutes),
        travelMinutes: String(travel),
        priority: '3',
        earliestDate: monday,
        latestDate: addDays(monday, 4),
      }),
    );
  return { firm, owner, staff, ana, micro, sweet, monday, request };
}

const audits = (firmId: number) =>
  getDb()
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.firmId, firmId), eq(schema.auditLog.action, 'visit.budget_override')))
    .all();

describe('the marketing budget at booking time', () => {
  it('refuses a micro visit that leaves the week’s owed marketing unreachable, with its cost, and changes nothing', () => {
    const { owner, ana, micro, monday, request } = setup();
    const visit = request(micro, 90);
    const before = firmRows(owner.firmId);
    // 90 min with 20 min travel each way takes 2 h 10 min of the 8 h she owes: 2 h 10 min displaced.
    // Billed under the micro tier's terms (15-min increment, 1-h minimum, $35 trip fee): 1 h 30 min at $120 = $180 + $35.
    expect(() => placeVisit(owner, visit, ana.userId, monday, 10 * 60)).toThrow(
      /marketing owed in the week of .* unreachable: 8 h still owed, 5.83 h of free time left.*about \$215 billed.*20 min travel each way, 2.17 h of this week’s marketing displaced/,
    );
    expect(firmRows(owner.firmId)).toBe(before);
  });

  it('books it when the rest of the week still holds what is owed', () => {
    // Monday and Tuesday: 16 h of room for 8 h owed.
    const { owner, ana, micro, monday, request } = setup('day1,day2');
    placeVisit(owner, request(micro, 90), ana.userId, monday, 10 * 60);
  });

  it('leaves sweet-spot work alone: the budget weighs micro work only', () => {
    const { owner, ana, sweet, monday, request } = setup();
    placeVisit(owner, request(sweet, 90), ana.userId, monday, 10 * 60);
  });

  it('lets an owner or staff book it anyway with a reason, audited with the cost', () => {
    const { firm, staff, ana, micro, monday, request } = setup();
    const visit = request(micro, 90);
    // The reason field left empty: refused, asking for the reason, nothing written.
    const before = firmRows(firm.id);
    expect(() => placeVisit(staff, visit, ana.userId, monday, 10 * 60, '')).toThrow(
      /^Give the reason for booking over the marketing budget\./,
    );
    expect(firmRows(firm.id)).toBe(before);
    placeVisit(staff, visit, ana.userId, monday, 10 * 60, 'Server down, client cannot work');
    const rows = audits(firm.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorUserId).toBe(staff.userId);
    expect(rows[0]!.after).toMatchObject({
      reason: 'Server down, client cannot work',
      owedMinutes: 480,
      freeMinutesLeft: 350,
      displacedMinutes: 130,
      billedCents: 21_500,
    });
  });

  it('never lets a consultant book (or override) it', () => {
    const { ana, micro, monday, request } = setup();
    const visit = request(micro, 90);
    const before = firmRows(ana.firmId);
    expect(() => placeVisit(ana, visit, ana.userId, monday, 10 * 60, 'I want to')).toThrow(ForbiddenError);
    expect(firmRows(ana.firmId)).toBe(before);
  });

  it('refuses it at the auto-schedule’s accept step, and books nothing', () => {
    const { owner, ana, micro, monday, request } = setup();
    const visit = request(micro, 60);
    const visitsBefore = getDb().select().from(schema.visits).where(eq(schema.visits.firmId, owner.firmId)).all();
    const result = acceptProposals(owner, [
      { visitId: visit, userId: ana.userId, startsAt: localToInstant(monday, 10 * 60, ZONE), was: null },
    ]);
    expect(result.accepted).toBe(0);
    expect(result.refused[0]!.reason).toMatch(/unreachable.*about \$155 billed/);
    // The accept audits what it accepted and refused; no visit changed.
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.firmId, owner.firmId)).all()).toEqual(visitsBefore);
  });

  it('keeps the owed hours out of the auto-schedule: Ana’s only day is kept for marketing, her micro request stays open', async () => {
    const { owner, ana, micro, monday, request } = setup();
    const visit = request(micro, 60);
    const preview = await previewAutoSchedule(owner, 2, false);
    expect(preview.proposals.map((p) => p.visitId)).not.toContain(visit);
    expect(preview.unplaced.find((u) => u.visitId === visit)?.reason).toMatch(
      /kept for the marketing owed those weeks; booking it there would cost the week’s allotment \(about \$155 billed, 20 min travel each way\)$/,
    );
    expect(preview.keptForMarketing).toContain(`Ana: ${dayLabelOf(monday)}, 09:00–17:00`);
    // With a second working day there is room: the visit is proposed, with its cost.
    setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), day1: '09:00-17:00', day2: '09:00-17:00' }));
    const again = await previewAutoSchedule(owner, 2, false);
    expect(again.proposals.find((p) => p.visitId === visit)?.cost).toBe(
      'about $155 billed, 20 min travel each way, no owed marketing displaced',
    );
  });

  it('makes the request page stop offering the days of a week whose allotment would be unreachable', () => {
    const only = setup();
    expect(daysWithRoom({ firmId: only.firm.id, zone: ZONE } as Parameters<typeof daysWithRoom>[0])).not.toContain(only.monday);
    const two = setup('day1,day2');
    const days = daysWithRoom({ firmId: two.firm.id, zone: ZONE } as Parameters<typeof daysWithRoom>[0]);
    expect(days).toContain(two.monday);
    expect(days).toContain(addDays(two.monday, 1));
  });
});
