import 'server-only';
import { and, asc, eq, gt, inArray, lt, ne, or } from 'drizzle-orm';
import { getDb, schema, type DB, type Tx } from '@/db';
import type { TimeCategory, Tier, VisitStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { checkedInElsewhereMessage } from '@/lib/field/messages';
import { amountForMinutes } from '@/lib/money';
import { assertCan } from '@/lib/permissions';
import { addDays, instantToLocal, localToInstant, today, zoneClock, type LocalDate } from '@/lib/time/zoned';
import { dayLabel, dayTimeLabel, timeOfDay } from '@/lib/time/format';
import type { ZoneClock } from '@/lib/time/clock';
import type { FieldConflictCode, FieldOp, FieldOpResponse } from '@/lib/validations/field';
import { listClientOptions, MAX_CLIENT_OPTIONS } from './client-options';
import { getFirm } from './firm';
import { appointmentsOverlapping } from './internal/appointments';
import { externalBusyOf } from './internal/external-busy';
import { blockName, occurrencesOf } from './internal/blocks';
import { KEPT_TITLE, keptOnDay } from './internal/marketing-reserve';
import { firmHourClock, firmTimeZone } from './internal/firm';
import { getChosenClientOrThrow, getVisitOrThrow } from './internal/records';
import type { Member } from './session';
import { writeTransaction } from './internal/write';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@/lib/time/units';

/** How far back a queued action may arrive (a phone offline for a long weekend), and how far ahead a clock may drift. */
export const MAX_OP_AGE_MS = 14 * DAY_MS;
export const MAX_CLOCK_SKEW_MS = 5 * MINUTE_MS;

/** The time entry's category is the client's tier at the time of the work. */
export const categoryForTier = (tier: Tier): TimeCategory => tier;

/**
 * The key an op is stored under. Idempotency is per person: an op id someone
 * else already used must behave for me exactly as an unknown one (refusing it
 * would tell me it exists). client_ops' primary key is op_id alone, so the
 * first sender keeps the bare id (what the phones, the crash test and the
 * benchmarks look up) and any later sender of the same id gets it prefixed
 * with their user id. A UUID never contains ':', so the two kinds cannot meet.
 */
const opKey = (userId: number, opId: string) => `${userId}:${opId}`;

/**
 * Applies one check-in, check-out or on-the-spot start from a phone, exactly
 * once per person: the op id is recorded with the answer in the same immediate
 * transaction, so a retry, a double tap or five copies sent at once all get the
 * first answer and change nothing more. Conflicts (the visit was cancelled, or
 * already checked in by another device) are answers too, not errors, each with
 * a code the phone acts on.
 *
 * One open check-in per person: a check-in or an on-the-spot start while
 * another visit is checked in is refused (`checked_in_elsewhere`). The rule is
 * read in the same immediate transaction that writes the check-in, so two taps
 * sent at once cannot both pass it. Its answer is recorded with the op like any
 * other, so a replay of that op cannot check in later, at its old time, over
 * the other visit.
 */
export function applyFieldOp(member: Member, op: FieldOp, now = Date.now()): FieldOpResponse {
  assertCan(member.role, 'schedule.own');
  if (op.at > now + MAX_CLOCK_SKEW_MS) throw new UserFacingError('That time is in the future; check the phone’s clock.', 'at');
  if (op.at < now - MAX_OP_AGE_MS)
    throw new UserFacingError('That action is more than 14 days old; enter the time on the timesheet instead.', 'at');
  return writeTransaction((tx) => {
    const ownKey = opKey(member.userId, op.opId);
    const seen = tx
      .select({ response: schema.clientOps.response })
      .from(schema.clientOps)
      .where(and(eq(schema.clientOps.userId, member.userId), inArray(schema.clientOps.opId, [op.opId, ownKey])))
      .get();
    if (seen) return seen.response as FieldOpResponse;
    const takenByAnother = tx
      .select({ opId: schema.clientOps.opId })
      .from(schema.clientOps)
      .where(eq(schema.clientOps.opId, op.opId))
      .get();
    const user = tx
      .select({ shareLocation: schema.users.shareLocation })
      .from(schema.users)
      .where(eq(schema.users.id, member.userId))
      .get();
    // Location is kept only for a user who opted in, whatever the phone sent.
    const loc = user?.shareLocation && op.location ? op.location : null;
    const response = apply(tx, member, op, loc, now);
    tx.insert(schema.clientOps)
      .values({
        opId: takenByAnother ? ownKey : op.opId,
        firmId: member.firmId,
        userId: member.userId,
        kind: op.type,
        visitId: response.visitId ?? null,
        response,
        at: op.at,
      })
      .run();
    return response;
  });
}

type Loc = { lat: number; lng: number; accuracy: number } | null;

function ownVisit(tx: Tx, member: Member, visitId: number) {
  // Someone else's visit is as invisible as another firm's.
  const visit = getVisitOrThrow(tx, member, visitId, 'own');
  return { visit, tier: visit.clientTier, rate: visit.clientRateCents, clientName: visit.clientName };
}

const conflict = (visitId: number | undefined, code: FieldConflictCode, message: string): FieldOpResponse => ({
  ok: false,
  conflict: true,
  code,
  ...(visitId === undefined ? {} : { visitId }),
  message,
});

/** The caller's open check-in other than `visitId`, if any (there is at most one). */
function openCheckIn(tx: Tx, member: Member, exceptVisitId?: number) {
  return tx
    .select({ id: schema.visits.id, checkedInAt: schema.visits.checkedInAt, clientName: schema.clients.name })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, member.firmId),
        eq(schema.visits.status, 'checked_in'),
        eq(schema.visits.userId, member.userId),
        exceptVisitId === undefined ? undefined : ne(schema.visits.id, exceptVisitId),
      ),
    )
    .orderBy(asc(schema.visits.checkedInAt))
    .get();
}

