import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databasePath, getDb, schema } from '@/db';
import { cached } from './internal/metrics-cache';
import { prepareMonthInvoices, startPrepareMonth } from './prepare-invoices';
import type { PrepareJobResult } from '@/lib/invoices/prepare';
import { localToInstant } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { buildJobsWorker } from '../../scripts/jobs-worker';
import { runTask } from '@/lib/jobs/pool';
import { cancelJob, jobJson } from '@/lib/jobs/registry';

/**
 * "Prepare this month's invoices" in the jobs worker thread: the built bundle
 * (as `npm run build` writes it) loads better-sqlite3, opens its own
 * connection to the database file and writes the same drafts the caller's
 * thread would; a cancellation stops it after a client and keeps only whole
 * drafts. Everything runs on real SQLite files.
 */
const root = path.resolve(__dirname, '..', '..');
const ZONE = 'America/Chicago'; // the factories' firm zone
const MONTH = '2026-11';
let dir: string;
let bundle: string;

beforeAll(() => {
  // Inside the app's node_modules, as .next/sweetspot/ is inside the app: the bundle requires better-sqlite3 from there.
  const cache = path.join(root, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  dir = fs.mkdtempSync(path.join(cache, 'sweetspot-prepare-worker-'));
  bundle = buildJobsWorker(root, path.join(dir, 'jobs-worker.cjs')).outfile;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.SWEETSPOT_JOBS_WORKER;
});

/** A firm with `n` clients: micro ones with work on site and off it (trip fees, the micro minimum), contract ones with included hours. */
function seedFirm(n: number) {
  const firm = makeFirm();
  getDb().update(schema.firms).set({ defaultTaxRateMilli: 8_250 }).where(eq(schema.firms.id, firm.id)).run();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const consultant = makeUser(firm.id, 'consultant');
  const sqlite = getDb().$client;
  const client = sqlite.prepare(
    `insert into clients (firm_id, name, seats, has_server, hourly_rate_cents, tax_exempt, tier, tier_reason) values (?, ?, ?, ?, 9500, ?, ?, '') returning id`,
  );
  const entry = sqlite.prepare(
    `insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes, amount_cents, travel_minutes) values (?, ?, ?, 'micro', ?, ?, ?, ?)`,
  );
  const contract = sqlite.prepare(
    `insert into contracts (firm_id, client_id, name, start_date, monthly_fee_cents, per_seat_cents, included_minutes, overage_rate_cents) values (?, ?, 'Managed services', '2026-01-01', 60000, 1500, 600, 12000)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const big = i % 4 === 0;
      const { id } = client.get(firm.id, `Client ${i}`, big ? 14 : 3, big ? 1 : 0, i % 7 === 0 ? 1 : 0, big ? 'sweet_spot' : 'micro') as {
        id: number;
      };
      if (big) contract.run(firm.id, id);
      for (let k = 0; k < (i % 3) + 1; k++) {
        const day = `2026-${k === 2 ? '10' : '11'}-${String(3 + ((i + k * 5) % 25)).padStart(2, '0')}`;
        const minutes = 20 + ((i * 7 + k * 13) % 150);
        entry.run(
          firm.id,
          consultant.id,
          id,
          localToInstant(day, 9 * 60 + k * 90, ZONE),
          minutes,
          Math.round((minutes * 9500) / 60),
          k === 1 ? 20 : 0,
        );
      }
    }
  })();
  return { firm, owner };
}

/** What a month's preparation wrote for the firm, in a file: the drafts, their lines, the entries they bill and the audited ids. */
function written(file: string, firmId: number) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all(firmId);
    const audited = (
      rows(`select after from audit_log where firm_id = ? and action = 'invoices.prepared' order by id`) as { after: string }[]
    )
      .flatMap((r) => (JSON.parse(r.after) as { invoiceIds: number[] }).invoiceIds)
      .sort((a, b) => a - b);
    return {
      invoices: rows(
        `select id, client_id, status, period_start, period_end, prepared_for, contract_id, payment_terms_days, subtotal_cents, tax_cents, total_cents
           from invoices where firm_id = ? order by id`,
      ),
      lines: rows(
        `select id, invoice_id, position, kind, description, quantity_milli, unit_price_cents, minutes, tax_rate_milli, amount_cents, tax_cents
           from invoice_lines where firm_id = ? order by id`,
      ),
      billed: rows(`select id, invoice_line_id from time_entries where firm_id = ? order by id`),
      audited,
    };
  } finally {
    db.close();
  }
}

async function settled(owner: ReturnType<typeof asMember>, id: string) {
  for (;;) {
    const job = JSON.parse(jobJson(owner, id)) as {
      status: string;
      cancelledBy: string | null;
      progress: { done: number; total: number; text: string } | null;
      result?: PrepareJobResult;
      error: string | null;
    };
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('preparing a month in the worker thread', () => {
  it('writes, through its own connection, exactly the drafts the caller’s thread writes for the same data', async () => {
    const { firm, owner } = seedFirm(120);
    // The same database twice: the caller's thread prepares one file, the worker the other.
    getDb().$client.pragma('wal_checkpoint(TRUNCATE)');
    const copy = path.join(dir, 'copy.db');
    await getDb().$client.backup(copy);
    process.env.SWEETSPOT_JOBS_WORKER = bundle;
    const heard: string[] = [];
    const output = await runTask(
      'prepare-month',
      { actor: { firmId: firm.id, userId: owner.userId }, month: MONTH, databasePath: copy },
      { timeoutMs: 60_000, onProgress: (p) => heard.push(p.text) },
    );
    const inThread = await prepareMonthInvoices(owner, MONTH);

    expect(inThread.created).toBe(120);
    expect(JSON.parse(output)).toEqual({ month: MONTH, created: 120, clients: 120, looked: 120 });
    expect(heard.at(-1)).toBe('Looked at 120 of 120 clients for November 2026');
    const mine = written(databasePath(), firm.id);
    expect(mine.invoices).toHaveLength(120);
    expect(mine.lines.length).toBeGreaterThan(300); // fees, seats, time and trip fees
    expect(mine.audited).toEqual(mine.invoices.map((i) => (i as { id: number }).id));
    expect(written(copy, firm.id)).toEqual(mine);
  });

  it('runs as the firm’s job: progress, the result, and the firm’s cached figures are fresh when it is done', async () => {
    const { firm, owner } = seedFirm(40);
    process.env.SWEETSPOT_JOBS_WORKER = bundle;
    const drafts = () =>
      cached('test-drafts', firm.id, Date.now(), () =>
        getDb().$client.prepare('select count(*) as n from invoices where firm_id = ?').get(firm.id),
      );
    expect(drafts()).toEqual({ n: 0 });
    const { job } = startPrepareMonth(owner, MONTH);
    const done = await settled(owner, job.id);
    expect(done).toMatchObject({
      status: 'done',
      result: { month: MONTH, created: 40, clients: 40, looked: 40 },
      progress: { done: 40, total: 40, text: 'Looked at 40 of 40 clients for November 2026' },
    });
    expect(drafts()).toEqual({ n: 40 });
    // Again: nothing new.
    const again = await settled(owner, startPrepareMonth(owner, MONTH).job.id);
    expect(again.result).toMatchObject({ created: 0, clients: 10, looked: 10 }); // the contract clients are looked at again
  });

  it(
    'cancelled, stops after the client it is on: only whole drafts stay, it says how far it got, and running it again carries on',
    { timeout: 120_000 },
    async () => {
      const N = 1500;
      const { firm, owner } = seedFirm(N);
      process.env.SWEETSPOT_JOBS_WORKER = bundle;
      const { job } = startPrepareMonth(owner, MONTH);
      for (;;) {
        const seen = JSON.parse(jobJson(owner, job.id)) as { progress: { done: number } | null };
        if ((seen.progress?.done ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      // Asked to stop, it is still running (stopping) until the worker has committed its slice.
      expect(cancelJob(owner, job.id, 'prepare-invoices')).toMatchObject({ status: 'running', cancelledBy: owner.name });
      const cancelled = await settled(owner, job.id);
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: owner.name, error: null });
      const { created, looked, clients } = cancelled.result!;
      expect(clients).toBe(N);
      expect(looked).toBeGreaterThan(0);
      expect(looked).toBeLessThan(N);
      expect(created).toBe(looked); // every client here has something to bill

      const w = written(databasePath(), firm.id);
      expect(w.invoices).toHaveLength(created);
      expect(w.audited).toEqual(w.invoices.map((i) => (i as { id: number }).id));
      // Whole drafts: each has its lines, its totals are its lines' sums, and every entry of its client up to the month's end is on it.
      const sqlite = getDb().$client;
      const partial = sqlite
        .prepare(
          `select i.id from invoices i
          where i.firm_id = ? and (
            not exists (select 1 from invoice_lines l where l.invoice_id = i.id)
            or i.subtotal_cents != (select sum(amount_cents) from invoice_lines l where l.invoice_id = i.id)
            or exists (select 1 from time_entries te where te.client_id = i.client_id and te.invoice_line_id is null))`,
        )
        .all(firm.id);
      expect(partial).toEqual([]);
      // The clients not reached have nothing billed.
      const billedClients = sqlite
        .prepare('select count(distinct client_id) as n from time_entries where firm_id = ? and invoice_line_id is not null')
        .get(firm.id) as { n: number };
      expect(billedClients.n).toBe(created);

      const rest = await settled(owner, startPrepareMonth(owner, MONTH).job.id);
      expect(rest).toMatchObject({ status: 'done', result: { created: N - created } });
      expect(written(databasePath(), firm.id).invoices).toHaveLength(N);
    },
  );
});
