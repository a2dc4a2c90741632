/** What the HTTP benchmarks share: a production server on a given database, sign-in, percentiles. */
import bcrypt from 'bcryptjs';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { seedDemo } from '../db/seed';
import { build, buildIsStale, root, SERVER_ARGS } from './lib';

export const BENCH_OWNER = 'owner@bench.example';
export const BENCH_PASSWORD = 'bench-password';
const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';
const USERS = 50;
const CLIENTS = 10_000;
const ENTRIES = 200_000;

export function buildIfStale(): void {
  if (!buildIsStale()) return;
  console.log('Building the production app…');
  build();
}

/** Starts the production server (next start, after migrations) on the database file and waits for /api/health. */
export async function startServer(
  file: string,
  port: number,
  env: Record<string, string> = {},
): Promise<{ base: string; server: ChildProcess }> {
  const server = spawn(process.execPath, SERVER_ARGS, {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      NODE_ENV: 'production',
      DATABASE_PATH: file,
      AUTH_SECRET: BENCH_SECRET,
      AUTH_TRUST_HOST: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 100) {
      server.kill('SIGTERM');
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, server };
}

/** Signs in through Auth.js's credentials endpoint; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/dashboard` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token'));
  if (!session) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return session.split(';')[0]!;
}

/** A temporary folder holding a freshly migrated database with the demo firm; returns both paths. */
export function demoDatabase(name: string): { dir: string; file: string; firmId: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, `${name}.db`);
  const db = openDatabase(file);
  process.env.AUTH_SECRET ??= BENCH_SECRET; // the demo's request page link is made with it
  const { firmId } = seedDemo(db);
  db.$client.close();
  return { dir, file, firmId };
}