/** The refusal of a second open check-in, or null when there is no other open one. */
function refuseIfCheckedInElsewhere(tx: Tx, member: Member, zone: string, at: number, visitId?: number): FieldOpResponse | null {
  const open = openCheckIn(tx, member, visitId);
  if (!open) return null;
  const since = instantToLocal(open.checkedInAt ?? at, zone);
  const hours = firmHourClock(tx, member.firmId);
  const label =
    since.date === instantToLocal(at, zone).date ? timeOfDay(since.minute, hours) : dayTimeLabel(since.date, since.minute, { hours });
  return conflict(visitId, 'checked_in_elsewhere', checkedInElsewhereMessage(open.clientName, label));
}

function apply(tx: Tx, member: Member, op: FieldOp, loc: Loc, now: number): FieldOpResponse {
  const zone = firmTimeZone(tx, member.firmId);
  if (op.type === 'start_unplanned') return startUnplanned(tx, member, op, loc, now, zone);
  const hours = firmHourClock(tx, member.firmId);
  const clock = (t: number) => timeOfDay(instantToLocal(t, zone).minute, hours);
  const { visit, tier, rate } = ownVisit(tx, member, op.visitId);
  if (visit.status === 'cancelled')
    return conflict(
      visit.id,
      'visit_cancelled',
      'This visit was cancelled by the office meanwhile; nothing was recorded. Call the office if you are on site.',
    );
  if (op.type === 'check_in') {
    if (visit.status === 'checked_in' || visit.status === 'done')
      return conflict(visit.id, 'already_checked_in', `Already checked in at ${clock(visit.checkedInAt!)} (from another tap or device).`);
    if (visit.status !== 'scheduled') return conflict(visit.id, 'not_scheduled', 'This visit is not scheduled any more.');
    const elsewhere = refuseIfCheckedInElsewhere(tx, member, zone, op.at, visit.id);
    if (elsewhere) return elsewhere;
    tx.update(schema.visits)
      .set({
        status: 'checked_in',
        checkedInAt: op.at,
        checkInLat: loc?.lat ?? null,
        checkInLng: loc?.lng ?? null,
        checkInAccuracyM: loc?.accuracy ?? null,
        updatedAt: now,
      })
      .where(eq(schema.visits.id, visit.id))
      .run();
    return { ok: true, visitId: visit.id, status: 'checked_in', at: op.at };
  }
  if (visit.status === 'done') return conflict(visit.id, 'already_checked_out', `Already checked out at ${clock(visit.checkedOutAt!)}.`);
  if (visit.status !== 'checked_in') return conflict(visit.id, 'not_checked_in', 'Check in first.');
  if (op.at <= visit.checkedInAt!) throw new UserFacingError(`The end must be after the check-in at ${clock(visit.checkedInAt!)}.`, 'at');
  return checkOut(tx, member, op, loc, now, visit, tier, rate);
}

