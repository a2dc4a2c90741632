import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { instantToLocal } from '@/lib/time/zoned';
import { firmTimeZone } from './internal/firm';
import { blockOverlapping, bookingsOverlapping, dayOffOverlapping } from './internal/placement';
import { getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/**
 * Undoing the removal of an appointment. A removal deletes the row (nothing else points at an appointment) and
 * its audit entry keeps the whole row; the undo puts that row back exactly, id included, so every reference to it
 * (the audit trail, a calendar feed's UID) means the same appointment again. No second, soft-deleted kind of
 * appointment for every query to remember to skip.
 */

type Row = typeof schema.appointments.$inferSelect;

/** The row as it was when it was removed (the latest removal of that id in the caller's firm), or null. */
function removedRow(conn: Conn, member: Member, appointmentId: number): Row | null {
  const entry = conn
    .select({ before: schema.auditLog.before })
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.firmId, member.firmId),
        eq(schema.auditLog.action, 'appointment.delete'),
        eq(schema.auditLog.entityType, 'appointment'),
        eq(schema.auditLog.entityId, appointmentId),
      ),
    )
    .orderBy(desc(schema.auditLog.id))
    .get();
  const row = entry?.before as Row | undefined;
  return row && row.id === appointmentId && row.firmId === member.firmId ? row : null;
}

const exists = (conn: Conn, id: number) =>
  conn.select({ id: schema.appointments.id }).from(schema.appointments).where(eq(schema.appointments.id, id)).get() !== undefined;

export type RemovedAppointment = { id: number; userId: number; title: string; startsAt: number; endsAt: number; back: boolean };

/** A removed appointment the caller may take back, for the notice that offers Undo (`back` once it is in the week again). */
export function getRemovedAppointment(member: Member, appointmentId: number): RemovedAppointment | null {
  assertCan(member.role, 'schedule.write');
  const conn = getDb();
  const row = removedRow(conn, member, appointmentId);
  if (!row) return null;
  try {
    getUserOrThrow(conn, member, row.userId, 'schedule');
  } catch {
    return null;
  }
  const { id, userId, title, startsAt, endsAt } = row;
  return { id, userId, title, startsAt, endsAt, back: exists(conn, id) };
}

/**
 * Puts a removed appointment back, exactly as it was, while its time is still free (no protected block, booking or
 * day off has taken it since). Refused, changing nothing, otherwise. Returns the person and date, for the week to show.
 */
export function restoreAppointment(member: Member, appointmentId: number): { userId: number; date: string } {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const row = removedRow(tx, member, appointmentId);
    if (!row) throw new NotFoundError('That appointment');
    getUserOrThrow(tx, member, row.userId, 'schedule');
    if (exists(tx, row.id)) throw new UserFacingError(`“${row.title}” is already back in the week.`);
    const zone = firmTimeZone(tx, member.firmId);
    const date = instantToLocal(row.startsAt, zone).date;
    const off = dayOffOverlapping(tx, member.firmId, row.userId, date, instantToLocal(row.endsAt - 1, zone).date);
    if (off) throw new UserFacingError(`“${row.title}” cannot come back: ${off}`);
    const block = blockOverlapping(tx, member.firmId, row.userId, row.startsAt, row.endsAt, zone);
    const clash = block
      ? `the protected marketing block ${block}`
      : bookingsOverlapping(tx, member.firmId, row.userId, row.startsAt, row.endsAt, null)[0];
    if (clash) throw new UserFacingError(`“${row.title}” cannot come back: its time now holds ${clash}.`);
    tx.insert(schema.appointments).values(row).run();
    writeAudit(tx, member, { action: 'appointment.restore', entity: 'appointment', id: row.id, after: row });
    return { userId: row.userId, date };
  });
}
