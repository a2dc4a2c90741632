/**
 * npm run bench:invoices — "prepare a month's invoices" for the large
 * benchmark firm (10,000 clients, 200,000 time entries over 12 months, none
 * invoiced yet; a monthly contract for every client with a server), through
 * the production server's own action, as the owner would from /invoices.
 * While it runs, another signed-in person keeps loading /today: the figures
 * are the prepare's wall time, drafts made, the server's peak memory, and the
 * response times of those page loads. Then it runs the prepare again: nothing
 * new may be made.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_OWNER, BENCH_PASSWORD, buildIfStale, percentiles, rssMb, seedLargeFirm, signIn, startServer } from './bench-lib';
import { root } from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3233);

function actionId(key: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const hit = Object.entries(manifest.node).find(([, e]) => `${e.filename}#${e.exportedName}` === key);
  if (!hit) throw new Error(`no server action ${key} in the build`);
  return hit[0];
}

/** Posts the action as the browser's form does; returns its answer's text. */
async function postAction(base: string, cookie: string, id: string, fields: Record<string, string>): Promise<string> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(`_1_${k}`, v);
  body.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const res = await fetch(`${base}/invoices`, {
    method: 'POST',
    headers: { 'Next-Action': id, Origin: base, Accept: 'text/x-component', Cookie: cookie },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the action answered ${res.status}`);
  return text;
}

type PrepareJob = { status: string; progress: { done: number; total: number } | null; result?: { created: number } };

/** Starts the month's preparation (a job) and polls GET /api/jobs/:id, as the page does, until it is done; its last answer. */
async function prepareJob(base: string, cookie: string, id: string, month: string): Promise<PrepareJob & { polls: number }> {
  const answer = await postAction(base, cookie, id, { month });
  const jobId = /"jobId":"([0-9a-f-]{36})"/.exec(answer)?.[1];
  if (!jobId) throw new Error(`no job in the answer: ${answer.slice(0, 300)}`);
  for (let polls = 1; ; polls++) {
    const job = (await fetch(`${base}/api/jobs/${jobId}`, { headers: { Cookie: cookie } }).then((r) => r.json())) as PrepareJob;
    if (job.status === 'done') return { ...job, polls };
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`the preparation ended ${job.status}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** Loads a page again and again until `stop` resolves; returns each load's time in ms. */
async function keepLoading(url: string, cookie: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Cookie: cookie } });
    await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return times;
}

function addContracts(file: string): number {
  const db = new Database(file);
  const n = db
    .prepare(
      "insert into contracts (firm_id, client_id, name, start_date, monthly_fee_cents, per_seat_cents, included_minutes) select firm_id, id, 'Managed services', '2025-01-01', 50000, 1500, 600 from clients where has_server = 1",
    )
    .run().changes;
  db.close();
  return n;
}

const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  const n = (db.prepare(sql).get() as { n: number }).n;
  db.close();
  return n;
};

async function main() {
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, 'bench.db');
  seedLargeFirm(file);
  const contracts = addContracts(file);
  console.log(`Seeded 10,000 clients, 200,000 time entries (none invoiced), ${contracts.toLocaleString('en-US')} contracts`);
  const { base, server } = await startServer(file, PORT);
  try {
    const owner = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    const other = await signIn(base, 'user1@bench.example', BENCH_PASSWORD);
    const id = actionId('app/(app)/invoices/contract-actions.ts#prepareMonthAction');
    const month = new Date().toISOString().slice(0, 7);
    for (let i = 0; i < 3; i++) await fetch(`${base}/today`, { headers: { Cookie: other } }).then((r) => r.text()); // warm
    let peak = rssMb(server.pid!);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 100);
    const t0 = performance.now();
    const prepare = prepareJob(base, owner, id, month);
    const loads = await keepLoading(`${base}/today`, other, prepare);
    const answer = await prepare;
    const wall = performance.now() - t0;
    clearInterval(sampler);
    const made = count(file, `select count(*) as n from invoices where prepared_for = '${month}'`);
    const billed = count(file, 'select count(*) as n from time_entries where invoice_line_id is not null');
    const p = percentiles(loads);
    console.log(
      `Prepare ${month}: ${(wall / 1000).toFixed(2)} s wall, ${made.toLocaleString('en-US')} drafts, ${billed.toLocaleString('en-US')} entries billed`,
    );
    console.log(`  server peak RSS ${peak.toFixed(0)} MB`);
    console.log(
      `  /today while it ran: ${loads.length} loads, median ${p.median.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, max ${Math.max(...loads).toFixed(0)} ms`,
    );
    console.log(`  progress polled ${answer.polls} times, last ${answer.progress?.done} of ${answer.progress?.total} clients`);
    if (answer.result?.created !== made) throw new Error(`the job says ${answer.result?.created} drafts, the database ${made}`);

    const t1 = performance.now();
    const again = await prepareJob(base, owner, id, month);
    const madeAfter = count(file, `select count(*) as n from invoices where prepared_for = '${month}'`);
    console.log(`Prepare again: ${((performance.now() - t1) / 1000).toFixed(2)} s, ${madeAfter - made} new drafts`);
    if (madeAfter !== made || again.result?.created !== 0) {
      console.error('The second prepare made drafts: it must make none.');
      process.exitCode = 1;
    }
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