/** An on-the-spot visit (a call-out), checked in as it starts. */
function startUnplanned(
  tx: Tx,
  member: Member,
  op: Extract<FieldOp, { type: 'start_unplanned' }>,
  loc: Loc,
  now: number,
  zone: string,
): FieldOpResponse {
  const client = getChosenClientOrThrow(tx, member, op.clientId);
  if (client.status === 'archived') throw new UserFacingError('That client is archived.', 'clientId');
  const elsewhere = refuseIfCheckedInElsewhere(tx, member, zone, op.at);
  if (elsewhere) return elsewhere;
  const date = instantToLocal(op.at, zone).date;
  const row = tx
    .insert(schema.visits)
    .values({
      firmId: member.firmId,
      clientId: client.id,
      durationMinutes: 60,
      priority: 3,
      earliestDate: date,
      latestDate: date,
      allowedUserIds: [member.userId],
      travelMinutes: client.defaultTravelMinutes,
      notes: op.notes,
      status: 'checked_in',
      userId: member.userId,
      startsAt: op.at,
      endsAt: op.at + HOUR_MS,
      unplanned: true,
      checkedInAt: op.at,
      checkInLat: loc?.lat ?? null,
      checkInLng: loc?.lng ?? null,
      checkInAccuracyM: loc?.accuracy ?? null,
      createdByUserId: member.userId,
      updatedAt: now,
    })
    .returning({ id: schema.visits.id })
    .get();
  return { ok: true, visitId: row.id, status: 'checked_in', at: op.at };
}

/** The check-out of a checked-in visit: the visit done and its time entry, in the same transaction. */
function checkOut(
  tx: Tx,
  member: Member,
  op: Extract<FieldOp, { type: 'check_out' }>,
  loc: Loc,
  now: number,
  visit: ReturnType<typeof ownVisit>['visit'],
  tier: ReturnType<typeof ownVisit>['tier'],
  rate: ReturnType<typeof ownVisit>['rate'],
): FieldOpResponse {
  tx.update(schema.visits)
    .set({
      status: 'done',
      checkedOutAt: op.at,
      summary: op.summary,
      checkOutLat: loc?.lat ?? null,
      checkOutLng: loc?.lng ?? null,
      checkOutAccuracyM: loc?.accuracy ?? null,
      updatedAt: now,
    })
    .where(eq(schema.visits.id, visit.id))
    .run();
  const entry = tx
    .insert(schema.timeEntries)
    .values({
      firmId: member.firmId,
      userId: member.userId,
      clientId: visit.clientId,
      category: categoryForTier(tier),
      startedAt: visit.checkedInAt!,
      minutes: op.billableMinutes,
      travelMinutes: visit.travelMinutes * 2,
      amountCents: amountForMinutes(op.billableMinutes, rate),
      description: op.summary,
      visitId: visit.id,
    })
    .returning({ id: schema.timeEntries.id })
    .get();
  return { ok: true, visitId: visit.id, status: 'done', at: op.at, entryId: entry.id };
}

