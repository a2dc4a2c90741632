import 'server-only';
import { and, eq, gt, inArray, lt, or } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { runTask } from '@/lib/jobs/pool';
import { startJob, type Started } from '@/lib/jobs/registry';
import { assertCan } from '@/lib/permissions';
import { autoScheduleHorizon, type AutoScheduleInput, type Preview } from '@/lib/planning/auto-plan';
import { blockRulesOf, daysOffOf } from './internal/blocks';
import { externalBusyOf } from './internal/external-busy';
import { firmHourClock, firmTimeZone } from './internal/firm';
import { schedulablePeople } from './internal/people';
import { expectedBilledCents } from './internal/marketing-budget';
import { keptForMarketing } from './internal/marketing-reserve';
import { BOOKED, checkPlacement } from './internal/placement';
import { getVisitOrThrow, type VisitRow } from './internal/records';
import { workingHoursOf } from './internal/working-hours';
import { mailVisitChange } from './internal/visit-mail';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';

/** The engine's search budget: the best plan found by then is the preview. */
const TIME_BUDGET_MS = 1500;

/**
 * Auto-schedule, the request thread's half: read what the plan needs (a few
 * indexed queries) and hand it to a worker thread, where
 * lib/planning/auto-plan.ts does the rest. Nothing is written: the person
 * sees the preview and accepts it (acceptProposals, below) or not.
 */
export function autoScheduleInput(member: Member, weeks: number, replan: boolean, now = Date.now()): AutoScheduleInput {
  assertCan(member.role, 'schedule.manage');
  const db = getDb();
  const zone = firmTimeZone(db, member.firmId);
  const { a, b, from, to } = autoScheduleHorizon(zone, weeks, now);
  const everyone = schedulablePeople(db, member.firmId);
  const hours = workingHoursOf(
    db,
    member.firmId,
    everyone.map((p) => p.id),
  );
  const people = everyone.map((p) => ({
    id: p.id,
    name: p.name,
    microCapMinutesPerWeek: p.microCapMinutesPerWeek,
    hours: [...(hours.get(p.id) ?? [])],
  }));
  const ids = people.filter((p) => p.hours.length > 0).map((p) => p.id);
  const v = schema.visits;
  const visits = db
    .select({
      id: v.id,
      clientId: v.clientId,
      clientName: schema.clients.name,
      clientTier: schema.clients.tier,
      status: v.status,
      durationMinutes: v.durationMinutes,
      travelMinutes: v.travelMinutes,
      priority: v.priority,
      earliestDate: v.earliestDate,
      latestDate: v.latestDate,
      allowedUserIds: v.allowedUserIds,
      picked: schema.publicRequests.preferredDates,
      detailsToConfirm: schema.clients.detailsToConfirm,
      userId: v.userId,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      rateCents: schema.clients.hourlyRateCents,
      termsOverride: schema.clients.termsOverride,
    })
    .from(v)
    .innerJoin(schema.clients, eq(schema.clients.id, v.clientId))
    .leftJoin(schema.publicRequests, and(eq(schema.publicRequests.visitId, v.id), eq(schema.publicRequests.firmId, member.firmId)))
    .where(
      and(
        eq(v.firmId, member.firmId),
        // Open requests, and booked visits near the horizon only: not the firm's whole history.
        or(eq(v.status, 'open'), and(inArray(v.status, BOOKED), lt(v.startsAt, b + DAY_MS), gt(v.endsAt, a - DAY_MS))),
      ),
    )
    .all()
    .map(({ picked, rateCents, termsOverride, ...row }) => ({
      ...row,
      pickedDates: picked ?? [],
      billedCents: expectedBilledCents(db, member.firmId, row, rateCents, termsOverride),
    }));
  const { rules, exceptions } = blockRulesOf(db, member.firmId, ids);
  const appointments = busyOf(db, member.firmId, ids, a, b);
  const daysOff = daysOffOf(db, member.firmId, ids);
  return {
    now,
    weeks,
    replan,
    zone,
    hours: firmHourClock(db, member.firmId),
    timeBudgetMs: TIME_BUDGET_MS,
    people,
    visits,
    rules,
    exceptions,
    appointments,
    daysOff,
    // The visits a re-plan may move are not busy for it: the plan decides where they go.
    keptForMarketing: keptForMarketing(db, member.firmId, ids, zone, [from, to], now, { movableFree: replan }),
  };
}

