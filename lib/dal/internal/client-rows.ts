import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { ClientStatus, GrowthOutlook, Tier } from '@/db/schema';
import { monthsBefore } from '@/lib/time/zoned';
import { cached } from './metrics-cache';
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

// Aggregates per client over the two windows, joined onto clients. Indexed by (firm_id, started_at).
const METRICS_JOINS = `
  left join (select client_id, sum(amount_cents) as amount, sum(minutes + travel_minutes) as mins
               from time_entries indexed by time_entries_firm_client_cover_idx where firm_id = @firmId and client_id is not null and started_at >= @since12m and started_at < @now
              group by client_id) t12 on t12.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount
               from charges indexed by charges_firm_client_cover_idx where firm_id = @firmId and billed_at >= @since12m and billed_at < @now
              group by client_id) ch12 on ch12.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount, sum(minutes + travel_minutes) as mins
               from time_entries indexed by time_entries_firm_client_cover_idx where firm_id = @firmId and client_id is not null and started_at >= @since4w and started_at < @now
              group by client_id) t4 on t4.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount
               from charges indexed by charges_firm_client_cover_idx where firm_id = @firmId and billed_at >= @since4w and billed_at < @now
              group by client_id) ch4 on ch4.client_id = c.id`;

const METRICS_COLUMNS = `
  coalesce(t12.amount, 0) + coalesce(ch12.amount, 0) as revenue12mCents,
  coalesce(t12.mins, 0) as minutes12m,
  coalesce(t4.mins, 0) as minutes4w,
  coalesce(t4.amount, 0) + coalesce(ch4.amount, 0) as revenue4wCents,
  case when coalesce(t12.mins, 0) > 0 then (coalesce(t12.amount, 0) + coalesce(ch12.amount, 0)) * 60 / t12.mins end as effectiveRateCents`;

/** Every client's figures over both windows, computed in one pass and cached per data version. */
export function clientMetricsMap(firmId: number, timeZone: string, now: number): Map<number, ClientMetrics> {
  return cached('client-metrics', firmId, now, () => {
    const since12m = monthsBefore(now, timeZone, 12);
    const rows = getDb()
      .$client.prepare(`select c.id, ${METRICS_COLUMNS} from clients c ${METRICS_JOINS} where c.firm_id = @firmId`)
      .all({ firmId, now, since12m, since4w: now - 28 * DAY_MS }) as ({ id: number } & ClientMetrics)[];
    return new Map(
      rows.map(({ id, ...m }) => [
        id,
        { ...m, effectiveRateCents: m.effectiveRateCents === null ? null : Math.round(m.effectiveRateCents) },
      ]),
    );
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