export type TodayVisit = {
  id: number;
  clientId: number;
  clientName: string;
  /** Null only for a call-out started on the phone for a client it has no details of (a queue kept from an older page). */
  tier: Tier | null;
  address: string;
  phone: string;
  contactName: string;
  notes: string;
  status: VisitStatus;
  startsAt: number;
  endsAt: number;
  travelMinutes: number;
  checkedInAt: number | null;
  /** The day of the check-in when it was not today ("Mon Mar 2"): a check-in left open from an earlier day. */
  checkedInDay: string | null;
  checkedOutAt: number | null;
  summary: string | null;
  unplanned: boolean;
};

export type TodayDTO = {
  date: string;
  /** The firm's wall clock from yesterday to two days ahead, so the phone shows times without zone data. */
  clock: ZoneClock;
  billingIncrementMinutes: number;
  shareLocation: boolean;
  visits: TodayVisit[];
  appointments: { id: number; title: string; startsAt: number; endsAt: number; client: string | null }[];
  blocks: { id: number; name: string; startsAt: number; endsAt: number; skipped: string | null }[];
  clients: CalloutClient[];
};

/** A client a call-out may be for, with what its card shows, so a call-out started offline shows the real client at once. */
export type CalloutClient = {
  value: string;
  label: string;
  tier: Tier;
  address: string;
  phone: string;
  contactName: string;
};

/**
 * The clients an unplanned call-out may be for: the forms' own list of a small firm (listClientOptions); a big one
 * gets the clients this person worked for in the last 180 days, not a search, because Today works offline.
 */
function calloutClients(db: DB, member: Member, now: number): CalloutClient[] {
  return withCardDetails(db, member, calloutOptions(db, member, now));
}

function calloutOptions(db: DB, member: Member, now: number): { value: string; label: string }[] {
  return (
    listClientOptions(member) ??
    (
      db.$client
        .prepare(
          `select c.id, c.name from (select client_id, max(started_at) as last from time_entries indexed by time_entries_user_started_idx
                                     where user_id = @userId and started_at > @since and client_id is not null group by client_id) r
             join clients c on c.id = r.client_id
            where c.firm_id = @firmId and c.status in ('active', 'prospect')
            order by r.last desc limit ${MAX_CLIENT_OPTIONS}`,
        )
        .all({ firmId: member.firmId, userId: member.userId, since: now - 180 * DAY_MS }) as { id: number; name: string }[]
    )
      .map((c) => ({ value: String(c.id), label: c.name }))
      .sort((x, y) => x.label.localeCompare(y.label))
  );
}

/** The tier and ways to reach each client, as a planned visit's card shows them (at most MAX_CLIENT_OPTIONS ids). */
function withCardDetails(db: DB, member: Member, options: { value: string; label: string }[]): CalloutClient[] {
  if (options.length === 0) return [];
  const rows = db
    .select({
      id: schema.clients.id,
      tier: schema.clients.tier,
      address: schema.clients.address,
      phone: schema.clients.phone,
      contactName: schema.clients.contactName,
    })
    .from(schema.clients)
    .where(
      and(
        eq(schema.clients.firmId, member.firmId),
        inArray(
          schema.clients.id,
          options.map((o) => Number(o.value)),
        ),
      ),
    )
    .all();
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return options.flatMap((o) => {
    const r = byId.get(o.value);
    return r ? [{ ...o, tier: r.tier, address: r.address, phone: r.phone, contactName: r.contactName }] : [];
  });
}

