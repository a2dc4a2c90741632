import 'server-only';
import type { DB } from '@/db';
import {
  bookedAlert,
  freeSpans,
  LEDGER_WEEKS,
  marketingLedger,
  microDisplacing,
  spanMinutes,
  type BudgetWeek,
} from '@/lib/planning/marketing-budget';
import { instantToLocal, weekBoundaries } from '@/lib/time/zoned';
import { weekRoomOf } from './marketing-budget';
import type { Person } from './people';

/**
 * Each person's marketing budget: the week's allotment, what was carried in,
 * owed, spent and still to do; the 12-week trend of micro hours that
 * displaced marketing; and the alert when 80 % or 95 % of the week's free
 * time is booked while marketing is owed. The dashboard, Today and the alert
 * mail (./marketing-alerts.ts) all read it from here.
 */

export type BudgetPersonDTO = {
  userId: number;
  name: string;
  thisWeek: Omit<BudgetWeek, 'start' | 'end'>;
  /** Share of this week's free time (working hours less blocks and days off) booked with appointments and visits. */
  bookedShare: number | null;
  alert: 80 | 95 | null;
  /** Finished weeks, oldest first: micro minutes that displaced marketing. */
  trend: { start: number; minutes: number }[];
};

type Logged = { userId: number; startedAt: number; minutes: number; micro: number };

function readLogged(db: DB, firmId: number, userIds: number[], since: number, until: number): Logged[] {
  if (!userIds.length) return [];
  return db.$client
    .prepare(
      `select te.user_id as userId, te.started_at as startedAt, te.minutes + te.travel_minutes as minutes,
              case when te.category = 'marketing' then 0 when coalesce(c.tier, te.category) = 'micro' then 1 else 2 end as micro
         from time_entries te left join clients c on c.id = te.client_id
        where te.firm_id = ? and te.started_at >= ? and te.started_at < ? and te.user_id in (${userIds.map(() => '?').join(',')})
          and (te.category = 'marketing' or coalesce(c.tier, te.category) = 'micro')`,
    )
    .all(firmId, since, until, ...userIds) as Logged[];
}

/** This week's free time (working hours less blocks and days off) and how much of it is booked, in minutes. */
export function weekLoad(db: DB, firmId: number, userId: number, zone: string, now: number) {
  const [start, end] = weekBoundaries(now, zone, 0) as [number, number];
  const room = weekRoomOf(db, firmId, userId, instantToLocal(start, zone).date, zone, now, null);
  const capacity = spanMinutes(freeSpans(room.working, [...room.blocks, ...(room.off ?? [])], start, end));
  const free = spanMinutes(freeSpans(room.working, [...room.blocks, ...room.busy], start, end));
  return { capacity, booked: capacity - free };
}

export type WeekLoad = ReturnType<typeof weekLoad>;

/** `loads`: this week's load of people the caller has already worked out (the alert job), so it is not read twice. */
export function budgetRows(
  db: DB,
  firmId: number,
  zone: string,
  people: Person[],
  now: number,
  loads?: ReadonlyMap<number, WeekLoad>,
): BudgetPersonDTO[] {
  const target = (db.$client.prepare('select weekly_marketing_target_minutes as t from firms where id = ?').get(firmId) as { t: number }).t;
  const bounds = weekBoundaries(now, zone, LEDGER_WEEKS);
  const logged = readLogged(
    db,
    firmId,
    people.map((p) => p.id),
    bounds[0]!,
    bounds.at(-1)!,
  );
  const joined = new Map(
    (db.$client.prepare(`select id, created_at as at from users where firm_id = ?`).all(firmId) as { id: number; at: number }[]).map(
      (u) => [u.id, u.at],
    ),
  );
  return people.map((p): BudgetPersonDTO => {
    const mine = logged.filter((l) => l.userId === p.id);
    const ledger = marketingLedger({
      allotment: p.weeklyMarketingMinutes ?? target,
      logged: mine.filter((l) => l.micro === 0),
      now,
      zone,
      since: joined.get(p.id),
    });
    const { allotment, carriedIn, owed, spent, remaining } = ledger.at(-1)!;
    const trend = ledger.slice(0, -1).map((w) => ({
      start: w.start,
      minutes: microDisplacing(
        w,
        mine.filter((l) => l.micro === 1 && l.startedAt >= w.start && l.startedAt < w.end).reduce((s, l) => s + l.minutes, 0),
      ),
    }));
    const load = loads?.get(p.id) ?? weekLoad(db, firmId, p.id, zone, now);
    return {
      userId: p.id,
      name: p.name,
      thisWeek: { allotment, carriedIn, owed, spent, remaining },
      trend,
      bookedShare: load.capacity > 0 ? load.booked / load.capacity : null,
      alert: bookedAlert(load.capacity, load.booked, remaining)?.level ?? null,
    };
  });
}
