import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { classifyClient, type Tier, type TierThresholds } from '@/lib/tiers';
import { monthsBefore } from '@/lib/time/zoned';
import { clientRevenue } from './revenue';
import { writeTransaction } from './write';
import { HOUR_MS } from '@/lib/time/units';

/** Billed in the 12 months before `now`, per client of the firm: invoiced money and work not yet invoiced (./revenue.ts). */
function revenue12mByClient(firmId: number, timeZone: string, now: number, clientId?: number): Map<number, number> {
  const revenue = clientRevenue(firmId, timeZone, now, [monthsBefore(now, timeZone, 12)], clientId);
  return new Map([...revenue].map(([id, [cents]]) => [id, cents!]));
}

/**
 * Recomputes the tier of the firm's clients (or one client) and dates every
 * change in tier_changes. Runs inside the caller's transaction.
 */
export function retier(tx: Conn, firmId: number, now: number, onlyClientId?: number): { changed: number } {
  const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  if (!firm) return { changed: 0 };
  const thresholds: TierThresholds = firm;
  const revenue = revenue12mByClient(firmId, firm.timeZone, now, onlyClientId);
  const clients = tx
    .select({
      id: schema.clients.id,
      seats: schema.clients.seats,
      hasServer: schema.clients.hasServer,
      tier: schema.clients.tier,
      tierReason: schema.clients.tierReason,
      tierOverride: schema.clients.tierOverride,
      tierOverrideReason: schema.clients.tierOverrideReason,
    })
    .from(schema.clients)
    .where(onlyClientId ? eq(schema.clients.id, onlyClientId) : eq(schema.clients.firmId, firmId))
    .all();
  const sqlite = getDb().$client;
  const update = sqlite.prepare('update clients set tier = ?, tier_reason = ? where id = ? and firm_id = ?');
  const record = sqlite.prepare('insert into tier_changes (firm_id, client_id, from_tier, to_tier, reason, at) values (?, ?, ?, ?, ?, ?)');
  let changed = 0;
  for (const c of clients) {
    const result = classifyClient({ ...c, revenue12mCents: revenue.get(c.id) ?? 0 }, thresholds);
    if (result.tier === c.tier && result.reason === c.tierReason) continue;
    update.run(result.tier, result.reason, c.id, firmId);
    if (result.tier !== c.tier) {
      record.run(firmId, c.id, c.tier as Tier, result.tier, result.reason, now);
      changed++;
    }
  }
  if (!onlyClientId) sqlite.prepare('update firms set tiers_computed_at = ? where id = ?').run(now, firmId);
  return { changed };
}

const STALE_AFTER_MS = HOUR_MS;

/** The 12-month window slides every day; recompute when the last full pass is over an hour old. */
export function ensureFreshTiers(firmId: number, now = Date.now()): void {
  const db = getDb();
  const firm = db.select({ at: schema.firms.tiersComputedAt }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  if (firm && now - firm.at < STALE_AFTER_MS) return;
  writeTransaction((tx) => retier(tx, firmId, now));
}
