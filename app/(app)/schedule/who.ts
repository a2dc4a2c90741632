import 'server-only';
import { getSchedulePerson, type Person } from '@/lib/dal/people';
import type { Member } from '@/lib/dal/session';
import { orNotFound } from '@/lib/not-found';

/** The person named by `?who=` (default: the caller), or the 404 page when the caller may not see them. */
export function personFromQuery(member: Member, who: string | string[] | undefined): Person {
  const id = typeof who === 'string' && /^\d+$/.test(who) ? Number(who) : member.userId;
  return orNotFound(() => getSchedulePerson(member, id));
}
