import 'server-only';
import { and, eq, gt, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { VisitStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { addDays, instantToLocal, mondayOf, type LocalDate, weekOf } from '@/lib/time/zoned';
import { dayLabel, formatHours, timeRangeLabel, timeSpan } from '@/lib/time/format';
import { firmHourClock, firmTimeZone } from './firm';
import { blockName, daysOffOf, occurrencesOf } from './blocks';
import { dayOff } from '@/lib/time/recurrence';
import { schedulablePeople } from './people';
import type { VisitRow } from './records';
import { workingHoursOf } from './working-hours';
import { externalBusyOverlapping } from './external-busy';
import { checkMarketingBudget, type VisitCost } from './marketing-budget';
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY } from '@/lib/time/units';

/**
 * The placement rules: what a booked visit, an appointment or a moved block
 * must not run into. The manual booking, the auto-schedule's accept step and
 * the request page's "days with room" all ask these same functions.
 */

/** Visits in these states hold their time. */
export const BOOKED: VisitStatus[] = ['scheduled', 'checked_in', 'done'];

/** The protected (not skipped) marketing occurrence overlapping [a, b) for the person, named with its time, or null. */
export function blockOverlapping(conn: Conn, firmId: number, userId: number, a: number, b: number, zone: string): string | null {
  const from = instantToLocal(a, zone).date;
  const to = instantToLocal(b, zone).date;
  const occ = occurrencesOf(conn, firmId, [userId], addDays(from, -1), to, zone).find((o) => !o.skipped && o.startsAt < b && a < o.endsAt);
  return occ ? `“${blockName(occ)}” (${timeRangeLabel(zone, occ.startsAt, occ.endsAt, { hours: firmHourClock(conn, firmId) })})` : null;
}

/**
 * Why nothing may be booked for the person on the local days [first, last]
 * (the firm's holiday, their time off), as a message, or null.
 */
export function dayOffOverlapping(conn: Conn, firmId: number, userId: number, first: LocalDate, last: LocalDate): string | null {
  const off = daysOffOf(conn, firmId, [userId], first, last);
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const why = dayOff(off, userId, d);
    if (why) return `${dayLabel(d)} is ${why}: nothing is booked then.`;
  }
  return null;
}

/** Appointments and booked visit footprints of the person overlapping [a, b), described for a message. */
export function bookingsOverlapping(
  conn: Conn,
  firmId: number,
  userId: number,
  a: number,
  b: number,
  ignoreVisitId: number | null,
  ignoreAppointmentId: number | null = null,
): string[] {
  const zone = firmTimeZone(conn, firmId);
  const out: string[] = [];
  const appts = conn
    .select({ title: schema.appointments.title, startsAt: schema.appointments.startsAt, endsAt: schema.appointments.endsAt })
    .from(schema.appointments)
    .where(
      and(
        eq(schema.appointments.firmId, firmId),
        eq(schema.appointments.userId, userId),
        lt(schema.appointments.startsAt, b),
        gt(schema.appointments.endsAt, a),
        ignoreAppointmentId === null ? undefined : ne(schema.appointments.id, ignoreAppointmentId),
      ),
    )
    .all();
  const style = { hours: firmHourClock(conn, firmId) };
  for (const x of appts) out.push(`the appointment “${x.title}” (${timeRangeLabel(zone, x.startsAt, x.endsAt, style)})`);
  const booked = conn
    .select({
      id: schema.visits.id,
      startsAt: schema.visits.startsAt,
      endsAt: schema.visits.endsAt,
      travel: schema.visits.travelMinutes,
      client: schema.clients.name,
    })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, firmId),
        eq(schema.visits.userId, userId),
        inArray(schema.visits.status, BOOKED),
        isNotNull(schema.visits.startsAt),
        lt(schema.visits.startsAt, b + DAY_MS),
        gt(schema.visits.endsAt, a - DAY_MS),
        ignoreVisitId === null ? undefined : ne(schema.visits.id, ignoreVisitId),
      ),
    )
    .all();
  for (const v of booked) {
    const f0 = v.startsAt! - v.travel * MINUTE_MS;
    const f1 = v.endsAt! + v.travel * MINUTE_MS;
    if (f0 < b && a < f1)
      out.push(`the visit to ${v.client} (${timeRangeLabel(zone, v.startsAt!, v.endsAt!, style)}, with ${v.travel} min travel each way)`);
  }
  return out;
}

/**
 * The days a visit may be booked on when its client picked some on the
 * request page (empty: any day of its window). They are the page request's
 * own stored days: the window runs from the first to the last, and a client
 * who picked Monday and Thursday means neither Tuesday nor Wednesday.
 */
export function pickedDaysOf(conn: Conn, firmId: number, visitId: number): LocalDate[] {
  const row = conn
    .select({ days: schema.publicRequests.preferredDates })
    .from(schema.publicRequests)
    .where(and(eq(schema.publicRequests.firmId, firmId), eq(schema.publicRequests.visitId, visitId)))
    .get();
  return row?.days ?? [];
}

/** Whether the client was made from a request-page request and staff have not yet confirmed its details. */
export function clientDetailsToConfirm(conn: Conn, firmId: number, clientId: number): boolean {
  const row = conn
    .select({ flag: schema.clients.detailsToConfirm })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, firmId), eq(schema.clients.id, clientId)))
    .get();
  return row?.flag ?? false;
}

