import 'server-only';
import { and, eq, gt, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { Tier } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { formatMoney } from '@/lib/format';
import { billedMinutes, termsForClient, tierTermsFrom } from '@/lib/invoices/terms';
import { amountForMinutes } from '@/lib/money';
import { bookingCost, marketingLedger, workingSpans, type BookingCost, type Span, type WeekRoom } from '@/lib/planning/marketing-budget';
import { mondaysOf, type OwedMarketing } from '@/lib/planning/marketing-reserve';
import { dayOff } from '@/lib/time/recurrence';
import { dayLabel, formatHours } from '@/lib/time/format';
import { addDays, instantToLocal, localToInstant, weekOf, type LocalDate } from '@/lib/time/zoned';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';
import { daysOffOf, occurrencesOf } from './blocks';
import { externalBusyOf } from './external-busy';
import type { VisitRow } from './records';
import { workingHoursOf } from './working-hours';
import { writeAudit } from './write';
import type { Member } from '../session';

/**
 * The marketing budget at booking time (lib/planning/marketing-budget.ts holds
 * the rule): what a person's week still owes, the room left to pay it, and
 * the true cost of one more micro visit. checkPlacement calls
 * checkMarketingBudget; the request page asks weekRoomOf for its days.
 */

const BOOKED = ['scheduled', 'checked_in', 'done'] as const;

/** What the person still owes in the local week starting `monday`: the ledger for this week, the bare allotment for one ahead. */
export function owedInWeek(conn: Conn, firmId: number, userId: number, monday: LocalDate, zone: string, now: number): number {
  const firm = conn
    .select({ target: schema.firms.weeklyMarketingTargetMinutes })
    .from(schema.firms)
    .where(eq(schema.firms.id, firmId))
    .get();
  const user = conn
    .select({ createdAt: schema.users.createdAt, allotment: schema.users.weeklyMarketingMinutes })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  if (!firm || !user) return 0;
  const week = weekOf(monday, zone);
  if (week.end <= now) return 0;
  // A week ahead owes its allotment: what this week leaves unpaid is known only when it ends.
  const at = week.start > now ? week.start : now;
  const logged = conn
    // Travel to an expo or a seminar is marketing time too, as the dashboard counts it.
    .select({
      startedAt: schema.timeEntries.startedAt,
      minutes: sql<number>`${schema.timeEntries.minutes} + ${schema.timeEntries.travelMinutes}`,
    })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.firmId, firmId),
        eq(schema.timeEntries.userId, userId),
        eq(schema.timeEntries.category, 'marketing'),
        gte(schema.timeEntries.startedAt, week.start - 13 * 7 * DAY_MS),
        lt(schema.timeEntries.startedAt, week.end),
      ),
    )
    .all();
  // The person's own allotment, or the firm's target when they have none.
  const ledger = marketingLedger({ allotment: user.allotment ?? firm.target, logged, now: at, zone, since: user.createdAt });
  const thisWeek = ledger.at(-1)!;
  return week.start > now ? Math.max(0, thisWeek.allotment - thisWeek.spent) : thisWeek.remaining;
}

/** The person's week from `now` (or its start) to its end, as the rule reads it; `ignoreVisitId`'s own time is not busy. */
export function weekRoomOf(
  conn: Conn,
  firmId: number,
  userId: number,
  monday: LocalDate,
  zone: string,
  now: number,
  ignoreVisitId: number | null,
): WeekRoom {
  const week = weekOf(monday, zone);
  const sunday = addDays(monday, 6);
  const working = workingSpans(workingHoursOf(conn, firmId, [userId]).get(userId) ?? new Map(), monday, sunday, zone);
  const blocks: Span[] = occurrencesOf(conn, firmId, [userId], monday, sunday, zone)
    .filter((o) => !o.skipped)
    .map((o) => [o.startsAt, o.endsAt]);
  const busy: Span[] = [];
  const a = schema.appointments;
  for (const x of conn
    .select({ s: a.startsAt, e: a.endsAt })
    .from(a)
    .where(and(eq(a.firmId, firmId), eq(a.userId, userId), lt(a.startsAt, week.end), gt(a.endsAt, week.start)))
    .all())
    busy.push([x.s, x.e]);
  const v = schema.visits;
  for (const x of conn
    .select({ s: v.startsAt, e: v.endsAt, travel: v.travelMinutes })
    .from(v)
    .where(
      and(
        eq(v.firmId, firmId),
        eq(v.userId, userId),
        inArray(v.status, [...BOOKED]),
        isNotNull(v.startsAt),
        lt(v.startsAt, week.end + DAY_MS),
        gt(v.endsAt, week.start - DAY_MS),
        ignoreVisitId === null ? undefined : ne(v.id, ignoreVisitId),
      ),
    )
    .all())
    busy.push([x.s! - x.travel * MINUTE_MS, x.e! + x.travel * MINUTE_MS]);
  // Time the person's other calendars hold is no more free for marketing than for a visit.
  for (const x of externalBusyOf(conn, firmId, [userId], week.start, week.end)) busy.push([x.startsAt, x.endsAt]);
  const off = daysOffOf(conn, firmId, [userId], monday, sunday);
  const offSpans: Span[] = [];
  for (let d = monday; d <= sunday; d = addDays(d, 1))
    if (dayOff(off, userId, d)) offSpans.push([localToInstant(d, 0, zone), localToInstant(addDays(d, 1), 0, zone)]);
  busy.push(...offSpans);
  const owedRemaining = owedInWeek(conn, firmId, userId, monday, zone, now);
  return { from: Math.max(now, week.start), to: week.end, working, blocks, busy, off: offSpans, owedRemaining };
}

