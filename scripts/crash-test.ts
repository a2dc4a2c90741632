/**
 * npm run test:crash — crash safety. Starts the production server on a file
 * database, has 10 phones send check-ins, check-outs and on-the-spot starts
 * (each with its own op id) concurrently, kills the server with SIGKILL at a
 * random moment, restarts it, and repeats for 20 rounds; phones re-send what
 * was never acknowledged, as the Today page does. Then checks the file: every
 * acknowledged action is recorded exactly once with its effect, every done
 * visit has exactly one time entry, integrity_check is ok and foreign keys
 * hold. Prints the totals; exits 1 on any mismatch.
 */
import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { signIn, startServer } from './bench-lib';
import { buildIsStale } from './lib';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const PHONES = 10;
const PORT = Number(process.env.CRASH_PORT ?? 3234);
const PASSWORD = 'crash-password';

type Op = {
  type: 'check_in' | 'check_out' | 'start_unplanned';
  opId: string;
  at: number;
  visitId?: number;
  clientId?: number;
  summary?: string;
  billableMinutes?: number;
};

function exited(child: import('node:child_process').ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

// Never end quietly: an event loop that runs dry before the verdict is a failure.
let finished = false;
process.on('exit', (code) => {
  if (!finished && code === 0) {
    console.error('crash test ended before its verdict');
    process.exitCode = 1;
  }
});

async function main() {
  if (buildIsStale()) {
    console.error('Build first (npm run build): the crash test runs the production server.');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-crash-'));
  const file = path.join(dir, 'crash.db');
  const sqlite = openDatabase(file).$client;
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const phones: { userId: number; email: string; visits: number[]; cookie?: string; queue: Op[] }[] = [];
  let clientId = 0;
  sqlite.transaction(() => {
    const firm = Number(sqlite.prepare("insert into firms (name, time_zone) values ('Crash Firm', 'UTC')").run().lastInsertRowid);
    clientId = Number(
      sqlite
        .prepare(
          "insert into clients (firm_id, name, seats, tier, tier_reason, hourly_rate_cents) values (?, 'Crash Client', 3, 'micro', '', 6000)",
        )
        .run(firm).lastInsertRowid,
    );
    const start = Date.now() - 2 * 86_400_000;
    for (let p = 0; p < PHONES; p++) {
      const email = `phone${p}@crash.example`;
      const userId = Number(
        sqlite
          .prepare("insert into users (firm_id, name, email, role, password_hash) values (?, ?, ?, 'consultant', ?)")
          .run(firm, `Phone ${p}`, email, hash).lastInsertRowid,
      );
      const visits = Array.from({ length: 200 }, (_, k) =>
        Number(
          sqlite
            .prepare(
              "insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes, status, user_id, starts_at, ends_at) values (?, ?, 30, 3, '2020-01-01', '2099-01-01', '[]', 0, 'scheduled', ?, ?, ?)",
            )
            .run(firm, clientId, userId, start + k * 60_000, start + k * 60_000 + 1_800_000).lastInsertRowid,
        ),
      );
      phones.push({ userId, email, visits, queue: [] });
    }
  })();
  sqlite.close();

  const acknowledged = new Map<string, Op>();
  let sent = 0;
  let kills = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const { base, server } = await startServer(file, PORT);
    for (const p of phones) p.cookie ??= await signIn(base, p.email, PASSWORD);
    let stop = false;
    const send = async (p: (typeof phones)[number], op: Op) => {
      sent++;
      const res = await fetch(`${base}/api/field`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: base, Cookie: p.cookie! },
        body: JSON.stringify(op),
      });
      const body = (await res.json()) as { ok: boolean; visitId?: number };
      if (res.status === 200 || res.status === 409) {
        acknowledged.set(op.opId, op);
        p.queue.shift();
        // A phone's next step follows what the server said.
        if (op.type === 'check_in' && body.ok)
          p.queue.push({
            type: 'check_out',
            opId: randomUUID(),
            visitId: op.visitId,
            at: op.at + 60_000,
            summary: 'crash round',
            billableMinutes: 30,
          });
        if (op.type === 'start_unplanned' && body.ok)
          p.queue.push({
            type: 'check_out',
            opId: randomUUID(),
            visitId: body.visitId,
            at: op.at + 60_000,
            summary: 'unplanned',
            billableMinutes: 15,
          });
      } else {
        throw new Error(`unexpected ${res.status}`);
      }
    };
    const work = phones.map(async (p) => {
      while (!stop) {
        if (p.queue.length === 0) {
          const next = p.visits.shift();
          const at = Date.now() - 3_600_000;
          p.queue.push(
            next === undefined || Math.random() < 0.1
              ? { type: 'start_unplanned', opId: randomUUID(), clientId, at }
              : { type: 'check_in', opId: randomUUID(), visitId: next, at },
          );
        }
        try {
          await send(p, p.queue[0]!); // unacknowledged ops stay first in the queue and are sent again
        } catch {
          return; // the server died mid-request
        }
      }
    });
    // The kill comes 0.3–1.5 s after the round's first acknowledged action: a freshly started
    // server loads its route modules on first use, and the kill should land among real writes.
    const ackedBefore = acknowledged.size;
    for (let waited = 0; acknowledged.size === ackedBefore && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
    server.kill('SIGKILL');
    kills++;
    stop = true;
    await Promise.all(work);
    await exited(server);
  }
  // One last clean run to drain what the phones still hold.
  const { base, server } = await startServer(file, PORT);
  for (const p of phones) {
    while (p.queue.length) {
      const op = p.queue[0]!;
      const res = await fetch(`${base}/api/field`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: base, Cookie: p.cookie! },
        body: JSON.stringify(op),
      });
      if (res.status !== 200 && res.status !== 409) throw new Error(`drain: ${res.status}`);
      acknowledged.set(op.opId, op);
      p.queue.shift();
    }
  }
  server.kill('SIGTERM');
  await exited(server);

  const db = openDatabase(file, { migrate: false }).$client;
  const recorded = new Map(
    (db.prepare('select op_id, kind, visit_id from client_ops').all() as { op_id: string; kind: string; visit_id: number | null }[]).map(
      (r) => [r.op_id, r],
    ),
  );
  const missing = [...acknowledged.keys()].filter((id) => !recorded.has(id));
  const checkIns = [...acknowledged.values()].filter((o) => o.type === 'check_in');
  const notCheckedIn = checkIns.filter(
    (o) =>
      (db.prepare('select checked_in_at from visits where id = ?').get(o.visitId) as { checked_in_at: number | null }).checked_in_at ===
      null,
  ).length;
  const done = (db.prepare("select count(*) as n from visits where status = 'done'").get() as { n: number }).n;
  const entries = (db.prepare('select count(*) as n from time_entries').get() as { n: number }).n;
  const doubled = (
    db.prepare('select count(*) as n from (select visit_id from time_entries group by visit_id having count(*) > 1)').get() as { n: number }
  ).n;
  const doneWithoutEntry = (
    db
      .prepare(
        "select count(*) as n from visits v where status = 'done' and not exists (select 1 from time_entries t where t.visit_id = v.id)",
      )
      .get() as { n: number }
  ).n;
  const integrity = db.pragma('integrity_check', { simple: true });
  const fk = db.pragma('foreign_key_check') as unknown[];
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `${kills} SIGKILLs over ${ROUNDS} rounds; ${sent} requests sent; ${acknowledged.size} actions acknowledged, ${recorded.size} recorded, ${missing.length} acknowledged but missing`,
  );
  console.log(
    `${checkIns.length} check-ins acknowledged (${notCheckedIn} without their effect); ${done} visits done, ${entries} time entries, ${doubled} visits with more than one entry, ${doneWithoutEntry} done without an entry`,
  );
  console.log(`integrity_check: ${String(integrity)}; foreign key violations: ${fk.length}`);
  const ok =
    missing.length === 0 &&
    notCheckedIn === 0 &&
    doubled === 0 &&
    doneWithoutEntry === 0 &&
    entries === done &&
    integrity === 'ok' &&
    fk.length === 0 &&
    recorded.size === acknowledged.size;
  console.log(ok ? 'OK: every acknowledged write survived the crashes exactly once.' : 'FAILED');
  finished = true;
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
