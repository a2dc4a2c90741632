import type { GrowthOutlook, Tier } from '@/db/schema';
import { hourlyRateCents } from '@/lib/money';
import { tierOrder } from '@/lib/tiers';
import { DAY_MS } from '@/lib/time/units';

/**
 * The dashboard's rules, pure: how hours fall into buckets, when micro work is
 * creeping up on marketing, what each tier returns, and which clients to
 * suggest acting on. lib/dal/dashboard.ts fetches the rows and calls these;
 * `now` is always an argument.
 */

/** "Recently" for a tier move or a new server: the last 90 days. */
export const RECENT_DAYS = 90;
export const recentSince = (now: number) => now - RECENT_DAYS * DAY_MS;
/** Sweet-spot candidates listed on the dashboard; the rest are counted. */
export const MAX_CANDIDATES = 8;
/** Weeks before last week whose micro share last week is compared with. */
export const PRIOR_WEEKS = 4;
/** A client over this share of the firm's revenue is a concentration risk. */
export const CONCENTRATION_SHARE = 0.1;
/** How many of the lowest-earning micro clients to suggest referring out. */
export const LOW_RATE_MICRO_LISTED = 3;

export type Bucket = Tier | 'marketing' | 'admin';
export const buckets: readonly Bucket[] = [...tierOrder, 'marketing', 'admin'];
export type WeekMinutes = Record<Bucket, number>;

export function emptyMinutes(): WeekMinutes {
  return { micro: 0, emerging: 0, sweet_spot: 0, large: 0, marketing: 0, admin: 0 };
}

/** The bucket of a time entry as the query names it: marketing or admin, else its client's current tier, else its own category; anything unknown counts as micro. */
export function bucketOf(raw: string): Bucket {
  return buckets.includes(raw as Bucket) ? (raw as Bucket) : 'micro';
}

/** Minutes of client work (every tier), marketing and admin left out. */
export function clientMinutes(m: WeekMinutes): number {
  return m.micro + m.emerging + m.sweet_spot + m.large;
}

/** Share of the client minutes of `weeks` spent on micro clients; none without client work. */
export function microShare(weeks: readonly WeekMinutes[]): number | null {
  const client = weeks.reduce((s, w) => s + clientMinutes(w), 0);
  return client > 0 ? weeks.reduce((s, w) => s + w.micro, 0) / client : null;
}

/** A week's marketing against the firm's weekly target: met at the target exactly. */
export function marketingProgress(marketingMinutes: number, targetMinutes: number): { met: boolean; remainingMinutes: number } {
  const met = marketingMinutes >= targetMinutes;
  return { met, remainingMinutes: met ? 0 : targetMinutes - marketingMinutes };
}

export type MicroTrend = {
  microShareThisWeek: number | null;
  microShareLastWeek: number | null;
  microSharePrior4: number | null;
  /** Last week's micro share rose above the 4 weeks before while its marketing fell short of the target. */
  microCreepWarning: boolean;
};

/**
 * The micro-creep warning. `weeks` are consecutive, oldest first, ending with
 * the current (partial) week, which is left out of the warning: it compares
 * last full week with the four before it.
 */
export function microTrend(weeks: readonly WeekMinutes[], marketingTargetMinutes: number): MicroTrend {
  if (weeks.length < PRIOR_WEEKS + 2) throw new RangeError(`microTrend needs at least ${PRIOR_WEEKS + 2} weeks`);
  const thisWeek = weeks[weeks.length - 1]!;
  const lastWeek = weeks[weeks.length - 2]!;
  const prior = weeks.slice(weeks.length - 2 - PRIOR_WEEKS, weeks.length - 2);
  const microShareLastWeek = microShare([lastWeek]);
  const microSharePrior4 = microShare(prior);
  return {
    microShareThisWeek: microShare([thisWeek]),
    microShareLastWeek,
    microSharePrior4,
    microCreepWarning:
      microShareLastWeek !== null &&
      microSharePrior4 !== null &&
      microShareLastWeek > microSharePrior4 &&
      !marketingProgress(lastWeek.marketing, marketingTargetMinutes).met,
  };
}

/** A client as the money and suggestion rules see it: its facts and its last 12 months. */
export type ClientFigures = {
  id: number;
  name: string;
  tier: Tier;
  status: string;
  seats: number;
  hasServer: boolean;
  growth: GrowthOutlook;
  serverAddedAt: number | null;
  revenue12mCents: number;
  minutes12m: number;
};