/** A micro visit's true cost before it is accepted. */
export type VisitCost = BookingCost & {
  monday: LocalDate;
  owedRemaining: number;
  /** Expected amount billed under the client's terms: billed minutes at its rate, plus the trip fee. */
  billedCents: number;
  billedMinutes: number;
  travelMinutes: number;
};

/** What a visit is expected to bill under its client's terms: billed minutes at its rate, plus the trip fee. */
export function expectedBilledCents(
  conn: Conn,
  firmId: number,
  visit: { clientTier: Tier; durationMinutes: number },
  rateCents: number | null,
  termsOverride: unknown,
): number {
  const firm = conn.select({ t: schema.firms.tierTerms }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  const { terms } = termsForClient({ tier: visit.clientTier, termsOverride }, tierTermsFrom(firm?.t));
  return amountForMinutes(billedMinutes(visit.durationMinutes, terms), rateCents) + terms.tripFeeCents;
}

/** The cost of booking `visit` for the person at `startsAt`, or null when it is not a micro visit. */
export function microVisitCost(
  conn: Conn,
  firmId: number,
  visit: VisitRow,
  userId: number,
  startsAt: number,
  now: number,
): VisitCost | null {
  if (visit.clientTier !== 'micro') return null;
  const zone = conn.select({ z: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get()!.z;
  const client = conn
    .select({ o: schema.clients.termsOverride })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, firmId), eq(schema.clients.id, visit.clientId)))
    .get();
  const firm = conn.select({ t: schema.firms.tierTerms }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  const { terms } = termsForClient({ tier: visit.clientTier, termsOverride: client?.o ?? null }, tierTermsFrom(firm?.t));
  const monday = weekOf(instantToLocal(startsAt, zone).date, zone).monday;
  const room = weekRoomOf(conn, firmId, userId, monday, zone, now, visit.id);
  const footprint: Span = [
    startsAt - visit.travelMinutes * MINUTE_MS,
    startsAt + (visit.durationMinutes + visit.travelMinutes) * MINUTE_MS,
  ];
  return {
    ...bookingCost(room, footprint),
    monday,
    owedRemaining: room.owedRemaining,
    billedCents: expectedBilledCents(conn, firmId, visit, visit.clientRateCents, client?.o ?? null),
    billedMinutes: billedMinutes(visit.durationMinutes, terms),
    travelMinutes: visit.travelMinutes,
  };
}

/** "about $160 billed (1 h 30 min at the client’s terms, trip fee included), 2 × 20 min travel, 1 h of marketing displaced". */
export function costWords(cost: VisitCost): string {
  return [
    `about ${formatMoney(cost.billedCents)} billed (${formatHours(cost.billedMinutes)} under the client’s terms, trip fee included)`,
    cost.travelMinutes ? `${cost.travelMinutes} min travel each way` : 'no travel',
    `${formatHours(cost.displaced)} of this week’s marketing displaced`,
  ].join(', ');
}

/**
 * Refuses a micro visit that would leave the person's owed marketing for its
 * week unreachable, with the cost; `overrideReason` (owners and staff, checked
 * by the caller) books it anyway. Returns the cost when it broke the budget.
 */
export function checkMarketingBudget(
  conn: Conn,
  firmId: number,
  visit: VisitRow,
  userId: number,
  startsAt: number,
  overrideReason: string | null = null,
  now = Date.now(),
): VisitCost | null {
  const cost = microVisitCost(conn, firmId, visit, userId, startsAt, now);
  if (!cost?.breaks) return null;
  if (overrideReason) return cost;
  const refusal =
    `That would leave the marketing owed in the week of ${dayLabel(cost.monday)} unreachable: ${formatHours(cost.owedRemaining)} still owed, ` +
    `${formatHours(cost.roomAfter)} of free time left after this visit. Its cost: ${costWords(cost)}.`;
  // The reason field is offered once the refusal is shown: an empty one there asks for the reason itself.
  if (overrideReason === '')
    throw new UserFacingError(`Give the reason for booking over the marketing budget. ${refusal}`, 'overrideReason');
  throw new UserFacingError(`${refusal} An owner or office staff can book it anyway with a reason.`, 'overrideReason');
}

/** The audit row of a booking that broke the marketing budget on purpose: who, why, and what it cost. */
export function auditBudgetOverride(tx: Conn, member: Member, visitId: number, reason: string, cost: VisitCost): void {
  writeAudit(tx, member, {
    action: 'visit.budget_override',
    entity: 'visit',
    id: visitId,
    after: {
      reason,
      week: cost.monday,
      owedMinutes: cost.owedRemaining,
      freeMinutesLeft: cost.roomAfter,
      displacedMinutes: cost.displaced,
      billedCents: cost.billedCents,
      travelMinutes: cost.travelMinutes,
    },
  });
}

/** What each person still owes in each week touching local dates [from, to], for the auto-scheduler's reserve. */
export function owedMarketingByWeek(
  conn: Conn,
  firmId: number,
  userIds: number[],
  zone: string,
  [from, to]: [LocalDate, LocalDate],
  now: number,
): OwedMarketing[] {
  return mondaysOf(from, to).flatMap((monday) =>
    userIds.map((userId) => ({ userId, monday, minutes: owedInWeek(conn, firmId, userId, monday, zone, now) })),
  );
}