/** Appointments and the busy time of people's own other calendars (which counts like an appointment) overlapping [a, b). */
function busyOf(db: ReturnType<typeof getDb>, firmId: number, ids: number[], a: number, b: number) {
  if (!ids.length) return [];
  const x = schema.appointments;
  return db
    .select({ userId: x.userId, startsAt: x.startsAt, endsAt: x.endsAt })
    .from(x)
    .where(and(eq(x.firmId, firmId), lt(x.startsAt, b), gt(x.endsAt, a)))
    .all()
    .concat(externalBusyOf(db, firmId, ids, a, b).map(({ userId, startsAt, endsAt }) => ({ userId, startsAt, endsAt })));
}

/** Starts the firm's auto-schedule preview in the background (or answers the one already running). */
export function startAutoSchedule(member: Member, weeks: number, replan: boolean): Started {
  assertCan(member.role, 'schedule.manage');
  return startJob(member, 'auto-schedule', autoScheduleInput(member, weeks, replan), { params: { weeks, replan } });
}

/** The preview, awaited: for callers with no page to come back to (tests, scripts). */
export async function previewAutoSchedule(member: Member, weeks: number, replan: boolean, now = Date.now()): Promise<Preview> {
  assertCan(member.role, 'schedule.manage');
  const json = await runTask('auto-schedule', autoScheduleInput(member, weeks, replan, now), { timeoutMs: 60_000 });
  return JSON.parse(json) as Preview;
}

// ---------------------------------------------------------------------------
// Accepting a preview

export type AcceptResult = { accepted: number; refused: { visitId: number; clientName: string; reason: string }[] };

/**
 * Accepts a preview. One immediate transaction re-reads the database and
 * re-checks every rule for every proposal, in order, so two people accepting
 * at once never double-book: whatever no longer fits is reported, not written.
 */
export function acceptProposals(
  member: Member,
  proposals: { visitId: number; userId: number; startsAt: number; was: number | null }[],
): AcceptResult {
  assertCan(member.role, 'schedule.manage');
  return writeTransaction((tx) => {
    const refused: AcceptResult['refused'] = [];
    let accepted = 0;
    for (const p of proposals) {
      let visit: VisitRow;
      try {
        visit = getVisitOrThrow(tx, member, p.visitId, 'manage');
      } catch {
        refused.push({ visitId: p.visitId, clientName: '', reason: 'not found' });
        continue;
      }
      const unchanged =
        p.was === null ? visit.status === 'open' : visit.status === 'scheduled' && visit.startsAt === p.was && p.was > Date.now();
      if (!unchanged) {
        refused.push({
          visitId: visit.id,
          clientName: visit.clientName,
          reason: `it changed since the preview (it is ${visit.status.replace('_', ' ')} now)`,
        });
        continue;
      }
      try {
        checkPlacement(tx, member.firmId, visit, p.userId, p.startsAt);
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        refused.push({ visitId: visit.id, clientName: visit.clientName, reason: error.message });
        continue;
      }
      tx.update(schema.visits)
        .set({
          status: 'scheduled',
          userId: p.userId,
          startsAt: p.startsAt,
          endsAt: p.startsAt + visit.durationMinutes * MINUTE_MS,
          updatedAt: Date.now(),
        })
        .where(eq(schema.visits.id, visit.id))
        .run();
      mailVisitChange(tx, visit.id, visit, Date.now());
      accepted++;
    }
    writeAudit(tx, member, { action: 'schedule.accept', entity: 'visit', after: { accepted, refused: refused.map((r) => r.visitId) } });
    return { accepted, refused };
  });
}
