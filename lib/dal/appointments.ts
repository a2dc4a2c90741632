import 'server-only';
import { eq } from 'drizzle-orm';
import { schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { planDateProblem } from '@/lib/time/date-rules';
import { instantToLocal, localToInstant, today } from '@/lib/time/zoned';
import type { AppointmentInput } from '@/lib/validations/schedule';
import { firmTimeZone } from './internal/firm';
import { blockOverlapping, bookingsOverlapping, dayOffOverlapping } from './internal/placement';
import { getAppointmentOrThrow, getChosenClientOrThrow, getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/** Appointments: sweet-spot work and other busy time, booked by hand outside protected blocks. */

export function createAppointment(member: Member, input: AppointmentInput, now = Date.now()): number {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
    if (input.clientId !== null) getChosenClientOrThrow(tx, member, input.clientId);
    const zone = firmTimeZone(tx, member.firmId);
    const badDate = planDateProblem(input.date, today(zone, now), 'The date');
    if (badDate) throw new UserFacingError(badDate, 'date');
    const off = dayOffOverlapping(tx, member.firmId, person.id, input.date, input.date);
    if (off) throw new UserFacingError(off, 'date');
    const startsAt = localToInstant(input.date, input.start, zone);
    const endsAt = localToInstant(input.date, input.end, zone);
    const blocking = blockOverlapping(tx, member.firmId, person.id, startsAt, endsAt, zone);
    if (blocking)
      throw new UserFacingError(
        `That overlaps the protected marketing block ${blocking}. Skip or move that occurrence first if you really mean to.`,
        'start',
      );
    const clash = bookingsOverlapping(tx, member.firmId, person.id, startsAt, endsAt, null)[0];
    if (clash) throw new UserFacingError(`That overlaps ${clash}.`, 'start');
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
