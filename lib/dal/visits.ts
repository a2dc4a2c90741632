import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb, schema, type Tx } from '@/db';
import type { Tier, VisitStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { planDateProblem } from '@/lib/time/date-rules';
import { localToInstant, today, type LocalDate } from '@/lib/time/zoned';
import type { VisitRequestInput } from '@/lib/validations/schedule';
import { firmTimeZone } from './internal/firm';
import { schedulablePeople } from './internal/people';
import { auditBudgetOverride } from './internal/marketing-budget';
import { checkPlacement, pickedDaysOf } from './internal/placement';
import { getChosenClientOrThrow, getVisitOrThrow, type VisitRow } from './internal/records';
import { mailVisitChange } from './internal/visit-mail';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { MINUTE_MS } from '@/lib/time/units';
import { VISIT_MAX_MINUTES, VISIT_MIN_MINUTES } from '@/lib/visit-limits';

/** Visit requests and visits: the queue, placing or moving one by hand, cancelling. */

/** What a request (or a recurring one) is checked for before anything is written: the client, its window, the people. */
export function checkVisitRequest(tx: Tx, member: Member, input: VisitRequestInput, now: number) {
  const client = getChosenClientOrThrow(tx, member, input.clientId);
  if (client.status === 'archived') throw new UserFacingError('That client is archived; restore it first.', 'clientId');
  // A window in the past can never be booked; one ending years out is a typo.
  const day = today(firmTimeZone(tx, member.firmId), now);
  for (const [field, what] of [
    ['earliestDate', 'The earliest date'],
    ['latestDate', 'The latest date'],
  ] as const) {
    const bad = planDateProblem(input[field], day, what);
    if (bad) throw new UserFacingError(bad, field);
  }
  const people = schedulablePeople(tx, member.firmId).map((p) => p.id);
  const allowed = [...new Set(input.allowed)];
  if (allowed.some((id) => !people.includes(id))) throw new UserFacingError('Choose consultants from the list.', 'allowed');
  return { client, allowed, day };
}

export function createVisitRequest(member: Member, input: VisitRequestInput, now = Date.now()): number {
  assertCan(member.role, 'schedule.manage');
  return writeTransaction((tx) => {
    const { client, allowed } = checkVisitRequest(tx, member, input, now);
    const row = tx
      .insert(schema.visits)
      .values({
        firmId: member.firmId,
        clientId: client.id,
        durationMinutes: input.durationMinutes,
        priority: input.priority,
        earliestDate: input.earliestDate,
        latestDate: input.latestDate,
        allowedUserIds: allowed,
        travelMinutes: input.travelMinutes ?? client.defaultTravelMinutes,
        notes: input.notes,
        createdByUserId: member.userId,
      })
      .returning({ id: schema.visits.id })
      .get();
    writeAudit(tx, member, { action: 'visit.request', entity: 'visit', id: row.id, after: { ...input, allowed } });
    return row.id;
  });
}

/**
 * Places or moves a visit by hand: the same rules as the scheduler, checked in the writing transaction. A micro visit
 * that would leave the week's owed marketing unreachable is booked only with `overrideReason`, audited with its cost.
 * `durationMinutes` changes its length too (its bottom edge dragged on the grid): every rule is checked with the new
 * length, and a refusal leaves the row as it was.
 */
export function placeVisit(
  member: Member,
  visitId: number,
  userId: number,
  date: LocalDate,
  start: number,
  overrideReason: string | null = null,
  durationMinutes: number | null = null,
): { startsAt: number; endsAt: number; zone: string; resized: boolean } {
  assertCan(member.role, 'schedule.manage');
  return writeTransaction((tx) => {
    const stored = getVisitOrThrow(tx, member, visitId, 'manage');
    if (stored.status !== 'open' && stored.status !== 'scheduled')
      throw new UserFacingError(`A visit that is ${stored.status.replace('_', ' ')} cannot be moved.`);
    if (
      durationMinutes !== null &&
      !(Number.isInteger(durationMinutes) && durationMinutes >= VISIT_MIN_MINUTES && durationMinutes <= VISIT_MAX_MINUTES)
    )
      throw new UserFacingError(`A visit lasts from ${VISIT_MIN_MINUTES} minutes to ${VISIT_MAX_MINUTES / 60} hours.`);
    const visit = durationMinutes === null ? stored : { ...stored, durationMinutes };
    const zone = firmTimeZone(tx, member.firmId);
    const startsAt = localToInstant(date, start, zone);
    const overridden = checkPlacement(tx, member.firmId, visit, userId, startsAt, overrideReason);
    const endsAt = startsAt + visit.durationMinutes * MINUTE_MS;
    tx.update(schema.visits)
      .set({ status: 'scheduled', userId, startsAt, endsAt, durationMinutes: visit.durationMinutes, updatedAt: Date.now() })
      .where(eq(schema.visits.id, visit.id))
      .run();
    mailVisitChange(tx, visit.id, stored, Date.now());
    const resized = visit.durationMinutes !== stored.durationMinutes;
    writeAudit(tx, member, {
      action: stored.status === 'open' ? 'visit.place' : 'visit.move',
      entity: 'visit',
      id: visit.id,
      before: {
        status: stored.status,
        userId: stored.userId,
        startsAt: stored.startsAt,
        ...(resized ? { durationMinutes: stored.durationMinutes } : {}),
      },
      after: { status: 'scheduled', userId, startsAt, ...(resized ? { durationMinutes: visit.durationMinutes } : {}) },
    });
    if (overridden) auditBudgetOverride(tx, member, visit.id, overrideReason!, overridden);
    return { startsAt, endsAt, zone, resized };
  });
}

/** Cancels an open or booked visit, with the reason in the audit log (same transaction). Its slot is kept, so it can be restored. */
export function cancelVisit(member: Member, visitId: number, reason: string): void {
  assertCan(member.role, 'schedule.manage');
  writeTransaction((tx) => {
    const visit = getVisitOrThrow(tx, member, visitId, 'manage');
    if (visit.status !== 'open' && visit.status !== 'scheduled')
      throw new UserFacingError(`A visit that is ${visit.status.replace('_', ' ')} cannot be cancelled.`);
    tx.update(schema.visits).set({ status: 'cancelled', updatedAt: Date.now() }).where(eq(schema.visits.id, visit.id)).run();
    mailVisitChange(tx, visit.id, visit, Date.now());
    writeAudit(tx, member, {
      action: 'visit.cancel',
      entity: 'visit',
      id: visit.id,
      before: { status: visit.status },
      after: { status: 'cancelled', reason },
    });
  });
}

/**
 * Undoes a cancellation: a visit that had a slot is booked in it again if the
 * slot still passes every placement rule (and has not begun); one that had
 * none goes back to the open requests. Otherwise nothing changes and the
 * message says why.
 */
export function restoreVisit(member: Member, visitId: number, now = Date.now()): 'open' | 'scheduled' {
  assertCan(member.role, 'schedule.manage');
  return writeTransaction((tx) => {
    const visit = getVisitOrThrow(tx, member, visitId, 'manage');
    if (visit.status !== 'cancelled') throw new UserFacingError('Only a cancelled visit can be restored.');
    const booked = visit.userId !== null && visit.startsAt !== null;
    if (booked) {
      if (visit.startsAt! <= now) throw new UserFacingError('Its time has passed, so it cannot be booked there again; add a new request.');
      try {
        checkPlacement(tx, member.firmId, visit, visit.userId!, visit.startsAt!);
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        throw new UserFacingError(`Its old time is no longer free, so it was not restored: ${error.message}`);
      }
    }
    const status = booked ? 'scheduled' : 'open';
    tx.update(schema.visits).set({ status, updatedAt: now }).where(eq(schema.visits.id, visit.id)).run();
    mailVisitChange(tx, visit.id, visit, now);
    writeAudit(tx, member, { action: 'visit.restore', entity: 'visit', id: visit.id, before: { status: 'cancelled' }, after: { status } });
    return status;
  });
}

export type VisitDTO = {
  id: number;
  clientId: number;
  clientName: string;
  clientTier: Tier;
  durationMinutes: number;
  priority: number;
  earliestDate: string;
  latestDate: string;
  allowedUserIds: number[];
  travelMinutes: number;
  notes: string;
  status: VisitStatus;
  userId: number | null;
  startsAt: number | null;
  endsAt: number | null;
};

/** A visit, with the days its client picked on the request page (the only days it may be booked on; empty: any day of its window). */
export function getVisit(member: Member, visitId: number): VisitDTO & { pickedDates: LocalDate[] } {
  assertCan(member.role, 'schedule.read');
  const visit = toDTO(getVisitOrThrow(getDb(), member, visitId, 'read'));
  return { ...visit, pickedDates: pickedDaysOf(getDb(), member.firmId, visit.id) };
}

const toDTO = (v: Omit<VisitRow, 'clientRateCents'>): VisitDTO => ({
  id: v.id,
  clientId: v.clientId,
  clientName: v.clientName,
  clientTier: v.clientTier,
  durationMinutes: v.durationMinutes,
  priority: v.priority,
  earliestDate: v.earliestDate,
  latestDate: v.latestDate,
  allowedUserIds: v.allowedUserIds,
  travelMinutes: v.travelMinutes,
  notes: v.notes,
  status: v.status,
  userId: v.userId,
  startsAt: v.startsAt,
  endsAt: v.endsAt,
});

/** `newClient`: its client came from the request page and its details wait for staff (nothing is booked until then). */
export function listOpenRequests(member: Member): (VisitDTO & { fromPage: boolean; newClient: boolean; pickedDates: LocalDate[] })[] {
  assertCan(member.role, 'schedule.manage');
  return getDb()
    .select({
      visit: schema.visits,
      clientName: schema.clients.name,
      clientTier: schema.clients.tier,
      pageRequest: schema.publicRequests.id,
      picked: schema.publicRequests.preferredDates,
      newClient: schema.clients.detailsToConfirm,
    })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .leftJoin(schema.publicRequests, eq(schema.publicRequests.visitId, schema.visits.id))
    .where(and(eq(schema.visits.firmId, member.firmId), eq(schema.visits.status, 'open')))
    .orderBy(asc(schema.visits.latestDate), asc(schema.visits.id))
    .all()
    .map((r) => ({
      ...toDTO({ ...r.visit, clientName: r.clientName, clientTier: r.clientTier }),
      fromPage: r.pageRequest !== null,
      newClient: r.newClient,
      pickedDates: r.picked ?? [],
    }));
}
