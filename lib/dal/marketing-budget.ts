import 'server-only';
import { getDb } from '@/db';
import { assertCan } from '@/lib/permissions';
import {
  bookedAlert,
  freeSpans,
  LEDGER_WEEKS,
  marketingLedger,
  microDisplacing,
  spanMinutes,
  type BudgetWeek,
} from '@/lib/planning/marketing-budget';
import { weekLabel } from '@/lib/time/format';
import { instantToLocal, weekBoundaries } from '@/lib/time/zoned';
import type { DashboardScope } from './dashboard';
import { firmTimeZone } from './internal/firm';
import { weekRoomOf } from './internal/marketing-budget';
import { cached } from './internal/metrics-cache';
import { schedulablePeople } from './internal/people';
import type { Member } from './session';

/**
 * The marketing budget as the dashboard and Today show it: per person the
 * week's allotment, what was carried in, owed, spent and still to do; the
 * 12-week trend of micro hours that displaced marketing; and the alert when
 * 80 % or 95 % of the week's free time is booked while marketing is owed.
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

export type MarketingBudgetDTO = { people: BudgetPersonDTO[]; firmTrend: { start: number; minutes: number }[] };

type Logged = { userId: number; startedAt: number; minutes: number; micro: number };

function readLogged(firmId: number, userIds: number[], since: number, until: number): Logged[] {
  if (!userIds.length) return [];
  return getDb()
    .$client.prepare(
      `select te.user_id as userId, te.started_at as startedAt, te.minutes + te.travel_minutes as minutes,
              case when te.category = 'marketing' then 0 when coalesce(c.tier, te.category) = 'micro' then 1 else 2 end as micro
         from time_entries te left join clients c on c.id = te.client_id
        where te.firm_id = ? and te.started_at >= ? and te.started_at < ? and te.user_id in (${userIds.map(() => '?').join(',')})
          and (te.category = 'marketing' or coalesce(c.tier, te.category) = 'micro')`,
    )
    .all(firmId, since, until, ...userIds) as Logged[];
}

/** This week's booked share and alert for one person. */
function weekLoad(firmId: number, userId: number, zone: string, now: number, remaining: number) {
  const monday = instantToLocal(weekBoundaries(now, zone, 0)[0]!, zone).date;
  const room = weekRoomOf(getDb(), firmId, userId, monday, zone, now, null);
  const [start, end] = [weekBoundaries(now, zone, 0)[0]!, weekBoundaries(now, zone, 0)[1]!];
  const off = room.off ?? [];
  const capacity = spanMinutes(freeSpans(room.working, [...room.blocks, ...off], start, end));
  const free = spanMinutes(freeSpans(room.working, [...room.blocks, ...room.busy], start, end));
  const alert = bookedAlert(capacity, capacity - free, remaining);
  return { bookedShare: capacity > 0 ? (capacity - free) / capacity : null, alert: alert?.level ?? null };
}

export function getMarketingBudget(member: Member, scope: DashboardScope, now = Date.now()): MarketingBudgetDTO {
  assertCan(member.role, scope.kind === 'user' && scope.userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
  const db = getDb();
  const zone = firmTimeZone(db, member.firmId);
  const target = db.$client.prepare('select weekly_marketing_target_minutes as t from firms where id = ?').get(member.firmId) as {
    t: number;
  };
  const everyone = schedulablePeople(db, member.firmId);
  const people = scope.kind === 'firm' ? everyone : everyone.filter((p) => p.id === scope.userId);
  const bounds = weekBoundaries(now, zone, LEDGER_WEEKS);
  const logged = readLogged(
    member.firmId,
    people.map((p) => p.id),
    bounds[0]!,
    bounds.at(-1)!,
  );
  const joined = new Map(
    (db.$client.prepare(`select id, created_at as at from users where firm_id = ?`).all(member.firmId) as { id: number; at: number }[]).map(
      (u) => [u.id, u.at],
    ),
  );
  const rows = people.map((p): BudgetPersonDTO => {
    const mine = logged.filter((l) => l.userId === p.id);
    const ledger = marketingLedger({
      allotment: p.weeklyMarketingMinutes ?? target.t,
      logged: mine.filter((l) => l.micro === 0),
      now,
      zone,
      since: joined.get(p.id),
    });
    const last = ledger.at(-1)!;
    const thisWeek = {
      allotment: last.allotment,
      carriedIn: last.carriedIn,
      owed: last.owed,
      spent: last.spent,
      remaining: last.remaining,
    };
    const trend = ledger.slice(0, -1).map((w) => ({
      start: w.start,
      minutes: microDisplacing(
        w,
        mine.filter((l) => l.micro === 1 && l.startedAt >= w.start && l.startedAt < w.end).reduce((s, l) => s + l.minutes, 0),
      ),
    }));
    return { userId: p.id, name: p.name, thisWeek, trend, ...weekLoad(member.firmId, p.id, zone, now, thisWeek.remaining) };
  });
  const firmTrend = bounds.slice(0, -2).map((start, i) => ({ start, minutes: rows.reduce((s, r) => s + (r.trend[i]?.minutes ?? 0), 0) }));
  return { people: rows, firmTrend };
}

/** The budget rows and trend as the dashboard draws them (week labels in the firm's zone). */
export function budgetView(member: Member, scope: DashboardScope, now = Date.now()) {
  assertCan(member.role, scope.kind === 'user' && scope.userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
  // Reused while nothing is written and the week is the same (see metrics-cache.ts).
  const key = `marketing-budget:${scope.kind === 'firm' ? 'firm' : scope.userId}`;
  const data = cached(key, member.firmId, now, () => getMarketingBudget(member, scope, now));
  const zone = firmTimeZone(getDb(), member.firmId);
  const trend = scope.kind === 'firm' ? data.firmTrend : (data.people[0]?.trend ?? []);
  return { people: data.people, trend: trend.map((t) => ({ label: weekLabel(t.start, zone), minutes: t.minutes })) };
}
