import 'server-only';
import { and, asc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import { schema, type Conn, type DB } from '@/db';
import { MAX_INTERVALS, type BusyInterval, type CalendarRead } from '@/lib/calendar-import/parse';
import { FetchFailed, safeFetchText, type SafeFetchOptions } from '@/lib/calendar-import/safe-fetch';
import { UserFacingError } from '@/lib/errors';
import { runTask } from '@/lib/jobs/pool';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';
import { firmTimeZone } from './firm';

/**
 * The busy time read from people's other calendars: kept for a window around
 * today, replaced as a whole on each read (one transaction, so the scheduler
 * never sees half a calendar), and a failed read keeps the last good
 * intervals and says why in the calendar's status.
 */

export const KEEP_BACK_MS = 7 * DAY_MS;
export const KEEP_AHEAD_MS = 90 * DAY_MS;
/** The timer reads a calendar again once its last attempt is this old. */
export const REFRESH_AFTER_MS = 30 * MINUTE_MS;

export type ExternalBusyRow = { id: number; userId: number; calendarId: number; startsAt: number; endsAt: number; title: string };

/** The external busy intervals of the people overlapping [a, b), by start. */
export function externalBusyOf(conn: Conn, firmId: number, userIds: number[], a: number, b: number): ExternalBusyRow[] {
  if (!userIds.length) return [];
  const x = schema.externalBusy;
  return conn
    .select({ id: x.id, userId: x.userId, calendarId: x.calendarId, startsAt: x.startsAt, endsAt: x.endsAt, title: x.title })
    .from(x)
    .where(and(eq(x.firmId, firmId), inArray(x.userId, userIds), lt(x.startsAt, b), gt(x.endsAt, a)))
    .orderBy(asc(x.startsAt))
    .all();
}

/** The first external busy interval of the person overlapping [a, b), or null. */
export function externalBusyOverlapping(conn: Conn, firmId: number, userId: number, a: number, b: number): ExternalBusyRow | null {
  return externalBusyOf(conn, firmId, [userId], a, b)[0] ?? null;
}

type CalendarRow = { id: number; firmId: number; userId: number; url: string };

function recordFailure(db: DB, row: CalendarRow, message: string, now: number): void {
  db.update(schema.externalCalendars)
    .set({ status: 'error', statusMessage: message, lastAttemptAt: now })
    .where(eq(schema.externalCalendars.id, row.id))
    .run();
}

/**
 * Reads one calendar and replaces its intervals, or records why not. Never
 * throws for a bad address or a bad file: the status says it.
 */
export async function refreshCalendarRow(db: DB, row: CalendarRow, now: number, fetchOptions: SafeFetchOptions = {}): Promise<void> {
  const from = now - KEEP_BACK_MS;
  const to = now + KEEP_AHEAD_MS;
  let intervals: BusyInterval[];
  try {
    const text = await safeFetchText(row.url, fetchOptions);
    // Parsing and expanding the recurrences is CPU work: a worker thread does it.
    const input = { text, zone: firmTimeZone(db, row.firmId), from, to };
    const read = JSON.parse(await runTask('calendar-busy', input, { timeoutMs: 30_000 })) as CalendarRead;
    if (!read.ok) return recordFailure(db, row, read.message, now);
    intervals = read.intervals;
  } catch (error) {
    if (error instanceof FetchFailed || error instanceof UserFacingError) return recordFailure(db, row, error.message, now);
    console.error('reading an external calendar failed', error);
    return recordFailure(db, row, 'The calendar could not be read.', now);
  }
  db.transaction(
    (tx) => {
      // Removed while it was being read: nothing to replace.
      const still = tx
        .select({ id: schema.externalCalendars.id })
        .from(schema.externalCalendars)
        .where(eq(schema.externalCalendars.id, row.id))
        .get();
      if (!still) return;
      tx.delete(schema.externalBusy).where(eq(schema.externalBusy.calendarId, row.id)).run();
      for (let i = 0; i < intervals.length; i += 200) {
        tx.insert(schema.externalBusy)
          .values(intervals.slice(i, i + 200).map((b) => ({ firmId: row.firmId, calendarId: row.id, userId: row.userId, ...b })))
          .run();
      }
      tx.update(schema.externalCalendars)
        .set({
          status: 'ok',
          statusMessage: intervals.length >= MAX_INTERVALS ? `Only the first ${MAX_INTERVALS} events are used.` : '',
          lastAttemptAt: now,
          lastFetchedAt: now,
          eventCount: intervals.length,
        })
        .where(eq(schema.externalCalendars.id, row.id))
        .run();
    },
    { behavior: 'immediate' },
  );
}

let running = false;

/**
 * The timer's job: every calendar not read for REFRESH_AFTER_MS, one after
 * the other (each fetch has its own caps), each on its own so one bad address
 * stops nothing. A run still going when the timer fires again is not doubled.
 */
export async function refreshDueCalendars(db: DB, now: number, fetchOptions: SafeFetchOptions = {}): Promise<number> {
  if (running) return 0;
  running = true;
  try {
    const c = schema.externalCalendars;
    // A deactivated person's calendars wait: nobody books them, and their address is not fetched for nothing.
    const due = db
      .select({ id: c.id, firmId: c.firmId, userId: c.userId, url: c.url })
      .from(c)
      .innerJoin(schema.users, and(eq(schema.users.id, c.userId), eq(schema.users.active, true)))
      .where(or(isNull(c.lastAttemptAt), lt(c.lastAttemptAt, now - REFRESH_AFTER_MS)))
      .orderBy(asc(c.id))
      .all();
    for (const row of due) {
      try {
        await refreshCalendarRow(db, row, now, fetchOptions);
      } catch (error) {
        console.error(`reading external calendar ${row.id} failed`, error);
      }
    }
    // Busy time long past is of no use to anyone.
    db.delete(schema.externalBusy)
      .where(lt(schema.externalBusy.endsAt, now - KEEP_BACK_MS))
      .run();
    return due.length;
  } finally {
    running = false;
  }
}
