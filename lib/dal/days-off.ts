import 'server-only';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { dayLabel, dayRangeLabel } from '@/lib/time/format';
import { addDays, localToInstant, type LocalDate } from '@/lib/time/zoned';
import type { TimeOffInput } from '@/lib/validations/schedule';
import { firmTimeZone } from './internal/firm';
import { schedulablePeople } from './internal/people';
import { bookingsOverlapping } from './internal/placement';
import { getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/**
 * The firm's holidays (kept by the owner) and each person's time off (their
 * own, or anyone's for owner and staff). On those days no marketing block
 * happens, nothing may be booked, and the auto-scheduler sees busy time.
 */

export type HolidayDTO = { id: number; date: LocalDate; name: string };
export type TimeOffDTO = { id: number; userId: number; firstDate: LocalDate; lastDate: LocalDate; note: string };

/** The firm's holidays and the person's time off that end on or after `from`. */
export function listDaysOff(member: Member, userId: number, from: LocalDate): { holidays: HolidayDTO[]; timeOff: TimeOffDTO[] } {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = getUserOrThrow(db, member, userId, 'schedule');
  const h = schema.firmHolidays;
  const t = schema.timeOff;
  const holidays = db
    .select({ id: h.id, date: h.date, name: h.name })
    .from(h)
    .where(and(eq(h.firmId, member.firmId), gte(h.date, from)))
    .orderBy(asc(h.date))
    .all();
  const timeOff = db
    .select({ id: t.id, userId: t.userId, firstDate: t.firstDate, lastDate: t.lastDate, note: t.note })
    .from(t)
    .where(and(eq(t.firmId, member.firmId), eq(t.userId, person.id), gte(t.lastDate, from)))
    .orderBy(asc(t.firstDate))
    .all();
  return { holidays, timeOff };
}

/** The first booking (visit or appointment) of the person on local days [first, last], described, or null. */
function bookingOn(conn: Conn, firmId: number, userId: number, first: LocalDate, last: LocalDate): string | null {
  const zone = firmTimeZone(conn, firmId);
  const a = localToInstant(first, 0, zone);
  const b = localToInstant(addDays(last, 1), 0, zone);
  return bookingsOverlapping(conn, firmId, userId, a, b, null)[0] ?? null;
}

/** Adds a firm holiday; refused, changing nothing, while anyone has a visit or appointment that day. */
export function addHoliday(member: Member, date: LocalDate, name: string): number {
  assertCan(member.role, 'firm.settings');
  return writeTransaction((tx) => {
    const h = schema.firmHolidays;
    const same = tx
      .select({ name: h.name })
      .from(h)
      .where(and(eq(h.firmId, member.firmId), eq(h.date, date)))
      .get();
    if (same) throw new UserFacingError(`${dayLabel(date)} is already the holiday “${same.name}”.`, 'date');
    for (const p of schedulablePeople(tx, member.firmId)) {
      const booked = bookingOn(tx, member.firmId, p.id, date, date);
      if (booked) throw new UserFacingError(`${p.name} has ${booked} that day: move it first.`, 'date');
    }
    const row = tx.insert(h).values({ firmId: member.firmId, date, name }).returning({ id: h.id }).get();
    writeAudit(tx, member, { action: 'holiday.create', entity: 'firm_holiday', id: row.id, after: { date, name } });
    return row.id;
  });
}

export function removeHoliday(member: Member, holidayId: number): void {
  assertCan(member.role, 'firm.settings');
  writeTransaction((tx) => {
    const h = schema.firmHolidays;
    const row = tx
      .select({ id: h.id, date: h.date, name: h.name })
      .from(h)
      .where(and(eq(h.id, holidayId), eq(h.firmId, member.firmId)))
      .get();
    if (!row) throw new NotFoundError('That holiday');
    tx.delete(h).where(eq(h.id, row.id)).run();
    writeAudit(tx, member, { action: 'holiday.delete', entity: 'firm_holiday', id: row.id, before: row });
  });
}

/** Records time off; refused, changing nothing, over other time off of theirs or while they have a booking on those days. */
export function addTimeOff(member: Member, input: TimeOffInput): number {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
    const t = schema.timeOff;
    const overlap = tx
      .select({ firstDate: t.firstDate, lastDate: t.lastDate })
      .from(t)
      .where(and(eq(t.firmId, member.firmId), eq(t.userId, person.id), lte(t.firstDate, input.lastDate), gte(t.lastDate, input.firstDate)))
      .get();
    if (overlap)
      throw new UserFacingError(`${person.name} already has time off ${dayRangeLabel(overlap.firstDate, overlap.lastDate)}.`, 'firstDate');
    const booked = bookingOn(tx, member.firmId, person.id, input.firstDate, input.lastDate);
    if (booked) throw new UserFacingError(`${person.name} has ${booked} in those days: move it first.`, 'firstDate');
    const row = tx
      .insert(t)
      .values({
        firmId: member.firmId,
        userId: person.id,
        firstDate: input.firstDate,
        lastDate: input.lastDate,
        note: input.note,
        byUserId: member.userId,
      })
      .returning({ id: t.id })
      .get();
    writeAudit(tx, member, { action: 'time_off.create', entity: 'time_off', id: row.id, after: { ...input, userId: person.id } });
    return row.id;
  });
}

export function removeTimeOff(member: Member, timeOffId: number): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const t = schema.timeOff;
    const row = tx
      .select({ id: t.id, userId: t.userId, firstDate: t.firstDate, lastDate: t.lastDate, note: t.note })
      .from(t)
      .where(and(eq(t.id, timeOffId), eq(t.firmId, member.firmId)))
      .get();
    if (!row) throw new NotFoundError('That time off');
    getUserOrThrow(tx, member, row.userId, 'schedule');
    tx.delete(t).where(eq(t.id, row.id)).run();
    writeAudit(tx, member, { action: 'time_off.delete', entity: 'time_off', id: row.id, before: row });
  });
}
