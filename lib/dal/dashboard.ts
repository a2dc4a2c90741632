import 'server-only';
import { getDb } from '@/db';
import type { GrowthOutlook, Tier } from '@/db/schema';
import { assertCan } from '@/lib/permissions';
import { tierOrder } from '@/lib/tiers';
import { weekBoundaries } from '@/lib/time';
import { getFirm } from './firm';
import type { Member } from './session';
import { clientMetricsMap } from './internal/client-rows';
import { cached } from './internal/metrics-cache';
import { getUserOrThrow } from './internal/records';
import { ensureFreshTiers } from './internal/tiering';

const DAY = 86_400_000;
export const WEEKS_BACK = 12;
/** Sweet-spot candidates listed on the dashboard; the rest are counted. */
export const MAX_CANDIDATES = 8;

export type Bucket = Tier | 'marketing' | 'admin';
export const buckets: readonly Bucket[] = [...tierOrder, 'marketing', 'admin'];

export type WeekDTO = { start: number; minutes: Record<Bucket, number> };

export type DashboardScope = { kind: 'firm' } | { kind: 'user'; userId: number; name: string };

export type DashboardDTO = {
  scope: DashboardScope;
  weeks: WeekDTO[];
  thisWeek: WeekDTO;
  lastWeek: WeekDTO;
  marketingTargetMinutes: number;
  /** Share of client hours spent on micro clients, this week and last full week. */
  microShareThisWeek: number | null;
  microShareLastWeek: number | null;
  microSharePrior4: number | null;
  microCreepWarning: boolean;
  perTier: { tier: Tier; clients: number; revenue12mCents: number; minutes12m: number; effectiveRateCents: number | null }[];
  firmRevenue12mCents: number;
  firmMinutes12m: number;
  blendedRateCents: number | null;
  moved: { clientId: number; name: string; fromTier: Tier; toTier: Tier; at: number }[];
  suggestions: { kind: 'low-rate-micro' | 'concentration' | 'candidate'; clientId: number; name: string; text: string }[];
  /** Sweet-spot candidates beyond the ones listed (a big firm can have hundreds). */
  moreCandidates: number;
};

function emptyMinutes(): Record<Bucket, number> {
  return { micro: 0, emerging: 0, sweet_spot: 0, large: 0, marketing: 0, admin: 0 };
}

