/**
 * npm run bench:checkins — 50 consultants × 20 check-in/check-out pairs against
 * the production server on a fresh file database, all consultants at once,
 * with one in ten actions sent twice (a phone retrying). Prints throughput and
 * latency, then checks the database: every acknowledged action is there
 * exactly once, every visit is done, one time entry per visit, no errors.
 * Exits 1 if anything does not add up.
 */
import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { buildIfStale, percentiles, signIn, startServer } from './bench-lib';

const USERS = Number(process.env.BENCH_USERS ?? 50);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3232);
const PASSWORD = 'bench-password';

function seed(file: string): { visits: Map<number, number[]>; emails: Map<number, string> } {
  const db = openDatabase(file);
  const sqlite = db.$client;
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const visits = new Map<number, number[]>();
  const emails = new Map<number, string>();
  const start = Date.now() - 3 * 86_400_000;
  sqlite.transaction(() => {
    const firm = Number(
      sqlite.prepare("insert into firms (name, time_zone) values ('Bench Firm', 'America/Chicago')").run().lastInsertRowid,
    );
    const client = Number(
      sqlite
        .prepare(
          "insert into clients (firm_id, name, seats, tier, tier_reason, hourly_rate_cents) values (?, 'Bench Client', 3, 'micro', '', 9000)",
        )
        .run(firm).lastInsertRowid,
    );
    const addUser = sqlite.prepare("insert into users (firm_id, name, email, role, password_hash) values (?, ?, ?, 'consultant', ?)");
    const addVisit = sqlite.prepare(
      "insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes, status, user_id, starts_at, ends_at) values (?, ?, 30, 3, '2020-01-01', '2099-01-01', '[]', 0, 'scheduled', ?, ?, ?)",
    );
    for (let u = 0; u < USERS; u++) {
      const email = `consultant${u}@bench.example`;
      const id = Number(addUser.run(firm, `Consultant ${u}`, email, hash).lastInsertRowid);
      emails.set(id, email);
      visits.set(
        id,
        Array.from({ length: PAIRS }, (_, k) =>
          Number(addVisit.run(firm, client, id, start + k * 3_600_000, start + k * 3_600_000 + 1_800_000).lastInsertRowid),
        ),
      );
    }
  })();
  sqlite.close();
  return { visits, emails };
}

async function main() {
  buildIfStale();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, 'checkins.db');
  const { visits, emails } = seed(file);
  const { base, server } = await startServer(file, PORT);
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let errors = 0;
  let retries = 0;
  try {
    const cookies = new Map<number, string>();
    for (const [id, email] of emails) cookies.set(id, await signIn(base, email, PASSWORD));
    const post = async (cookie: string, op: object): Promise<boolean> => {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/field`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: base, Cookie: cookie },
          body: JSON.stringify(op),
        });
        await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors++;
        return res.status === 200;
      } catch {
        errors++;
        return false;
      }
    };
    console.log(`${USERS} consultants × ${PAIRS} check-in/check-out pairs, all consultants at once…`);
    const t0 = performance.now();
    await Promise.all(
      [...visits].map(async ([userId, ids]) => {
        const cookie = cookies.get(userId)!;
        for (const visitId of ids) {
          const at = Date.now() - 3_600_000;
          const ops = [
            { type: 'check_in', opId: randomUUID(), visitId, at },
            { type: 'check_out', opId: randomUUID(), visitId, at: at + 1_800_000, summary: 'Bench visit', billableMinutes: 30 },
          ];
          for (const op of ops) {
            if (await post(cookie, op)) acknowledged.push(op.opId);
            if (Math.random() < 0.1) {
              retries++;
              await post(cookie, op); // a phone retrying the same action
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const p = percentiles(latencies);
    console.log(
      `${latencies.length} requests (${retries} of them retries of an acknowledged action) in ${seconds.toFixed(1)} s: ${(latencies.length / seconds).toFixed(0)} requests/s`,
    );
    console.log(`latency: median ${p.median.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms; errors ${errors}`);
  } finally {
    server.kill('SIGTERM');
  }
  const db = openDatabase(file, { migrate: false }).$client;
  const inDb = new Set((db.prepare('select op_id from client_ops').all() as { op_id: string }[]).map((r) => r.op_id));
  const missing = acknowledged.filter((id) => !inDb.has(id)).length;
  const done = (db.prepare("select count(*) as n from visits where status = 'done'").get() as { n: number }).n;
  const entries = (db.prepare('select count(*) as n from time_entries').get() as { n: number }).n;
  const perVisit = (db.prepare('select max(n) as n from (select count(*) as n from time_entries group by visit_id)').get() as { n: number })
    .n;
  const integrity = (db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check;
  db.close();
  const expected = USERS * PAIRS;
  console.log(
    `database: ${acknowledged.length} acknowledged actions, ${inDb.size} recorded, ${missing} missing; ${done}/${expected} visits done; ${entries} time entries (at most ${perVisit} per visit); integrity ${integrity}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const ok =
    errors === 0 &&
    missing === 0 &&
    inDb.size === acknowledged.length &&
    acknowledged.length === 2 * expected &&
    done === expected &&
    entries === expected &&
    perVisit === 1 &&
    integrity === 'ok';
  console.log(ok ? 'OK: every acknowledged action is in the database exactly once.' : 'FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
