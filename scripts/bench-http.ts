/**
 * npm run bench:http — Next.js's own production server (next start), every
 * request rendered (there is no page cache), on two databases: the demo firm
 * (a consultant's and the owner's signed-in pages) and the large firm of
 * bench:dashboard (50 users, 10,000 clients, 200,000 time entries; the
 * owner). autocannon at 10 and then 50 connections, BENCH_SECONDS (10) each.
 * Prints requests/s, p50/p99 latency, the server's CPU time per request, errors and its peak resident
 * memory.
 * Targets on this 2-core machine: zero errors anywhere; resident memory under
 * 400 MB; the demo firm's pages at 10 connections at least 43 requests/s with
 * p99 at most 440 ms (what rendering every request did before the serving
 * path changed — it must not get slower).
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../db/seed';
import { BENCH_OWNER, BENCH_PASSWORD, buildIfStale, demoDatabase, rssMb, seedLargeFirm, signIn, startServer } from './bench-lib';

const PORT = Number(process.env.BENCH_PORT ?? 3235);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PAGES = ['/dashboard', '/clients', '/schedule', '/today', '/timesheets'];
const DEMO_MIN_RPS = 43;
const DEMO_MAX_P99_MS = 440;

/** CPU time (user + system) the process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

type Run = { label: string; file: string; users: { who: string; email: string; password: string; pages: string[] }[]; targets: boolean };

const running = (server: { exitCode: number | null; signalCode: NodeJS.Signals | null }) =>
  server.exitCode === null && server.signalCode === null;

async function main() {
  buildIfStale();
  const demo = demoDatabase('http-demo');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const large = path.join(dir, 'http-large.db');
  seedLargeFirm(large);
  const consultant = DEMO_USERS.find((u) => u.role === 'consultant')!;
  const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
  const runs: Run[] = [
    {
      label: 'Demo firm',
      file: demo.file,
      targets: true,
      users: [
        { who: 'consultant', email: consultant.email, password: consultant.password, pages: PAGES },
        { who: 'owner', email: owner.email, password: owner.password, pages: ['/dashboard', '/clients', '/schedule'] },
      ],
    },
    {
      label: '10,000-client firm',
      file: large,
      targets: false,
      users: [{ who: 'owner', email: BENCH_OWNER, password: BENCH_PASSWORD, pages: PAGES }],
    },
  ];
  const misses: string[] = [];
  // CPU ms/req is the server's own CPU per page, which other load on the machine moves far less than req/s.
  const header = `page                     conns   req/s    p50 ms   p99 ms   CPU ms/req   errors   non-2xx`;
  let overallPeak = 0;
  try {
    for (const run of runs) {
      const { base, server } = await startServer(run.file, PORT);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 200);
      try {
        console.log(`\n${run.label}\n${header}`);
        for (const user of run.users) {
          const cookie = await signIn(base, user.email, user.password);
          for (const url of user.pages) await fetch(base + url, { headers: { cookie } }).then((r) => r.text());
          for (const connections of [10, 50]) {
            for (const url of user.pages) {
              const cpuBefore = cpuMs(server.pid!);
              const r = await autocannon({ url: base + url, connections, duration: SECONDS, headers: { cookie } });
              const label = `${url} (${user.who})`;
              // A server that died (out of memory, say) must fail the benchmark, not end it quietly with exit 0.
              if (!running(server))
                throw new Error(`the server died during ${label} at ${connections} connections (${server.exitCode ?? server.signalCode})`);
              const cpuPerRequest = (cpuMs(server.pid!) - cpuBefore) / Math.max(1, r.requests.total);
              const bad = r.errors + r.timeouts + r.non2xx;
              console.log(
                `${label.padEnd(23)}  ${String(connections).padStart(5)}  ${r.requests.average.toFixed(0).padStart(6)}  ${r.latency.p50.toFixed(0).padStart(8)}  ${r.latency.p99.toFixed(0).padStart(7)}  ${cpuPerRequest.toFixed(1).padStart(11)}  ${String(r.errors + r.timeouts).padStart(7)}  ${String(r.non2xx).padStart(8)}`,
              );
              if (bad) misses.push(`${run.label} ${label} at ${connections}: ${bad} errors`);
              if (run.targets && connections === 10) {
                if (r.requests.average < DEMO_MIN_RPS)
                  misses.push(
                    `${run.label} ${label}: ${r.requests.average.toFixed(0)} requests/s at 10 connections (target ≥ ${DEMO_MIN_RPS})`,
                  );
                if (r.latency.p99 > DEMO_MAX_P99_MS)
                  misses.push(`${run.label} ${label}: p99 ${r.latency.p99} ms at 10 connections (target ≤ ${DEMO_MAX_P99_MS})`);
              }
            }
          }
        }
      } finally {
        clearInterval(sampler);
        if (running(server)) {
          server.kill('SIGTERM');
          await new Promise((r) => server.once('exit', r));
        }
      }
      console.log(`server peak resident memory: ${peak.toFixed(0)} MB`);
      overallPeak = Math.max(overallPeak, peak);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(demo.dir, { recursive: true, force: true });
  }
  if (overallPeak >= 400) misses.push(`peak memory ${overallPeak.toFixed(0)} MB (target < 400)`);
  console.log(misses.length ? `\nMissed targets:\n  ${misses.join('\n  ')}` : '\nAll targets met.');
  if (misses.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