function share(week: WeekDTO): number | null {
  const client = week.minutes.micro + week.minutes.emerging + week.minutes.sweet_spot + week.minutes.large;
  return client > 0 ? week.minutes.micro / client : null;
}

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
    .all({ firmId: member.firmId, ...boundParams, ...(scope.kind === 'user' ? { userId: scope.userId } : {}) }) as { week: number; bucket: string; minutes: number }[];
  const weeks: WeekDTO[] = bounds.slice(0, -1).map((start) => ({ start, minutes: emptyMinutes() }));
  for (const r of rows) {
    // A client entry takes its client's current tier; client work without a client row counts as micro.
    const bucket = buckets.includes(r.bucket as Bucket) ? (r.bucket as Bucket) : 'micro';
    weeks[r.week]!.minutes[bucket] += r.minutes;
  }
  const thisWeek = weeks[WEEKS_BACK]!;
  const lastWeek = weeks[WEEKS_BACK - 1]!;
  const prior = weeks.slice(WEEKS_BACK - 5, WEEKS_BACK - 1);
  const priorMicro = prior.reduce((s, w) => s + w.minutes.micro, 0);
  const priorClient = prior.reduce((s, w) => s + w.minutes.micro + w.minutes.emerging + w.minutes.sweet_spot + w.minutes.large, 0);
  const microSharePrior4 = priorClient > 0 ? priorMicro / priorClient : null;
  const microShareLastWeek = share(lastWeek);
  const microCreepWarning =
    microShareLastWeek !== null && microSharePrior4 !== null && microShareLastWeek > microSharePrior4 && lastWeek.minutes.marketing < firm.weeklyMarketingTargetMinutes;

  // Money is the firm's, whatever the scope: contracts are not billed per consultant.
  const metrics = clientMetricsMap(member.firmId, firm.timeZone, now);
  const perClient = (
    sqlite
      .prepare(
        `select id, name, tier, seats, has_server as hasServer, growth, server_added_at as serverAddedAt, status from clients where firm_id = ?`,
      )
      .all(member.firmId) as { id: number; name: string; tier: Tier; seats: number; hasServer: number; growth: GrowthOutlook; serverAddedAt: number | null; status: string }[]
  ).map((c) => {
    const m = metrics.get(c.id);
    return { ...c, revenue: m?.revenue12mCents ?? 0, minutes: m?.minutes12m ?? 0 };
  });
  const perTier = tierOrder.map((tier) => ({ tier, clients: 0, revenue12mCents: 0, minutes12m: 0, effectiveRateCents: null as number | null }));
  let firmRevenue = 0;
  let firmMinutes = 0;
  for (const c of perClient) {
    const t = perTier[tierOrder.indexOf(c.tier)]!;
    if (c.status === 'active' || c.status === 'prospect') t.clients++;
    t.revenue12mCents += c.revenue;
    t.minutes12m += c.minutes;
    firmRevenue += c.revenue;
    firmMinutes += c.minutes;
  }
  for (const t of perTier) t.effectiveRateCents = t.minutes12m > 0 ? Math.round((t.revenue12mCents * 60) / t.minutes12m) : null;

  const moved = sqlite
    .prepare(
      `select tc.client_id as clientId, c.name, tc.from_tier as fromTier, tc.to_tier as toTier, tc.at
         from tier_changes tc join clients c on c.id = tc.client_id
        where tc.firm_id = @firmId and tc.from_tier is not null and tc.at >= @since
        order by tc.at desc limit 10`,
    )
    .all({ firmId: member.firmId, since: now - 90 * DAY }) as DashboardDTO['moved'];

  const suggestions: DashboardDTO['suggestions'] = [];
  const current = perClient.filter((c) => c.status === 'active');
  const rate = (c: (typeof perClient)[number]) => (c.minutes > 0 ? (c.revenue * 60) / c.minutes : Infinity);
  current
    .filter((c) => c.tier === 'micro' && c.growth !== 'growing' && c.minutes > 0)
    .sort((a, b) => rate(a) - rate(b))
    .slice(0, 3)
    .forEach((c) =>
      suggestions.push({
        kind: 'low-rate-micro',
        clientId: c.id,
        name: c.name,
        text: `earns ${dollars(rate(c))}/h over 12 months and is ${c.growth}: consider referring it out`,
      }),
    );
  if (firmRevenue > 0) {
    current
      .filter((c) => c.revenue > firmRevenue * 0.1)
      .sort((a, b) => b.revenue - a.revenue)
      .forEach((c) =>
        suggestions.push({
          kind: 'concentration',
          clientId: c.id,
          name: c.name,
          text: `is ${Math.round((c.revenue / firmRevenue) * 100)}% of revenue: losing it would hurt`,
        }),
      );
  }
  const serverJustAdded = (c: (typeof perClient)[number]) => c.hasServer && c.serverAddedAt !== null && c.serverAddedAt >= now - 90 * DAY;
  const candidates = current
    .filter((c) => c.tier === 'emerging' || c.tier === 'micro')
    .filter((c) => (c.growth === 'growing' && c.seats >= firm.sweetSpotMinSeats - 2 && c.seats < firm.sweetSpotMinSeats) || serverJustAdded(c))
    // A new server first, then the most seats: the nearest to the sweet spot.
    .sort((a, b) => Number(serverJustAdded(b)) - Number(serverJustAdded(a)) || b.seats - a.seats || a.name.localeCompare(b.name));
  candidates.slice(0, MAX_CANDIDATES).forEach((c) =>
    suggestions.push({
      kind: 'candidate',
      clientId: c.id,
      name: c.name,
      text: serverJustAdded(c) ? 'just added a server: a sweet-spot candidate' : `has ${c.seats} seats and is growing: a sweet-spot candidate`,
    }),
  );

  return {
    scope,
    weeks,
    thisWeek,
    lastWeek,
    marketingTargetMinutes: firm.weeklyMarketingTargetMinutes,
    microShareThisWeek: share(thisWeek),
    microShareLastWeek,
    microSharePrior4,
    microCreepWarning,
    perTier,
    firmRevenue12mCents: firmRevenue,
    firmMinutes12m: firmMinutes,
    blendedRateCents: firmMinutes > 0 ? Math.round((firmRevenue * 60) / firmMinutes) : null,
    moved,
    suggestions,
    moreCandidates: Math.max(0, candidates.length - MAX_CANDIDATES),
  };
}

function dollars(centsPerHour: number) {
  return `$${Math.round(centsPerHour / 100).toLocaleString('en-US')}`;
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
