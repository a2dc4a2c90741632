import 'server-only';
import { getDb } from '@/db';
import type { GrowthOutlook, Tier } from '@/db/schema';
import {
  bucketOf,
  dashboardSuggestions,
  emptyMinutes,
  microTrend,
  recentSince,
  tierTotals,
  type Bucket,
  type ClientFigures,
  type Suggestion,
  type TierTotals,
} from '@/lib/dashboard-rules';
import { assertCan } from '@/lib/permissions';
import { netTierMoves, type TierMove } from '@/lib/tier-moves';
import { weekBoundaries } from '@/lib/time/zoned';
import { getFirm } from './firm';
import type { Member } from './session';
import { clientMetricsMap } from './internal/client-rows';
import { cached } from './internal/metrics-cache';
import { schedulablePeople } from './internal/people';
import { getUserOrThrow } from './internal/records';
import { ensureFreshTiers } from './internal/tiering';

export const WEEKS_BACK = 12;
/** Tier movements listed on the dashboard, newest first. */
const MOVES_LISTED = 10;

export type WeekDTO = { start: number; minutes: Record<Bucket, number> };

export type MarketingTeam = {
  /** The firm's weekly target: each person's allotment unless they have their own. */
  perPersonMinutes: number;
  /** Everyone with a target (active owners and consultants), then anyone else who logged marketing this week. */
  people: { userId: number; name: string; hasTarget: boolean; targetMinutes: number; minutesThisWeek: number }[];
};

export type DashboardScope = { kind: 'firm' } | { kind: 'user'; userId: number; name: string };

export type DashboardDTO = {
  scope: DashboardScope;
  weeks: WeekDTO[];
  thisWeek: WeekDTO;
  lastWeek: WeekDTO;
  /**
   * The marketing target the shown marketing hours are measured against. The firm's setting is per person, so a
   * person's view gets it as it is and the firm's view the sum over the people who carry it (see `marketingTeam`).
   */
  marketingTargetMinutes: number;
  /** Firm view only: the weekly target of each person, and what each logged this week; null for one person's view. */
  marketingTeam: MarketingTeam | null;
  /** Share of client hours spent on micro clients, this week and last full week. */
  microShareThisWeek: number | null;
  microShareLastWeek: number | null;
  microSharePrior4: number | null;
  microCreepWarning: boolean;
  perTier: TierTotals['perTier'];
  firmRevenue12mCents: number;
  firmMinutes12m: number;
  blendedRateCents: number | null;
  moved: TierMove[];
  suggestions: Suggestion[];
  /** Sweet-spot candidates beyond the ones listed (a big firm can have hundreds). */
  moreCandidates: number;
};

/** Which dashboard the caller may see: consultants only their own; owner and staff the firm or anyone in it. */
export function resolveScope(member: Member, requested: string | undefined): DashboardScope {
  assertCan(member.role, 'dashboard.own');
  const wantsFirm = requested === undefined ? member.role !== 'consultant' : requested === 'firm';
  if (wantsFirm) {
    assertCan(member.role, 'dashboard.firm');
    return { kind: 'firm' };
  }
  const userId = requested && requested !== 'me' ? Number(requested) : member.userId;
  const user = getUserOrThrow(getDb(), member, Number.isInteger(userId) ? userId : -1, 'dashboard');
  return { kind: 'user', userId: user.id, name: user.name };
}

