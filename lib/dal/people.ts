import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { assertCan, can, ForbiddenError, NotFoundError } from '@/lib/permissions';
import { schedulablePeople, type Person } from './internal/people';
import type { Member } from './session';

export type { Person };

/**
 * The person `userId` if the caller may work on their schedule: managers (owner,
 * staff) on anyone's in the firm, consultants only on their own. Another firm's
 * id is "not found", like a missing one.
 */
export function personFor(conn: Conn, member: Member, userId: number): Person {
  const row = conn
    .select({ id: schema.users.id, name: schema.users.name, role: schema.users.role, microCapMinutesPerWeek: schema.users.microCapMinutesPerWeek })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That person');
  if (!can(member.role, 'schedule.manage')) {
    if (!(can(member.role, 'schedule.own') && userId === member.userId)) throw new ForbiddenError('schedule.manage');
  }
  return row;
}

/** The people whose time can be booked, for a page: any member may see who takes visits. */
export function listSchedulablePeople(member: Member): Person[] {
  assertCan(member.role, 'schedule.read');
  return schedulablePeople(getDb(), member.firmId);
}
