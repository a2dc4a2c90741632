/**
 * npm run bench:http — the production server on the large firm of
 * bench:dashboard (50 users, 10,000 clients, 200,000 time entries); autocannon
 * at 10 and then 50 connections against the dashboard, client list, schedule
 * week and Today pages as a signed-in owner, 10 s each. Prints requests/s,
 * latency percentiles, errors and the server's peak resident memory.
 * Targets on a 2-core machine: zero errors, p99 under 250 ms at 10
 * connections, at least 100 requests/s per page, resident memory under 400 MB.
 *
 * The server answers repeated views of unchanged data from its page cache
 * (lib/page-cache.ts), which is what these figures measure. For comparison it
 * then restarts with PAGE_CACHE=off and prints what rendering every request
 * costs (10 connections; not a target), and the dashboard while another
 * process commits a change every second (every commit empties the cache).
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_OWNER, BENCH_PASSWORD, buildIfStale, seedLargeFirm, signIn, startServer } from './bench-lib';

const PORT = Number(process.env.BENCH_PORT ?? 3235);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PAGES = ['/dashboard', '/clients', '/schedule', '/today'];

/** Resident memory of a process and its children, in MB (Linux /proc). */
function rssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const child of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(child));
    } catch {
      /* gone */
    }
  };
  visit(pid);
  return kb / 1024;
}

/** Signs the owner in and views each page once (server caches warm). */
async function signInAndWarm(base: string): Promise<string> {
  const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
  for (const url of PAGES) await fetch(base + url, { headers: { cookie } }).then((r) => r.text());
  return cookie;
}

async function main() {
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, 'http.db');
  seedLargeFirm(file);
  let { base, server } = await startServer(file, PORT);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 200);
  const misses: string[] = [];
  const line = (label: string, connections: number, r: autocannon.Result) =>
    console.log(`${label.padEnd(12)}  ${String(connections).padStart(5)}  ${r.requests.average.toFixed(0).padStart(6)}  ${r.latency.p50.toFixed(0).padStart(8)}  ${r.latency.p99.toFixed(0).padStart(7)}  ${String(r.errors + r.timeouts).padStart(7)}  ${String(r.non2xx).padStart(8)}`);
  const header = `page          conns   req/s    p50 ms   p99 ms   errors   non-2xx`;
  try {
    let cookie = await signInAndWarm(base);
    console.log(header);
    for (const connections of [10, 50]) {
      for (const url of PAGES) {
        const r = await autocannon({ url: base + url, connections, duration: SECONDS, headers: { cookie } });
        const rps = r.requests.average;
        const bad = r.errors + r.timeouts + r.non2xx;
        line(url, connections, r);
        if (bad) misses.push(`${url} at ${connections}: ${bad} errors`);
        if (connections === 10 && r.latency.p99 >= 250) misses.push(`${url}: p99 ${r.latency.p99} ms at 10 connections`);
        if (connections === 10 && rps < 100) misses.push(`${url}: ${rps.toFixed(0)} requests/s at 10 connections`);
      }
    }

    // A second process commits a change every second: each commit empties the page cache.
    const writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
    // A real change (an UPDATE that writes the same value commits no page and leaves data_version alone).
    const touch = writer.prepare("update firms set name = case when name like '% ' then rtrim(name) else name || ' ' end where id = (select firm_id from users where email = ?)");
    const cacheState = async () => (await fetch(base + '/dashboard', { headers: { cookie } }).then(async (r) => (await r.text(), r.headers.get('x-sweetspot-cache'))));
    // Until a hit: a miss can also come from a render that straddled the start of a new 10-second bucket.
    let before = await cacheState();
    for (let i = 0; i < 5 && before !== 'hit'; i++) before = await cacheState();
    touch.run(BENCH_OWNER);
    const after = await cacheState();
    if (before !== 'hit' || after !== 'miss') misses.push(`a commit by another process did not empty the cache (${before} → ${after})`);
    const ticker = setInterval(() => touch.run(BENCH_OWNER), 1000);
    const busy = await autocannon({ url: base + '/dashboard', connections: 10, duration: SECONDS, headers: { cookie } });
    clearInterval(ticker);
    writer.close();
    console.log(`\nWith a commit by another process every second:\n${header}`);
    line('/dashboard', 10, busy);
    if (busy.errors + busy.timeouts + busy.non2xx) misses.push(`/dashboard with writes: ${busy.errors + busy.timeouts + busy.non2xx} errors`);

    // For comparison: every request rendered (not a target).
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    ({ base, server } = await startServer(file, PORT, { PAGE_CACHE: 'off' }));
    cookie = await signInAndWarm(base);
    console.log(`\nWithout the page cache (PAGE_CACHE=off), every request rendered:\n${header}`);
    for (const url of PAGES) line(url, 10, await autocannon({ url: base + url, connections: 10, duration: SECONDS, headers: { cookie } }));
  } finally {
    clearInterval(sampler);
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`server peak resident memory: ${peak.toFixed(0)} MB${peak >= 400 ? ' (OVER 400 MB)' : ''}`);
  if (peak >= 400) misses.push(`peak memory ${peak.toFixed(0)} MB`);
  console.log(misses.length ? `Missed targets:\n  ${misses.join('\n  ')}` : 'All targets met.');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