export type TierTotals = {
  perTier: { tier: Tier; clients: number; revenue12mCents: number; minutes12m: number; effectiveRateCents: number | null }[];
  firmRevenue12mCents: number;
  firmMinutes12m: number;
  blendedRateCents: number | null;
};

/** What each tier costs and returns. Every client's money counts; only active clients and prospects are counted as clients. */
export function tierTotals(clients: readonly ClientFigures[]): TierTotals {
  const perTier = tierOrder.map((tier) => ({
    tier,
    clients: 0,
    revenue12mCents: 0,
    minutes12m: 0,
    effectiveRateCents: null as number | null,
  }));
  let firmRevenue = 0;
  let firmMinutes = 0;
  for (const c of clients) {
    const t = perTier[tierOrder.indexOf(c.tier)]!;
    if (c.status === 'active' || c.status === 'prospect') t.clients++;
    t.revenue12mCents += c.revenue12mCents;
    t.minutes12m += c.minutes12m;
    firmRevenue += c.revenue12mCents;
    firmMinutes += c.minutes12m;
  }
  for (const t of perTier) t.effectiveRateCents = hourlyRateCents(t.revenue12mCents, t.minutes12m);
  return {
    perTier,
    firmRevenue12mCents: firmRevenue,
    firmMinutes12m: firmMinutes,
    blendedRateCents: hourlyRateCents(firmRevenue, firmMinutes),
  };
}

export type Suggestion = { kind: 'low-rate-micro' | 'concentration' | 'candidate'; clientId: number; name: string; text: string };

/** Whole dollars an hour, as the suggestions say it. */
function dollars(centsPerHour: number) {
  return `$${Math.round(centsPerHour / 100).toLocaleString('en-US')}`;
}

/**
 * What the dashboard suggests, in this order: the (up to 3) micro clients that
 * earn least an hour and are not growing, to refer out; every active client
 * over 10% of the firm's revenue; and the sweet-spot candidates — growing and
 * up to two seats short of the sweet spot, or a server added in the last 90
 * days — a new server first, then the most seats, the first 8 listed and the
 * rest counted. Only active clients are suggested, but the firm's revenue is
 * every client's.
 */
export function dashboardSuggestions(
  clients: readonly ClientFigures[],
  sweetSpotMinSeats: number,
  now: number,
): { suggestions: Suggestion[]; moreCandidates: number } {
  const suggestions: Suggestion[] = [];
  const firmRevenue = clients.reduce((s, c) => s + c.revenue12mCents, 0);
  const current = clients.filter((c) => c.status === 'active');
  const rate = (c: ClientFigures) => (c.minutes12m > 0 ? (c.revenue12mCents * 60) / c.minutes12m : Infinity);
  current
    .filter((c) => c.tier === 'micro' && c.growth !== 'growing' && c.minutes12m > 0)
    .sort((a, b) => rate(a) - rate(b))
    .slice(0, LOW_RATE_MICRO_LISTED)
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
      .filter((c) => c.revenue12mCents > firmRevenue * CONCENTRATION_SHARE)
      .sort((a, b) => b.revenue12mCents - a.revenue12mCents)
      .forEach((c) =>
        suggestions.push({
          kind: 'concentration',
          clientId: c.id,
          name: c.name,
          text: `is ${Math.round((c.revenue12mCents / firmRevenue) * 100)}% of revenue: losing it would hurt`,
        }),
      );
  }
  const serverJustAdded = (c: ClientFigures) => c.hasServer && c.serverAddedAt !== null && c.serverAddedAt >= recentSince(now);
  const candidates = current
    .filter((c) => c.tier === 'emerging' || c.tier === 'micro')
    .filter((c) => (c.growth === 'growing' && c.seats >= sweetSpotMinSeats - 2 && c.seats < sweetSpotMinSeats) || serverJustAdded(c))
    // A new server first, then the most seats: the nearest to the sweet spot.
    .sort((a, b) => Number(serverJustAdded(b)) - Number(serverJustAdded(a)) || b.seats - a.seats || a.name.localeCompare(b.name));
  candidates.slice(0, MAX_CANDIDATES).forEach((c) =>
    suggestions.push({
      kind: 'candidate',
      clientId: c.id,
      name: c.name,
      text: serverJustAdded(c)
        ? 'just added a server: a sweet-spot candidate'
        : `has ${c.seats} seats and is growing: a sweet-spot candidate`,
    }),
  );
  return { suggestions, moreCandidates: Math.max(0, candidates.length - MAX_CANDIDATES) };
}
