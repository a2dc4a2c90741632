import 'server-only';
import { notFound } from 'next/navigation';
import { getSchedulePerson, type Person } from '@/lib/dal/people';
import type { Member } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';

/** The person named by `?who=` (default: the caller), or the 404 page when the caller may not see them. */
export function personFromQuery(member: Member, who: string | string[] | undefined): Person {
  const id = typeof who === 'string' && /^\d+$/.test(who) ? Number(who) : member.userId;
  try {
    return getSchedulePerson(member, id);
  } catch (e) {
    if (e instanceof NotFoundError || e instanceof ForbiddenError) notFound();
    throw e;
  }
}
