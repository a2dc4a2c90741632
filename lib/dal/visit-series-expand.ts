/**
 * Recurring visits made into open visit requests ahead of time, so the
 * auto-scheduler and the queue see them like any other request. Each
 * occurrence the rule gives within EXPAND_AHEAD_DAYS becomes one visit whose
 * window runs windowDays from its date (from today, when it started
 * already); the unique (series, date) index makes every run idempotent, and
 * an occurrence that was cancelled is never made again.
 *
 * Plain module (no `server-only`): the server's timer calls it with the
 * connection it is given, and the request form calls it inside its own
 * writing transaction.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { DB } from '../../db';
import * as schema from '../../db/schema';
import { ruleDates, ruleText, type BlockRule } from '@/lib/time/recurrence';
import { addDays, today, type LocalDate } from '@/lib/time/zoned';

/** How far ahead occurrences exist as requests: the auto-scheduler plans up to a few weeks out. */
export const EXPAND_AHEAD_DAYS = 42;

type Conn = Pick<DB, 'select' | 'insert'>;
type Series = typeof schema.visitSeries.$inferSelect;

const asRule = (s: Pick<Series, 'id' | 'rrule' | 'firstDate'>): BlockRule => ({
  id: s.id,
  userId: 0,
  kind: 'visit',
  title: '',
  repeat: 'rule',
  weekday: 1,
  startMinute: 0,
  endMinute: 0,
  firstDate: s.firstDate,
  lastDate: null,
  rrule: s.rrule,
});

/** "every month on the 1st Tuesday" */
export const seriesText = (s: Pick<Series, 'id' | 'rrule' | 'firstDate'>) => ruleText(asRule(s));

/** The occurrence dates whose window still has a day on or after `day`, up to EXPAND_AHEAD_DAYS ahead. */
export function dueOccurrences(s: Pick<Series, 'id' | 'rrule' | 'firstDate' | 'windowDays'>, day: LocalDate): LocalDate[] {
  return ruleDates(asRule(s), addDays(day, 1 - s.windowDays), addDays(day, EXPAND_AHEAD_DAYS));
}

/** Makes the missing occurrences of one series as open requests; returns how many were made. */
export function expandSeries(tx: Conn, series: Series, day: LocalDate): number {
  let made = 0;
  for (const date of dueOccurrences(series, day)) {
    const earliest = date < day ? day : date;
    const row = tx
      .insert(schema.visits)
      .values({
        firmId: series.firmId,
        clientId: series.clientId,
        durationMinutes: series.durationMinutes,
        priority: series.priority,
        earliestDate: earliest,
        latestDate: addDays(date, series.windowDays - 1),
        allowedUserIds: series.allowedUserIds,
        travelMinutes: series.travelMinutes,
        notes: series.notes,
        createdByUserId: series.createdByUserId,
        seriesId: series.id,
        occurrenceDate: date,
      })
      .onConflictDoNothing()
      .returning({ id: schema.visits.id })
      .get();
    if (row) made++;
  }
  return made;
}

/** Every running series of every firm, each in its firm's today; an archived client's wait (as a request for one is refused). Called on the server's timer. */
export function expandAllSeries(db: DB, now: number): number {
  return db.transaction(
    (tx) => {
      const rows = tx
        .select({ series: schema.visitSeries, zone: schema.firms.timeZone })
        .from(schema.visitSeries)
        .innerJoin(schema.firms, eq(schema.firms.id, schema.visitSeries.firmId))
        .innerJoin(schema.clients, eq(schema.clients.id, schema.visitSeries.clientId))
        .where(and(isNull(schema.visitSeries.endedAt), ne(schema.clients.status, 'archived')))
        .all();
      return rows.reduce((n, { series, zone }) => n + expandSeries(tx, series, today(zone, now)), 0);
    },
    { behavior: 'immediate' },
  );
}
