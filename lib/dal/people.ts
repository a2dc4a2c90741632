import 'server-only';
import { getDb } from '@/db';
import { assertCan } from '@/lib/permissions';
import { schedulablePeople, toPerson, type Person } from './internal/people';
import { getUserOrThrow } from './internal/records';
import type { Member } from './session';

export type { Person };

/** The people whose time can be booked, for a page: any member may see who takes visits. */
export function listSchedulablePeople(member: Member): Person[] {
  assertCan(member.role, 'schedule.read');
  return schedulablePeople(getDb(), member.firmId);
}

/**
 * The person whose schedule a page shows: managers (owner, staff) may open
 * anyone's in the firm, consultants only their own. Another firm's id is "not
 * found", like a missing one.
 */
export function getSchedulePerson(member: Member, userId: number): Person {
  assertCan(member.role, 'schedule.read');
  return toPerson(getUserOrThrow(getDb(), member, userId, 'schedule'));
}