export function percentiles(xs: number[]): { median: number; p95: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * The large firm of the HTTP benchmarks: 50 users, 10,000 clients, 200,000 time
 * entries over 12 months, monthly charges, and the owner's working hours, a
 * weekly marketing block and a visit every working day of this week.
 */
export function seedLargeFirm(file: string) {
  const db = openDatabase(file);
  const sqlite = db.$client;
  const now = Date.now();
  const year = 365 * 86_400_000;
  let rand = 42;
  const r = () => (rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648;
  const hash = bcrypt.hashSync(BENCH_PASSWORD, 10);
  sqlite.transaction(() => {
    const firmId = Number(
      sqlite.prepare("insert into firms (name, time_zone) values ('Bench Firm', 'America/Chicago')").run().lastInsertRowid,
    );
    const userIds: number[] = [];
    const insertUser = sqlite.prepare('insert into users (firm_id, name, email, role, password_hash) values (?, ?, ?, ?, ?)');
    for (let i = 0; i < USERS; i++) {
      userIds.push(
        Number(
          insertUser.run(
            firmId,
            `User ${i}`,
            i === 0 ? BENCH_OWNER : `user${i}@bench.example`,
            i === 0 ? 'owner' : i % 10 === 0 ? 'staff' : 'consultant',
            hash,
          ).lastInsertRowid,
        ),
      );
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
          insertClient.run(
            firmId,
            `Client ${String(i).padStart(5, '0')}`,
            seats,
            server,
            ['shrinking', 'flat', 'growing'][i % 3],
            i % 20 === 0 ? 'archived' : 'active',
            server ? 50_000 : 0,
          ).lastInsertRowid,
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
      else
        insertEntry.run(
          firmId,
          user,
          clientIds[Math.floor(r() * CLIENTS)]!,
          kind < 0.6 ? 'micro' : 'sweet_spot',
          at,
          minutes,
          15,
          minutes * 160,
        );
    }
    const insertCharge = sqlite.prepare('insert into charges (firm_id, client_id, billed_at, amount_cents) values (?, ?, ?, ?)');
    clientIds.forEach((id, i) => {
      if (i % 5 === 0) for (let m = 0; m < 12; m++) insertCharge.run(firmId, id, now - m * 30 * 86_400_000, 50_000);
    });
    const owner = userIds[0]!;
    for (let d = 1; d <= 5; d++)
      sqlite
        .prepare('insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, ?, 480, 1020)')
        .run(firmId, owner, d);
    sqlite
      .prepare(
        "insert into marketing_blocks (firm_id, user_id, kind, repeat, weekday, start_minute, end_minute, first_date) values (?, ?, 'direct_mail', 'weekly', 2, 540, 660, '2020-01-07')",
      )
      .run(firmId, owner);
    for (let d = -3; d <= 3; d++) {
      const at = now + d * 86_400_000;
      sqlite
        .prepare(
          "insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes, status, user_id, starts_at, ends_at) values (?, ?, 60, 3, '2020-01-01', '2099-01-01', '[]', 15, 'scheduled', ?, ?, ?)",
        )
        .run(firmId, clientIds[d + 3]!, owner, at, at + 3_600_000);
    }
  })();
  sqlite.pragma('optimize');
  sqlite.close();
}

/**
 * The large firm's schedule, for the schedule benchmarks: every consultant (45 of the 50 users; the owner too) works
 * 8:00–17:00 Monday to Friday, has a weekly protected marketing block, and has three visits and an appointment on
 * every working day of this week and the next (about 1,800 bookings), so the team week and the team day draw a full grid.
 */
export function seedLargeSchedule(file: string) {
  const db = openDatabase(file, { migrate: false });
  const sqlite = db.$client;
  const firmId = (sqlite.prepare("select id from firms where name = 'Bench Firm'").get() as { id: number }).id;
  const people = (
    sqlite.prepare("select id from users where firm_id = ? and role in ('owner', 'consultant') order by id").all(firmId) as { id: number }[]
  ).map((u) => u.id);
  const clientIds = (sqlite.prepare('select id from clients where firm_id = ? order by id limit 2000').all(firmId) as { id: number }[]).map(
    (c) => c.id,
  );
  // Monday 00:00 UTC of this week; the firm is in Chicago (UTC−6 in winter, −5 in summer), so 14:00 UTC is 8:00 or 9:00 there.
  const today = new Date();
  const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * 86_400_000;
  const hour = 3_600_000;
  const hours = sqlite.prepare(
    'insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, ?, 480, 1020)',
  );
  const block = sqlite.prepare(
    "insert into marketing_blocks (firm_id, user_id, kind, repeat, weekday, start_minute, end_minute, first_date) values (?, ?, 'networking', 'weekly', ?, 780, 840, '2020-01-06')",
  );
  const visit = sqlite.prepare(
    "insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes, status, user_id, starts_at, ends_at) values (?, ?, ?, 3, '2020-01-01', '2099-01-01', '[]', 15, 'scheduled', ?, ?, ?)",
  );
  const appointment = sqlite.prepare('insert into appointments (firm_id, user_id, title, starts_at, ends_at) values (?, ?, ?, ?, ?)');
  let n = 0;
  sqlite.transaction(() => {
    people.forEach((user, p) => {
      // The owner's hours are already there (seedLargeFirm).
      if (p > 0) for (let d = 1; d <= 5; d++) hours.run(firmId, user, d);
      block.run(firmId, user, 1 + (p % 5));
      for (let day = 0; day < 12; day++) {
        if (day % 7 >= 5) continue;
        const start = monday + day * 86_400_000 + 15 * hour;
        for (const [offset, minutes] of [
          [0, 60],
          [2, 90],
          [5.5, 60],
        ] as const) {
          const at = start + offset * hour + (p % 4) * 15 * 60_000;
          visit.run(firmId, clientIds[n++ % clientIds.length]!, minutes, user, at, at + minutes * 60_000);
        }
        appointment.run(firmId, user, `Call ${p}-${day}`, start - 0.75 * hour, start - 0.25 * hour);
      }
    });
  })();
  sqlite.close();
}

/** The schedule's time grid views, as the large firm's owner sees them (a real page each time: the schedule is never cached). */
export const SCHEDULE_VIEWS: [name: string, url: string][] = [
  ['own week', '/schedule'],
  ['team day', '/schedule?view=day&who=team'],
  ['team week', '/schedule?who=team'],
];

/** A temporary folder holding the large firm (seedLargeFirm) with its full schedule (seedLargeSchedule). */
export function largeScheduleDatabase(name: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-bench-'));
  const file = path.join(dir, `${name}.db`);
  seedLargeFirm(file);
  seedLargeSchedule(file);
  return { dir, file };
}

/** Resident memory of a process and its children, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const child of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
        visit(Number(child));
    } catch {
      /* gone */
    }
  };
  visit(pid);
  return kb / 1024;
}