/** The caller's visits that overlap the day (a to b), and a check-in still open from an earlier day. */
function todayVisits(db: DB, member: Member, date: LocalDate, zone: string, a: number, b: number): TodayVisit[] {
  const checkedInDay = (t: number | null) => {
    const day = t === null ? date : instantToLocal(t, zone).date;
    return day === date ? null : dayLabel(day);
  };
  return db
    .select({
      v: schema.visits,
      clientName: schema.clients.name,
      tier: schema.clients.tier,
      address: schema.clients.address,
      phone: schema.clients.phone,
      contactName: schema.clients.contactName,
    })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, member.firmId),
        eq(schema.visits.userId, member.userId),
        inArray(schema.visits.status, ['scheduled', 'checked_in', 'done', 'cancelled']),
        or(
          and(lt(schema.visits.startsAt, b), gt(schema.visits.endsAt, a)),
          and(eq(schema.visits.status, 'checked_in'), lt(schema.visits.startsAt, a)),
        ),
      ),
    )
    .orderBy(asc(schema.visits.startsAt))
    .all()
    .map((r): TodayVisit => ({
      id: r.v.id,
      clientId: r.v.clientId,
      clientName: r.clientName,
      tier: r.tier,
      address: r.address,
      phone: r.phone,
      contactName: r.contactName,
      notes: r.v.notes,
      status: r.v.status,
      startsAt: r.v.startsAt!,
      endsAt: r.v.endsAt!,
      travelMinutes: r.v.travelMinutes,
      checkedInAt: r.v.checkedInAt,
      checkedInDay: checkedInDay(r.v.checkedInAt),
      checkedOutAt: r.v.checkedOutAt,
      summary: r.v.summary,
      unplanned: r.v.unplanned,
    }));
}

/**
 * The caller's own day: visits (planned and unplanned), appointments and protected blocks, in order. A check-in
 * left open on an earlier day is in it too: until it is checked out no other check-in is accepted, so the phone
 * must be able to close it.
 */
export function getToday(member: Member, now = Date.now()): TodayDTO {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  // The firm's columns this page needs, by the prepared read every page makes (a select of every column cost 3 % of it).
  const firm = getFirm(member);
  const zone = firm.timeZone;
  const date = today(zone, now);
  const a = localToInstant(date, 0, zone);
  const b = localToInstant(addDays(date, 1), 0, zone);
  const user = db.select({ shareLocation: schema.users.shareLocation }).from(schema.users).where(eq(schema.users.id, member.userId)).get();
  const visits = todayVisits(db, member, date, zone, a, b);
  // Busy time from the person's own other calendars reads as their appointments do (the titles are theirs to see).
  const appointments = appointmentsOverlapping(db, member.firmId, [member.userId], a, b).concat(
    externalBusyOf(db, member.firmId, [member.userId], a, b).map((x) => ({
      id: -x.id,
      userId: x.userId,
      title: x.title || 'Busy',
      startsAt: x.startsAt,
      endsAt: x.endsAt,
      client: 'From your own calendar',
    })),
  );
  const blocks = occurrencesOf(db, member.firmId, [member.userId], date, date, zone).map((o) => ({
    id: o.blockId,
    name: blockName(o),
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    skipped: o.skipped,
  }));
  // The owed marketing kept free today (the grid's "Kept for marketing"): protected time like a block.
  keptOnDay(db, member.firmId, member.userId, zone, date, now).forEach(([startsAt, endsAt], i) =>
    blocks.push({ id: -(i + 1), name: KEPT_TITLE, startsAt, endsAt, skipped: null }),
  );
  const clients = calloutClients(db, member, now);
  return {
    date,
    clock: zoneClock(zone, localToInstant(addDays(date, -1), 0, zone), localToInstant(addDays(date, 3), 0, zone), firm.hourClock),
    billingIncrementMinutes: firm.billingIncrementMinutes,
    shareLocation: Boolean(user?.shareLocation),
    visits,
    appointments,
    blocks,
    clients,
  };
}

/** Turns location sharing on or off for the caller only. */
export function setShareLocation(member: Member, on: boolean): void {
  assertCan(member.role, 'account.own');
  getDb().update(schema.users).set({ shareLocation: on }).where(eq(schema.users.id, member.userId)).run();
}

export function shareLocationOf(member: Member): boolean {
  assertCan(member.role, 'account.own');
  return Boolean(getDb().select({ on: schema.users.shareLocation }).from(schema.users).where(eq(schema.users.id, member.userId)).get()?.on);
}
