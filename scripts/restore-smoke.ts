/**
 * npm run test:restore — backup and restore end to end. On a demo database it
 * starts the production server, keeps it busy (page views and check-in calls)
 * while `npm run backup` copies the database, then changes the live database,
 * brings the copy back with `npm run restore -- <file> --yes`, restarts the
 * server on it and runs the smoke test (e2e/restore) in a real browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db';
import { DEMO_USERS } from '../db/seed';
import { demoDatabase, signIn, startServer } from './bench-lib';
import { buildIsStale, root } from './lib';

const PORT = Number(process.env.RESTORE_PORT ?? 3237);

/** Runs one of our scripts without blocking this process (the traffic keeps flowing meanwhile). */
function run(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', script), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${script} ${args.join(' ')} failed (exit ${code}): ${out.trim()}`)),
    ),
  );
}

async function main() {
  if (buildIsStale()) {
    console.error('Build first (npm run build): the restore test runs the production server.');
    process.exit(2);
  }
  const { dir, file: live, firmId } = demoDatabase('live');
  const copy = path.join(dir, 'backup.db');
  const db = openDatabase(live);
  const markerId = Number(
    db.$client
      .prepare(
        "insert into clients (firm_id, name, seats, tier, tier_reason, hourly_rate_cents) values (?, 'Restore Marker Ltd', 3, 'micro', 'micro: 3 seats, no server', 9000)",
      )
      .run(firmId).lastInsertRowid,
  );
  db.$client.close();

  let { base, server } = await startServer(live, PORT);
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    const marcus = DEMO_USERS.find((u) => u.email.startsWith('marcus'))!;
    const ownerCookie = await signIn(base, owner.email, owner.password);
    const marcusCookie = await signIn(base, marcus.email, marcus.password);
    // Traffic while the backup runs: page views and check-in calls from a phone.
    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      const pages = ['/dashboard', '/clients', '/schedule', '/today'];
      for (let i = 0; !stop; i++) {
        const res = await fetch(base + pages[i % pages.length], { headers: { Cookie: ownerCookie } });
        await res.arrayBuffer();
        statuses.push(res.status);
        const op = { type: 'start_unplanned', opId: randomUUID(), at: Date.now(), clientId: markerId };
        const field = await fetch(`${base}/api/field`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: base, Cookie: marcusCookie },
          body: JSON.stringify(op),
        });
        await field.arrayBuffer();
        statuses.push(field.status);
      }
    })();
    while (statuses.length < 20) await new Promise((r) => setTimeout(r, 50));
    console.log(await run('backup.ts', [copy], { DATABASE_PATH: live }));
    stop = true;
    await traffic;
    const failed = statuses.filter((s) => s >= 500);
    console.log(`${statuses.length} requests served during the backup, ${failed.length} server errors`);
    if (failed.length) throw new Error(`server errors during the backup: ${failed.join(', ')}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }

  // A change after the backup, which the restore must undo.
  const after = openDatabase(live);
  after.$client.prepare("update firms set name = 'Changed after backup' where id = ?").run(firmId);
  after.$client.close();
  console.log(await run('restore.ts', [copy, '--yes'], { DATABASE_PATH: live }));

  ({ base, server } = await startServer(live, PORT));
  let status: number | null;
  try {
    status = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--config', 'playwright.restore.config.ts'],
      {
        cwd: root,
        env: { ...process.env, RESTORE_BASE_URL: base },
        stdio: 'inherit',
      },
    ).status;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  const check = openDatabase(live).$client;
  const integrity = check.pragma('integrity_check', { simple: true });
  const fk = (check.pragma('foreign_key_check') as unknown[]).length;
  check.close();
  console.log(`restored database: integrity ${String(integrity)}, ${fk} foreign-key violations`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (status !== 0 || integrity !== 'ok' || fk !== 0) process.exit(1);
  console.log('Backup and restore: smoke test passed on the restored copy.');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