export const CONFIRM_DETAILS_FIRST =
  'New client: confirm its details (address, computers, server, travel) before its first visit is booked.';

/** Micro-client visit minutes booked for the person in the local week starting `monday`. */
function microMinutesInWeek(
  conn: Conn,
  firmId: number,
  userId: number,
  monday: LocalDate,
  zone: string,
  ignoreVisitId: number | null,
): number {
  const { start: a, end: b } = weekOf(monday, zone);
  const rows = conn
    .select({ id: schema.visits.id, minutes: schema.visits.durationMinutes })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, firmId),
        eq(schema.visits.userId, userId),
        eq(schema.clients.tier, 'micro'),
        inArray(schema.visits.status, BOOKED),
        gt(schema.visits.startsAt, a - 1),
        lt(schema.visits.startsAt, b),
      ),
    )
    .all();
  return rows.filter((r) => r.id !== ignoreVisitId).reduce((s, r) => s + r.minutes, 0);
}

/**
 * Every rule a booked visit must obey, checked against the database as it is
 * (call inside the transaction that writes). Throws a UserFacingError naming
 * what is in the way. A micro visit that would leave the week's owed marketing
 * unreachable passes only with `overrideReason` (owners and staff; the caller
 * audits it) and then returns its cost.
 */
export function checkPlacement(
  conn: Conn,
  firmId: number,
  visit: VisitRow,
  userId: number,
  startsAt: number,
  overrideReason: string | null = null,
): VisitCost | null {
  if (clientDetailsToConfirm(conn, firmId, visit.clientId)) throw new UserFacingError(CONFIRM_DETAILS_FIRST);
  const zone = firmTimeZone(conn, firmId);
  const person = schedulablePeople(conn, firmId).find((p) => p.id === userId);
  if (!person) throw new UserFacingError('Choose an active consultant of the firm.', 'userId');
  if (visit.allowedUserIds.length && !visit.allowedUserIds.includes(userId))
    throw new UserFacingError(`${person.name} is not among the consultants this request allows.`, 'userId');
  const endsAt = startsAt + visit.durationMinutes * MINUTE_MS;
  const f0 = startsAt - visit.travelMinutes * MINUTE_MS;
  const f1 = endsAt + visit.travelMinutes * MINUTE_MS;
  const s = instantToLocal(startsAt, zone);
  const e = instantToLocal(endsAt, zone);
  const lastDay = e.minute === 0 ? addDays(e.date, -1) : e.date;
  if (s.date < visit.earliestDate || lastDay > visit.latestDate) {
    throw new UserFacingError(
      `The visit must fall between ${dayLabel(visit.earliestDate)} and ${dayLabel(visit.latestDate)} (its window).`,
      'date',
    );
  }
  const picked = pickedDaysOf(conn, firmId, visit.id);
  if (picked.length && !picked.includes(s.date))
    throw new UserFacingError(
      `The client can only have the visit on the days they picked: ${picked.map((d) => dayLabel(d)).join(', ')}.`,
      'date',
    );
  const off = dayOffOverlapping(conn, firmId, userId, s.date, lastDay);
  if (off) throw new UserFacingError(off, 'date');
  const fs = instantToLocal(f0, zone);
  const fe = instantToLocal(f1, zone);
  const feMinute = fe.date !== fs.date && fe.minute === 0 ? MINUTES_PER_DAY : fe.minute;
  const hours = workingHoursOf(conn, firmId, [userId]).get(userId)?.get(fs.weekday) ?? [];
  const clock = firmHourClock(conn, firmId);
  const sameDay = fe.date === fs.date || feMinute === MINUTES_PER_DAY;
  if (!sameDay || !hours.some(([a, b]) => a <= fs.minute && feMinute <= b)) {
    throw new UserFacingError(
      `With ${visit.travelMinutes} min travel each way (${timeSpan(fs.minute, feMinute, clock)}) that is outside ${person.name}’s working hours${hours.length ? ` (${hours.map(([a, b]) => timeSpan(a, b, clock)).join(', ')})` : ' — none that day'}.`,
      'start',
    );
  }
  const blocking = blockOverlapping(conn, firmId, userId, f0, f1, zone);
  if (blocking)
    throw new UserFacingError(
      `That overlaps the protected marketing block ${blocking}. Skip or move that occurrence first if you really mean to.`,
      'start',
    );
  const clash = bookingsOverlapping(conn, firmId, userId, f0, f1, visit.id)[0];
  if (clash) throw new UserFacingError(`With travel, that overlaps ${clash}.`, 'start');
  const away = externalBusyOverlapping(conn, firmId, userId, f0, f1);
  if (away)
    throw new UserFacingError(
      `${person.name} is busy then (their own calendar: ${timeRangeLabel(zone, away.startsAt, away.endsAt, { hours: clock })}).`,
      'start',
    );
  if (visit.clientTier === 'micro' && person.microCapMinutesPerWeek !== null) {
    const monday = mondayOf(s.date);
    const used = microMinutesInWeek(conn, firmId, userId, monday, zone, visit.id);
    if (used + visit.durationMinutes > person.microCapMinutesPerWeek) {
      throw new UserFacingError(
        `That would put ${person.name} at ${formatHours(used + visit.durationMinutes)} of micro-client visits in the week of ${dayLabel(monday)}, over the weekly cap of ${formatHours(person.microCapMinutesPerWeek)}.`,
        'start',
      );
    }
  }
  return checkMarketingBudget(conn, firmId, visit, userId, startsAt, overrideReason);
}
