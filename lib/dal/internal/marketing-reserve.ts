import 'server-only';
import { and, eq, gt, inArray, isNotNull, lt } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { marketingReserve, type KeptForMarketing } from '@/lib/planning/marketing-reserve';
import { addDays, localToInstant, type LocalDate } from '@/lib/time/zoned';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';
import { blockRulesOf, daysOffOf } from './blocks';
import { externalBusyOf } from './external-busy';
import { owedMarketingByWeek } from './marketing-budget';
import { marketingWindowsOf } from './marketing-window';
import { workingHoursOf } from './working-hours';

const BOOKED = ['scheduled', 'checked_in', 'done'] as const;

/**
 * The free time kept for owed marketing, per person and week, for the weeks
 * touching local dates [from, to]: the one source for the schedule's grid,
 * the calendar feeds and the auto-scheduler's protected blocks, so what a
 * person sees kept is what the scheduler will not book. Owed time is kept
 * inside each person's flexible marketing window first. Busy: appointments,
 * other calendars, days off, and booked visits with their travel — except,
 * with `movableFree`, the visits a re-plan may move (scheduled, not begun).
 */
export function keptForMarketing(
  conn: Conn,
  firmId: number,
  userIds: number[],
  zone: string,
  [from, to]: [LocalDate, LocalDate],
  now: number,
  { movableFree = false }: { movableFree?: boolean } = {},
): KeptForMarketing {
  if (!userIds.length) return [];
  const a = localToInstant(from, 0, zone) - 7 * DAY_MS;
  const b = localToInstant(addDays(to, 1), 0, zone) + 7 * DAY_MS;
  if (b <= now) return [];
  const owed = owedMarketingByWeek(conn, firmId, userIds, zone, [from, to], now).filter((o) => o.minutes > 0);
  if (!owed.length) return [];
  const hours = workingHoursOf(conn, firmId, userIds);
  const { rules, exceptions } = blockRulesOf(conn, firmId, userIds);
  const x = schema.appointments;
  const busy = conn
    .select({ userId: x.userId, startsAt: x.startsAt, endsAt: x.endsAt })
    .from(x)
    .where(and(eq(x.firmId, firmId), inArray(x.userId, userIds), lt(x.startsAt, b), gt(x.endsAt, a)))
    .all()
    .concat(externalBusyOf(conn, firmId, userIds, a, b).map(({ userId, startsAt, endsAt }) => ({ userId, startsAt, endsAt })));
  const v = schema.visits;
  for (const row of conn
    .select({ userId: v.userId, status: v.status, s: v.startsAt, e: v.endsAt, travel: v.travelMinutes })
    .from(v)
    .where(
      and(
        eq(v.firmId, firmId),
        inArray(v.userId, userIds),
        inArray(v.status, [...BOOKED]),
        isNotNull(v.startsAt),
        lt(v.startsAt, b),
        gt(v.endsAt, a),
      ),
    )
    .all()) {
    if (movableFree && row.status === 'scheduled' && row.s! > now) continue;
    busy.push({ userId: row.userId!, startsAt: row.s! - row.travel * MINUTE_MS, endsAt: row.e! + row.travel * MINUTE_MS });
  }
  return marketingReserve({
    now,
    zone,
    people: userIds.map((id) => ({ id, hours: [...(hours.get(id) ?? [])] })),
    owed,
    rules,
    exceptions,
    daysOff: daysOffOf(conn, firmId, userIds),
    windows: marketingWindowsOf(conn, firmId, userIds),
    busy,
  });
}

/** What Today and other one-day views call the kept time: the grid's name for it. */
export const KEPT_TITLE = 'Kept for marketing (owed)';

/** The person's time kept for owed marketing on one local date, clipped to that day, in order. */
export function keptOnDay(conn: Conn, firmId: number, userId: number, zone: string, date: LocalDate, now: number): [number, number][] {
  const a = localToInstant(date, 0, zone);
  const b = localToInstant(addDays(date, 1), 0, zone);
  return keptForMarketing(conn, firmId, [userId], zone, [date, date], now)
    .flatMap((r) => r.spans)
    .map(([s, e]): [number, number] => [Math.max(s, a), Math.min(e, b)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
}
