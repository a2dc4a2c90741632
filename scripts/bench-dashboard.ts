/**
 * npm run bench:dashboard — seeds a large firm (50 users, 10,000 clients,
 * 200,000 time entries over 12 months) into a temporary database, starts the
 * production server on it, signs in as the owner and prints the median and p95
 * time to render the firm dashboard and client-list pages. Target: median
 * under 150 ms each on a 2-core machine.
 */
import bcrypt from 'bcryptjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { buildIfStale, percentiles, signIn, startServer } from './bench-lib';

const USERS = 50;
const CLIENTS = 10_000;
const ENTRIES = 200_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 3231);
const PASSWORD = 'bench-password';

function seed(file: string) {
  const db = openDatabase(file);
  const sqlite = db.$client;
  const now = Date.now();
  const year = 365 * 86_400_000;
  let rand = 42;
  const r = () => ((rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648);
  const hash = bcrypt.hashSync(PASSWORD, 10);
  sqlite.transaction(() => {
    const firmId = Number(sqlite.prepare("insert into firms (name, time_zone) values ('Bench Firm', 'America/Chicago')").run().lastInsertRowid);
    const userIds: number[] = [];
    const insertUser = sqlite.prepare('insert into users (firm_id, name, email, role, password_hash) values (?, ?, ?, ?, ?)');
    for (let i = 0; i < USERS; i++) {
      userIds.push(Number(insertUser.run(firmId, `User ${i}`, i === 0 ? 'owner@bench.example' : `user${i}@bench.example`, i === 0 ? 'owner' : i % 10 === 0 ? 'staff' : 'consultant', hash).lastInsertRowid));
    }
    const insertClient = sqlite.prepare(
      "insert into clients (firm_id, name, seats, has_server, growth, status, tier, tier_reason, monthly_recurring_cents) values (?, ?, ?, ?, ?, ?, 'micro', '', ?)",
    );
    const clientIds: number[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const seats = r() < 0.6 ? 2 + Math.floor(r() * 4) : r() < 0.8 ? 6 + Math.floor(r() * 10) : 10 + Math.floor(r() * 150);
      const server = seats >= 8 && r() < 0.8 ? 1 : 0;
      clientIds.push(
        Number(
          insertClient.run(firmId, `Client ${String(i).padStart(5, '0')}`, seats, server, ['shrinking', 'flat', 'growing'][i % 3], i % 20 === 0 ? 'archived' : 'active', server ? 50_000 : 0).lastInsertRowid,
        ),
      );
    }
    const insertEntry = sqlite.prepare(
      'insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes, travel_minutes, amount_cents) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < ENTRIES; i++) {
      const kind = r();
      const user = userIds[Math.floor(r() * USERS)]!;
      const at = now - Math.floor(r() * year);
      const minutes = 30 + Math.floor(r() * 8) * 15;
      if (kind < 0.15) insertEntry.run(firmId, user, null, kind < 0.1 ? 'marketing' : 'admin', at, minutes, 0, 0);
      else insertEntry.run(firmId, user, clientIds[Math.floor(r() * CLIENTS)]!, kind < 0.6 ? 'micro' : 'sweet_spot', at, minutes, 15, minutes * 160);
    }
    const insertCharge = sqlite.prepare('insert into charges (firm_id, client_id, billed_at, amount_cents) values (?, ?, ?, ?)');
    clientIds.forEach((id, i) => {
      if (i % 5 === 0) for (let m = 0; m < 12; m++) insertCharge.run(firmId, id, now - m * 30 * 86_400_000, 50_000);
    });
  })();
  sqlite.pragma('optimize');
  sqlite.close();
}

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
  seed(file);
  console.log(`Seeded ${USERS} users, ${CLIENTS.toLocaleString('en-US')} clients, ${ENTRIES.toLocaleString('en-US')} time entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { base, server } = await startServer(file, PORT);
  try {
    const cookie = await signIn(base, 'owner@bench.example', PASSWORD);
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
    const insert = writer.prepare("insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes) values (1, 2, 1, 'micro', ?, 60)");
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
    console.log(`  firm dashboard right after a new time entry (figures recomputed): median ${aw.median.toFixed(1)} ms, p95 ${aw.p95.toFixed(1)} ms over 10`);
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
