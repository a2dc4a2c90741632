import 'server-only';
import { eq } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { planDateProblem } from '@/lib/time/date-rules';
import { instantToLocal, localToInstant, today, type LocalDate } from '@/lib/time/zoned';
import type { AppointmentInput } from '@/lib/validations/schedule';
import { firmTimeZone } from './internal/firm';
import { blockOverlapping, bookingsOverlapping, dayOffOverlapping } from './internal/placement';
import { getAppointmentOrThrow, getChosenClientOrThrow, getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { MINUTE_MS, MINUTES_PER_DAY } from '@/lib/time/units';

/** Appointments: sweet-spot work and other busy time, booked by hand outside protected blocks. */

/**
 * The rules an appointment's time obeys, whether it is added or moved: not in the past (nor years ahead), not on a
 * day off, never over a protected marketing block or another booking (`ignore`: the appointment being moved).
 * Call inside the writing transaction; throws a UserFacingError naming what is in the way.
 */
function checkAppointmentTime(
  tx: Conn,
  member: Member,
  userId: number,
  date: LocalDate,
  start: number,
  end: number,
  ignore: number | null,
  now: number,
): { startsAt: number; endsAt: number } {
  const zone = firmTimeZone(tx, member.firmId);
  const badDate = planDateProblem(date, today(zone, now), 'The date');
  if (badDate) throw new UserFacingError(badDate, 'date');
  const off = dayOffOverlapping(tx, member.firmId, userId, date, date);
  if (off) throw new UserFacingError(off, 'date');
  const startsAt = localToInstant(date, start, zone);
  const endsAt = localToInstant(date, end, zone);
  const blocking = blockOverlapping(tx, member.firmId, userId, startsAt, endsAt, zone);
  if (blocking)
    throw new UserFacingError(
      `That overlaps the protected marketing block ${blocking}. Skip or move that occurrence first if you really mean to.`,
      'start',
    );
  const clash = bookingsOverlapping(tx, member.firmId, userId, startsAt, endsAt, null, ignore)[0];
  if (clash) throw new UserFacingError(`That overlaps ${clash}.`, 'start');
  return { startsAt, endsAt };
}

export function createAppointment(member: Member, input: AppointmentInput, now = Date.now()): number {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
    if (input.clientId !== null) getChosenClientOrThrow(tx, member, input.clientId);
    const { startsAt, endsAt } = checkAppointmentTime(tx, member, person.id, input.date, input.start, input.end, null, now);
    const row = tx
      .insert(schema.appointments)
      .values({
        firmId: member.firmId,
        userId: person.id,
        clientId: input.clientId,
        title: input.title,
        startsAt,
        endsAt,
        notes: input.notes,
      })
      .returning({ id: schema.appointments.id })
      .get();
    writeAudit(tx, member, { action: 'appointment.create', entity: 'appointment', id: row.id, after: { ...input, userId: person.id } });
    return row.id;
  });
}

/**
 * Removes an appointment; its audit entry keeps the whole row, which is what Undo puts back (./appointment-undo.ts).
 * Returns whose it was and its local date, for the week that offers the Undo.
 */
export function deleteAppointment(member: Member, appointmentId: number): { userId: number; date: string } {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const row = getAppointmentOrThrow(tx, member, appointmentId);
    tx.delete(schema.appointments).where(eq(schema.appointments.id, row.id)).run();
    writeAudit(tx, member, { action: 'appointment.delete', entity: 'appointment', id: row.id, before: row });
    return { userId: row.userId, date: instantToLocal(row.startsAt, firmTimeZone(tx, member.firmId)).date };
  });
}

/**
 * Moves an appointment to another start (and, for whoever may work on both schedules, another person), keeping its
 * length unless a new `end` is given (resizing): the same rules as adding one, checked in the writing transaction.
 */
export function moveAppointment(
  member: Member,
  appointmentId: number,
  userId: number,
  date: LocalDate,
  start: number,
  end: number | null = null,
  now = Date.now(),
): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const row = getAppointmentOrThrow(tx, member, appointmentId);
    const person = getUserOrThrow(tx, member, userId, 'schedule');
    const minutes = end === null ? Math.round((row.endsAt - row.startsAt) / MINUTE_MS) : end - start;
    if (minutes <= 0) throw new UserFacingError('The end must be after the start.', 'end');
    if (start + minutes > MINUTES_PER_DAY) throw new UserFacingError('An appointment must end by midnight of its day.', 'start');
    const { startsAt, endsAt } = checkAppointmentTime(tx, member, person.id, date, start, start + minutes, row.id, now);
    tx.update(schema.appointments).set({ userId: person.id, startsAt, endsAt }).where(eq(schema.appointments.id, row.id)).run();
    writeAudit(tx, member, {
      action: 'appointment.move',
      entity: 'appointment',
      id: row.id,
      before: { userId: row.userId, startsAt: row.startsAt, endsAt: row.endsAt },
      after: { userId: person.id, startsAt, endsAt },
    });
  });
}
