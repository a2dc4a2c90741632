import 'server-only';
import { and, asc, eq, gte, isNull } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { buildRule, type RuleShape } from '@/lib/time/recurrence';
import { daysFrom, today, weekdayOf, type LocalDate } from '@/lib/time/zoned';
import type { VisitRequestInput } from '@/lib/validations/schedule';
import { firmTimeZone } from './internal/firm';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { expandSeries, seriesText } from './visit-series-expand';
import { checkVisitRequest } from './visits';

/** The rule's shape from the first window's date: weekly on its weekday, or monthly on its nth (or last) weekday. */
export function repeatShape(repeat: Exclude<VisitRepeatInput, 'none'>, firstDate: LocalDate): RuleShape {
  if (repeat === 'weekly') return { pattern: 'weekly', interval: 1 };
  if (repeat === 'biweekly') return { pattern: 'weekly', interval: 2 };
  const day = Number(firstDate.slice(8, 10));
  const weekday = weekdayOf(firstDate);
  // The 29th and later is the last such weekday of the month (a 5th one is missing from most months).
  return { pattern: 'monthly', position: day > 28 ? -1 : Math.ceil(day / 7), weekday };
}
type VisitRepeatInput = VisitRequestInput['repeat'];

/**
 * A recurring visit: the rule, then its occurrences ahead of time as open
 * requests (the first is the window the form gave), all in one transaction.
 * Returns the series id.
 */
export function createVisitSeries(member: Member, input: VisitRequestInput, now = Date.now()): number {
  assertCan(member.role, 'schedule.manage');
  if (input.repeat === 'none') throw new UserFacingError('Choose how often it repeats.', 'repeat');
  const repeat = input.repeat;
  return writeTransaction((tx) => {
    const { client, allowed, day } = checkVisitRequest(tx, member, input, now);
    const rrule = buildRule(repeatShape(repeat, input.earliestDate), input.earliestDate, { until: input.repeatUntil, count: null });
    const series = tx
      .insert(schema.visitSeries)
      .values({
        firmId: member.firmId,
        clientId: client.id,
        rrule,
        firstDate: input.earliestDate,
        windowDays: daysFrom(input.earliestDate, input.latestDate) + 1,
        durationMinutes: input.durationMinutes,
        priority: input.priority,
        travelMinutes: input.travelMinutes ?? client.defaultTravelMinutes,
        allowedUserIds: allowed,
        notes: input.notes,
        createdByUserId: member.userId,
      })
      .returning()
      .get();
    const made = expandSeries(tx, series, day);
    writeAudit(tx, member, {
      action: 'visit.series_created',
      entity: 'visit_series',
      id: series.id,
      after: { client: client.name, rule: seriesText(series), windowDays: series.windowDays, requestsMade: made },
    });
    return series.id;
  });
}

const capitalised = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export type VisitSeriesDTO = {
  id: number;
  text: string;
  firstDate: LocalDate;
  windowDays: number;
  durationMinutes: number;
  priority: number;
  ended: boolean;
};

/** A client's recurring visits, running ones first. */
export function listClientSeries(member: Member, clientId: number): VisitSeriesDTO[] {
  assertCan(member.role, 'schedule.read');
  return getDb()
    .select()
    .from(schema.visitSeries)
    .where(and(eq(schema.visitSeries.firmId, member.firmId), eq(schema.visitSeries.clientId, clientId)))
    .orderBy(asc(schema.visitSeries.endedAt), asc(schema.visitSeries.id))
    .all()
    .map((s) => ({
      id: s.id,
      text: capitalised(seriesText(s)),
      firstDate: s.firstDate,
      windowDays: s.windowDays,
      durationMinutes: s.durationMinutes,
      priority: s.priority,
      ended: s.endedAt !== null,
    }));
}

/**
 * Stops a recurring visit: no occurrence is made after now, and its open
 * requests from today on (not yet booked) are cancelled; booked and past ones
 * stay as they are. Returns how many requests were cancelled.
 */
export function stopVisitSeries(member: Member, seriesId: number, now = Date.now()): number {
  assertCan(member.role, 'schedule.manage');
  return writeTransaction((tx) => {
    const series = tx
      .select()
      .from(schema.visitSeries)
      .where(and(eq(schema.visitSeries.id, seriesId), eq(schema.visitSeries.firmId, member.firmId)))
      .get();
    if (!series) throw new UserFacingError('That recurring visit was not found.');
    if (series.endedAt !== null) throw new UserFacingError('That recurring visit has already been stopped.');
    const day = today(firmTimeZone(tx, member.firmId), now);
    tx.update(schema.visitSeries).set({ endedAt: now }).where(eq(schema.visitSeries.id, series.id)).run();
    const cancelled = tx
      .update(schema.visits)
      .set({ status: 'cancelled', updatedAt: now })
      .where(
        and(
          eq(schema.visits.seriesId, series.id),
          eq(schema.visits.status, 'open'),
          isNull(schema.visits.startsAt),
          gte(schema.visits.latestDate, day),
        ),
      )
      .returning({ id: schema.visits.id })
      .all();
    writeAudit(tx, member, {
      action: 'visit.series_stopped',
      entity: 'visit_series',
      id: series.id,
      before: { rule: seriesText(series) },
      after: { stopped: true, requestsCancelled: cancelled.length },
    });
    return cancelled.length;
  });
}
