/**
 * npm run bench:http — the production server on the large firm of
 * bench:dashboard (50 users, 10,000 clients, 200,000 time entries); autocannon
 * at 10 and then 50 connections against the dashboard, client list, schedule
 * week and Today pages as a signed-in owner, 10 s each. Prints requests/s,
 * latency percentiles, errors and the server's peak resident memory.
 * Targets on a 2-core machine: zero errors, p99 under 250 ms at 10
 * connections, at least 100 requests/s per page, resident memory under 400 MB.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

async function main() {
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, 'http.db');
  seedLargeFirm(file);
  const { base, server } = await startServer(file, PORT);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 200);
  const misses: string[] = [];
  try {
    const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    for (const url of PAGES) await fetch(base + url, { headers: { Cookie: cookie } }).then((r) => r.text()); // warm the caches once
    console.log(`page          conns   req/s    p50 ms   p99 ms   errors   non-2xx`);
    for (const connections of [10, 50]) {
      for (const url of PAGES) {
        const r = await autocannon({ url: base + url, connections, duration: SECONDS, headers: { cookie } });
        const rps = r.requests.average;
        const bad = r.errors + r.timeouts + r.non2xx;
        console.log(`${url.padEnd(12)}  ${String(connections).padStart(5)}  ${rps.toFixed(0).padStart(6)}  ${r.latency.p50.toFixed(0).padStart(8)}  ${r.latency.p99.toFixed(0).padStart(7)}  ${String(r.errors + r.timeouts).padStart(7)}  ${String(r.non2xx).padStart(8)}`);
        if (bad) misses.push(`${url} at ${connections}: ${bad} errors`);
        if (connections === 10 && r.latency.p99 >= 250) misses.push(`${url}: p99 ${r.latency.p99} ms at 10 connections`);
        if (connections === 10 && rps < 100) misses.push(`${url}: ${rps.toFixed(0)} requests/s at 10 connections`);
      }
    }
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
