/**
 * npm run bench:dashboard — seeds a large firm (50 users, 10,000 clients,
 * 200,000 time entries over 12 months) into a temporary database, starts the
 * production server on it, signs in as the owner and prints the median and p95
 * time to render the firm dashboard and client-list pages. Target: median
 * under 150 ms each on a 2-core machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { BENCH_OWNER, BENCH_PASSWORD, buildIfStale, percentiles, seedLargeFirm, signIn, startServer } from './bench-lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 3231);

async function time(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie } });
  await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

const stats = percentiles;

async function main() {
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, 'bench.db');
  const t0 = performance.now();
  seedLargeFirm(file);
  console.log(`Seeded 50 users, 10,000 clients, 200,000 time entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { base, server } = await startServer(file, PORT);
  try {
    const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    const pages = [
      ['firm dashboard', '/dashboard?scope=firm'],
      ['client list, by name', '/clients'],
      ['client list, by revenue', '/clients?sort=revenue&dir=desc'],
      ['client list, page 100', '/clients?page=100'],
    ] as const;
    const results: { page: string; cold: number; median: number; p95: number }[] = [];
    for (const [name, url] of pages) {
      // The first view computes (and caches) the year's figures; the first dashboard view also re-tiers 10,000 clients.
      const cold = await time(base + url, cookie);
      for (let i = 0; i < 2; i++) await time(base + url, cookie);
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await time(base + url, cookie));
      results.push({ page: name, cold, ...stats(runs) });
    }
    // The realistic worst case: a check-out just landed, so the cached figures must be recomputed.
    const writer = openDatabase(file, { migrate: false }).$client;
    const insert = writer.prepare(
      "insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes) values (1, 2, 1, 'micro', ?, 60)",
    );
    const afterWrite: number[] = [];
    for (let i = 0; i < 10; i++) {
      insert.run(Date.now() - 60_000);
      afterWrite.push(await time(`${base}/dashboard?scope=firm`, cookie));
    }
    writer.close();
    console.log(`\n${RUNS} sequential requests per page after 3 warm-up requests (the first one is "cold"):`);
    for (const r of results) {
      console.log(
        `  ${r.page.padEnd(26)} cold ${r.cold.toFixed(1).padStart(7)} ms   median ${r.median.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   ${r.median < 150 ? 'OK' : 'OVER the 150 ms target'}`,
      );
    }
    const aw = stats(afterWrite);
    console.log(
      `  firm dashboard right after a new time entry (figures recomputed): median ${aw.median.toFixed(1)} ms, p95 ${aw.p95.toFixed(1)} ms over 10`,
    );
  } finally {
    server.kill('SIGTERM');
    if (process.env.BENCH_KEEP) console.log(`Kept ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
