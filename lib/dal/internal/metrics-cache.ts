import 'server-only';
import { getDb } from '@/db';

/**
 * Aggregates over a year of time entries cost hundreds of milliseconds for a
 * large firm, and the same figures are asked for on every page view, so they
 * are cached in memory, keyed by a fingerprint of the whole database that costs
 * nothing to read: `total_changes()` moves with every write through this
 * process's connection, and `PRAGMA data_version` with every commit made by
 * any other connection (another server process, `npm run restore`, a script).
 * Any write anywhere therefore invalidates every entry, which is coarse but
 * never stale. Entries also expire after a minute because the windows slide
 * with the clock.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const cache = new Map<string, { fingerprint: string; at: number; value: unknown }>();

function fingerprint(): string {
  const sqlite = getDb().$client;
  const version = sqlite.pragma('data_version', { simple: true }) as number;
  const changes = (sqlite.prepare('select total_changes() as w').get() as { w: number }).w;
  return `${version}:${changes}`;
}

export function cached<T>(name: string, firmId: number, now: number, compute: () => T): T {
  const key = `${firmId}:${name}`;
  const fp = fingerprint();
  const hit = cache.get(key);
  if (hit && hit.fingerprint === fp && now - hit.at >= 0 && now - hit.at < TTL_MS) return hit.value as T;
  const value = compute();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { fingerprint: fp, at: now, value });
  return value;
}

/**
 * Drops the firm's entries. The fingerprint already moves with every commit
 * made through another connection (a jobs worker's, lib/dal/prepare-month-task.ts),
 * so this is not needed for correctness; it frees at once what a job's writes made stale.
 */
export function forgetFirm(firmId: number): void {
  for (const key of cache.keys()) if (key.startsWith(`${firmId}:`)) cache.delete(key);
}
