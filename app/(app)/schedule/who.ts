import 'server-only';
import { getSchedulePerson, listSchedulablePeople, type Person } from '@/lib/dal/people';
import type { Member } from '@/lib/dal/session';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';

const idOf = (who: string | string[] | undefined) => (typeof who === 'string' && /^\d+$/.test(who) ? Number(who) : null);

/** The person named by `?who=` (default: the caller), or the 404 page when the caller may not see them. */
export function personFromQuery(member: Member, who: string | string[] | undefined): Person {
  return orNotFound(() => getSchedulePerson(member, idOf(who) ?? member.userId));
}

/**
 * Whose working hours or marketing blocks a page shows, and whom the caller
 * may pick from. Managers (owner, staff) pick anyone whose time is booked;
 * consultants get only their own. Office staff have no bookable time of their
 * own, so without `?who=` they get no person (the page asks them to pick)
 * rather than their own page, which would always be empty. Whether the caller
 * may act for the person is decided by the data layer (getSchedulePerson).
 */
export function choosePerson(member: Member, who: string | string[] | undefined): { person: Person | null; people: Person[] | null } {
  const people = can(member.role, 'schedule.manage') ? listSchedulablePeople(member) : null;
  const id = idOf(who) ?? (can(member.role, 'schedule.own') ? member.userId : null);
  return { person: id === null ? null : orNotFound(() => getSchedulePerson(member, id)), people };
}
