import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { ClientStatus, GrowthOutlook, Tier } from '@/db/schema';
import { monthsBefore } from '@/lib/time/zoned';
import { cached } from './metrics-cache';
import { clientRevenue } from './revenue';
import { DAY_MS } from '@/lib/time/units';

/** How a client's row and its figures (revenue, hours, effective rate) are read, for the list and the client page. */

export type ClientMetrics = {
  revenue12mCents: number;
  minutes12m: number;
  minutes4w: number;
  revenue4wCents: number;
  /** Revenue ÷ hours including travel, over 12 months; null without hours. */
  effectiveRateCents: number | null;
};

export type ClientRowDTO = {
  id: number;
  name: string;
  seats: number;
  hasServer: boolean;
  status: ClientStatus;
  growth: GrowthOutlook;
  tier: Tier;
  tierReason: string;
  overridden: boolean;
} & ClientMetrics;

// Hours per client over the two windows, read from the covering index (firm_id, client_id, started_at, minutes…).
const HOURS = `select client_id as id,
    sum(minutes + travel_minutes) as minutes12m,
    coalesce(sum(case when started_at >= @since4w then minutes + travel_minutes end), 0) as minutes4w
  from time_entries indexed by time_entries_firm_client_cover_idx
  where firm_id = @firmId and client_id is not null and started_at >= @since12m and started_at < @now
  group by client_id`;

/**
 * Every client's figures over both windows, computed in one pass and cached per data version. Revenue is invoiced
 * money plus work not yet invoiced (./revenue.ts), the same figure the tier engine classifies by.
 */
export function clientMetricsMap(firmId: number, timeZone: string, now: number): Map<number, ClientMetrics> {
  return cached('client-metrics', firmId, now, () => {
    const since12m = monthsBefore(now, timeZone, 12);
    const since4w = now - 28 * DAY_MS;
    const hours = getDb().$client.prepare(HOURS).all({ firmId, now, since12m, since4w }) as {
      id: number;
      minutes12m: number;
      minutes4w: number;
    }[];
    const revenue = clientRevenue(firmId, timeZone, now, [since12m, since4w]);
    const metrics = new Map<number, ClientMetrics>();
    const ids = new Set([...hours.map((h) => h.id), ...revenue.keys()]);
    const minutesOf = new Map(hours.map((h) => [h.id, h]));
    for (const id of ids) {
      const { minutes12m = 0, minutes4w = 0 } = minutesOf.get(id) ?? {};
      const [revenue12mCents = 0, revenue4wCents = 0] = revenue.get(id) ?? [];
      metrics.set(id, {
        revenue12mCents,
        minutes12m,
        minutes4w,
        revenue4wCents,
        effectiveRateCents: minutes12m > 0 ? Math.round((revenue12mCents * 60) / minutes12m) : null,
      });
    }
    return metrics;
  });
}

export const NO_METRICS: ClientMetrics = { revenue12mCents: 0, minutes12m: 0, minutes4w: 0, revenue4wCents: 0, effectiveRateCents: null };

export const ROW_COLUMNS = `c.id, c.name, c.seats, c.has_server as hasServer, c.status, c.growth, c.tier, c.tier_reason as tierReason,
  c.tier_override is not null as overridden`;

export type RawRow = Omit<ClientRowDTO, 'hasServer' | 'overridden' | keyof ClientMetrics> & { hasServer: number; overridden: number };
export const toRow = (r: RawRow, metrics: Map<number, ClientMetrics>): ClientRowDTO => ({
  ...r,
  hasServer: Boolean(r.hasServer),
  overridden: Boolean(r.overridden),
  ...(metrics.get(r.id) ?? NO_METRICS),
});

/** Active and prospect clients: the ones a form offers to pick. */
export const choosable = sql`${schema.clients.status} in ('active', 'prospect')`;

/** A LIKE pattern's wildcards taken literally (with `escape '\\'`). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
