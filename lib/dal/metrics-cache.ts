import 'server-only';
import { getDb } from '@/db';

/**
 * Aggregates over a year of time entries cost hundreds of milliseconds for a
 * large firm, and the same figures are asked for on every page view. One
 * process holds the only connection (see db/index.ts), so a small in-memory
 * cache is safe when keyed by a fingerprint of the data: any write through this
 * process (total_changes) and any new row written by another process (max
 * rowid) changes it. Entries also expire
 * after a minute because the windows slide with the clock.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const cache = new Map<string, { fingerprint: string; at: number; value: unknown }>();

function fingerprint(firmId: number): string {
  const row = getDb()
    .$client.prepare(
      `select (select max(rowid) from time_entries) as e, (select max(rowid) from charges) as c, (select max(rowid) from tier_changes) as t,
              (select max(updated_at) from clients where firm_id = @firmId) as u, (select count(*) from clients where firm_id = @firmId) as n,
              (select tiers_computed_at from firms where id = @firmId) as r, total_changes() as w`,
    )
    .get({ firmId });
  return JSON.stringify(row);
}

export function cached<T>(name: string, firmId: number, now: number, compute: () => T): T {
  const key = `${firmId}:${name}`;
  const fp = fingerprint(firmId);
  const hit = cache.get(key);
  if (hit && hit.fingerprint === fp && now - hit.at >= 0 && now - hit.at < TTL_MS) return hit.value as T;
  const value = compute();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { fingerprint: fp, at: now, value });
  return value;
}
