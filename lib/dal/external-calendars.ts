import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { ExternalCalendarStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { MINUTE_MS } from '@/lib/time/units';
import { refreshCalendarRow } from './internal/external-busy';
import { writeTransaction } from './internal/write';
import type { Member } from './session';

/**
 * A person's own other calendars (Settings → Your account). Only the owner
 * manages them, and even the owner sees the address masked: it is a
 * password to their whole calendar.
 */

export const MAX_CALENDARS_PER_PERSON = 5;
/** "Refresh now" at most this often per calendar: each is a fetch to someone else's server. */
export const REFRESH_THROTTLE_MS = 60_000;

export type ExternalCalendarDTO = {
  id: number;
  maskedUrl: string;
  status: ExternalCalendarStatus;
  statusMessage: string;
  lastFetchedAt: number | null;
  lastAttemptAt: number | null;
  eventCount: number;
};

/** The host and the last part of the path: enough to tell two calendars apart, not enough to read one. */
export function maskCalendarUrl(url: string): string {
  try {
    const u = new URL(url);
    const last = u.pathname.split('/').filter(Boolean).pop() ?? '';
    const tail = last.length > 16 ? `${last.slice(0, 4)}…` : last;
    return `${u.host}/…${tail ? `/${tail}` : ''}`;
  } catch {
    return '…';
  }
}

function ownRow(member: Member, id: number) {
  const c = schema.externalCalendars;
  const row = getDb()
    .select({ id: c.id, firmId: c.firmId, userId: c.userId, url: c.url, lastAttemptAt: c.lastAttemptAt })
    .from(c)
    .where(and(eq(c.id, id), eq(c.firmId, member.firmId), eq(c.userId, member.userId)))
    .get();
  if (!row) throw new UserFacingError('That calendar is not one of yours.');
  return row;
}

export function listOwnCalendars(member: Member): ExternalCalendarDTO[] {
  assertCan(member.role, 'account.own');
  const c = schema.externalCalendars;
  return getDb()
    .select({
      id: c.id,
      url: c.url,
      status: c.status,
      statusMessage: c.statusMessage,
      lastFetchedAt: c.lastFetchedAt,
      lastAttemptAt: c.lastAttemptAt,
      eventCount: c.eventCount,
    })
    .from(c)
    .where(and(eq(c.firmId, member.firmId), eq(c.userId, member.userId)))
    .orderBy(asc(c.id))
    .all()
    .map(({ url, ...rest }) => ({ ...rest, maskedUrl: maskCalendarUrl(url) }));
}

/** Adds the address (already checked as http/https by the form's schema); it is read right after. */
export function addOwnCalendar(member: Member, url: string): number {
  assertCan(member.role, 'account.own');
  return writeTransaction((tx) => {
    const c = schema.externalCalendars;
    const mine = tx
      .select({ url: c.url })
      .from(c)
      .where(and(eq(c.firmId, member.firmId), eq(c.userId, member.userId)))
      .all();
    if (mine.some((m) => m.url === url)) throw new UserFacingError('That calendar is already added.', 'url');
    if (mine.length >= MAX_CALENDARS_PER_PERSON)
      throw new UserFacingError(`You can add up to ${MAX_CALENDARS_PER_PERSON} calendars; remove one first.`, 'url');
    return tx.insert(c).values({ firmId: member.firmId, userId: member.userId, url }).returning({ id: c.id }).get().id;
  });
}

/** Removes the calendar and, with it, its busy time. */
export function removeOwnCalendar(member: Member, id: number): void {
  assertCan(member.role, 'account.own');
  writeTransaction((tx) => {
    const c = schema.externalCalendars;
    const gone = tx
      .delete(c)
      .where(and(eq(c.id, id), eq(c.firmId, member.firmId), eq(c.userId, member.userId)))
      .returning({ id: c.id })
      .get();
    if (!gone) throw new UserFacingError('That calendar is not one of yours.');
  });
}

/** Calendars read at once when added, per person, in READ_ON_ADD_WINDOW_MS; more wait for the timer. */
export const READS_ON_ADD = 5;
export const READ_ON_ADD_WINDOW_MS = 10 * MINUTE_MS;
/**
 * When this process last read a just-added calendar, per person. Removing and adding a calendar in a loop
 * would otherwise make the server fetch someone else's address back to back. Kept in memory: one server
 * process serves the firm, and a restart forgetting it only gives back a few reads.
 */
const readsOnAdd = new Map<number, number[]>();

/** Takes one of the person's reads of a calendar never read before, if any is left in the window. */
function takeFirstRead(userId: number, now: number): boolean {
  const recent = (readsOnAdd.get(userId) ?? []).filter((t) => t > now - READ_ON_ADD_WINDOW_MS);
  const ok = recent.length < READS_ON_ADD;
  if (ok) recent.push(now);
  if (recent.length) readsOnAdd.set(userId, recent);
  else readsOnAdd.delete(userId);
  return ok;
}

/**
 * Reads a calendar its owner has just added, at once while they have had fewer than READS_ON_ADD calendars read
 * for the first time in the last ten minutes; after that it is left unread (null), and the housekeeping timer
 * reads it within minutes.
 */
export async function readAddedCalendar(member: Member, id: number, now = Date.now()): Promise<ExternalCalendarDTO | null> {
  assertCan(member.role, 'account.own');
  ownRow(member, id); // only one's own, whether read now or not
  if (!takeFirstRead(member.userId, now)) return null;
  return refreshOwnCalendar(member, id, now, true);
}

/** Reads the calendar now, unless it was read in the last minute. Its status tells how it went. */
export async function refreshOwnCalendar(member: Member, id: number, now = Date.now(), force = false): Promise<ExternalCalendarDTO> {
  assertCan(member.role, 'account.own');
  const row = ownRow(member, id);
  if (!force && row.lastAttemptAt !== null && now - row.lastAttemptAt < REFRESH_THROTTLE_MS)
    throw new UserFacingError('That calendar was read less than a minute ago; try again in a minute.');
  // Never read yet: a first read, from the same budget as reading on add (else add, refresh, remove would loop).
  if (!force && row.lastAttemptAt === null && !takeFirstRead(member.userId, now))
    throw new UserFacingError('Several of your calendars were read just now: this one will be read within a few minutes.');
  await refreshCalendarRow(getDb(), row, now);
  const shown = listOwnCalendars(member).find((x) => x.id === id);
  if (!shown) throw new UserFacingError('That calendar is not one of yours.');
  return shown;
}