export function getDashboard(member: Member, scope: DashboardScope, now = Date.now()): DashboardDTO {
  assertCan(member.role, scope.kind === 'user' && scope.userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
  const firm = getFirm(member);
  ensureFreshTiers(member.firmId, now);
  // The whole result is reused while the data and the week are the same (see metrics-cache.ts).
  const weekStart = weekBoundaries(now, firm.timeZone, 0)[0]!;
  return cached(`dashboard:${scope.kind === 'user' ? scope.userId : 'firm'}:${weekStart}:${JSON.stringify(firm)}`, member.firmId, now, () =>
    computeDashboard(member, firm, scope, now),
  );
}

function computeDashboard(member: Member, firm: ReturnType<typeof getFirm>, scope: DashboardScope, now: number): DashboardDTO {
  const sqlite = getDb().$client;
  const bounds = weekBoundaries(now, firm.timeZone, WEEKS_BACK);
  const userFilter = scope.kind === 'user' ? 'and te.user_id = @userId' : '';
  const weekCase = `case ${bounds
    .slice(1, -1)
    .map((_, i) => `when te.started_at < @b${i + 1} then ${i}`)
    .join(' ')} else ${WEEKS_BACK} end`;
  const boundParams = Object.fromEntries(bounds.map((b, i) => [`b${i}`, b]));
  const rows = sqlite
    .prepare(
      `select ${weekCase} as week,
              case when te.category in ('marketing', 'admin') then te.category when c.tier is not null then c.tier else te.category end as bucket,
              sum(te.minutes + te.travel_minutes) as minutes
         from time_entries te left join clients c on c.id = te.client_id
        where te.firm_id = @firmId and te.started_at >= @b0 and te.started_at < @b${bounds.length - 1} ${userFilter}
        group by week, bucket`,
    )
    .all({ firmId: member.firmId, ...boundParams, ...(scope.kind === 'user' ? { userId: scope.userId } : {}) }) as {
    week: number;
    bucket: string;
    minutes: number;
  }[];
  const weeks: WeekDTO[] = bounds.slice(0, -1).map((start) => ({ start, minutes: emptyMinutes() }));
  for (const r of rows) weeks[r.week]!.minutes[bucketOf(r.bucket)] += r.minutes;

  // Money is the firm's, whatever the scope: contracts are not billed per consultant.
  const metrics = clientMetricsMap(member.firmId, firm.timeZone, now);
  const clients = (
    sqlite
      .prepare(
        `select id, name, tier, seats, has_server as hasServer, growth, server_added_at as serverAddedAt, status from clients where firm_id = ?`,
      )
      .all(member.firmId) as {
      id: number;
      name: string;
      tier: Tier;
      seats: number;
      hasServer: number;
      growth: GrowthOutlook;
      serverAddedAt: number | null;
      status: string;
    }[]
  ).map((c): ClientFigures => {
    const m = metrics.get(c.id);
    return { ...c, hasServer: Boolean(c.hasServer), revenue12mCents: m?.revenue12mCents ?? 0, minutes12m: m?.minutes12m ?? 0 };
  });

  // Every change of the span, netted per client and day before the newest are kept: a threshold tried and put back
  // the same day would otherwise fill the list with moves that never lasted.
  const changes = sqlite
    .prepare(
      `select tc.client_id as clientId, c.name, tc.from_tier as fromTier, tc.to_tier as toTier, tc.at
         from tier_changes tc join clients c on c.id = tc.client_id
        where tc.firm_id = @firmId and tc.from_tier is not null and tc.at >= @since
        order by tc.at, tc.id`,
    )
    .all({ firmId: member.firmId, since: recentSince(now) }) as TierMove[];
  const moved = netTierMoves(changes, firm.timeZone).slice(0, MOVES_LISTED);

  const marketingTeam =
    scope.kind === 'firm' ? readMarketingTeam(member.firmId, firm.weeklyMarketingTargetMinutes, bounds.at(-2)!, bounds.at(-1)!) : null;
  const marketingTargetMinutes = marketingTeam
    ? marketingTeam.people.reduce((s, p) => s + p.targetMinutes, 0)
    : scope.kind === 'user'
      ? personAllotment(member.firmId, scope.userId, firm.weeklyMarketingTargetMinutes)
      : firm.weeklyMarketingTargetMinutes;
  return {
    scope,
    weeks,
    thisWeek: weeks[WEEKS_BACK]!,
    lastWeek: weeks[WEEKS_BACK - 1]!,
    marketingTargetMinutes,
    marketingTeam,
    ...microTrend(
      weeks.map((w) => w.minutes),
      marketingTargetMinutes,
    ),
    ...tierTotals(clients),
    moved,
    ...dashboardSuggestions(clients, firm.sweetSpotMinSeats, now),
  };
}

/**
 * Who carries the weekly marketing target and what each logged this week. The target is set per person for the people
 * whose time is booked (active owners and consultants, as the scheduler counts them); office staff have none. Today's
 * team is used for every week of the chart: the firm keeps no history of who was active when.
 */
/** A person's weekly marketing allotment: their own, or the firm's target. */
function personAllotment(firmId: number, userId: number, firmTarget: number): number {
  const row = getDb()
    .$client.prepare('select weekly_marketing_minutes as m from users where firm_id = ? and id = ?')
    .get(firmId, userId) as { m: number | null } | undefined;
  return row?.m ?? firmTarget;
}

function readMarketingTeam(firmId: number, perPersonMinutes: number, weekStart: number, weekEnd: number): MarketingTeam {
  const logged = getDb()
    .$client.prepare(
      `select u.id as userId, u.name, sum(te.minutes + te.travel_minutes) as minutes
         from time_entries te join users u on u.id = te.user_id
        where te.firm_id = ? and te.category = 'marketing' and te.started_at >= ? and te.started_at < ?
        group by u.id order by u.name`,
    )
    .all(firmId, weekStart, weekEnd) as { userId: number; name: string; minutes: number }[];
  const minutesOf = new Map(logged.map((l) => [l.userId, l.minutes]));
  const withTarget = schedulablePeople(getDb(), firmId);
  const targetIds = new Set(withTarget.map((p) => p.id));
  return {
    perPersonMinutes,
    people: [
      ...withTarget.map((p) => ({
        userId: p.id,
        name: p.name,
        hasTarget: true,
        targetMinutes: p.weeklyMarketingMinutes ?? perPersonMinutes,
        minutesThisWeek: minutesOf.get(p.id) ?? 0,
      })),
      ...logged
        .filter((l) => !targetIds.has(l.userId))
        .map((l) => ({ userId: l.userId, name: l.name, hasTarget: false, targetMinutes: 0, minutesThisWeek: l.minutes })),
    ],
  };
}

/** The firm's 12-month client revenue and hours (travel included), for the referral what-if. */
export function firmTotals12m(member: Member, now = Date.now()): { revenueCents: number; minutes: number } {
  assertCan(member.role, 'clients.read');
  const firm = getFirm(member);
  let revenueCents = 0;
  let minutes = 0;
  for (const m of clientMetricsMap(member.firmId, firm.timeZone, now).values()) {
    revenueCents += m.revenue12mCents;
    minutes += m.minutes12m;
  }
  return { revenueCents, minutes };
}
