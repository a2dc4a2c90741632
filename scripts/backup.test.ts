import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db';

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const run = (script: string, args: string[], db: string) =>
  spawnSync(tsx, [path.join('scripts', script), ...args], { env: { ...process.env, DATABASE_PATH: db }, encoding: 'utf8' });
const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  const n = (db.prepare(sql).get() as { n: number }).n;
  db.close();
  return n;
};

describe('backup and restore', () => {
  it('copies a database consistently while another process keeps writing, and restores it', async () => {
    process.umask(0o022); // the usual default (inherited by the scripts), under which files are created world-readable
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-backup-'));
    const live = path.join(dir, 'live.db');
    const db = openDatabase(live);
    db.$client.prepare("insert into firms (name, time_zone) values ('Backup Firm', 'UTC')").run();
    db.$client.close();
    // A writer in another process, as the app would be: firms and their users, one transaction each.
    const writer = spawn(process.execPath, [
      '-e',
      `const D=require('better-sqlite3');const d=new D(${JSON.stringify(live)});d.pragma('busy_timeout=5000');d.pragma('foreign_keys=ON');
       let i=0;const t=d.transaction(()=>{const f=d.prepare("insert into firms (name,time_zone) values (?, 'UTC')").run('F'+i).lastInsertRowid;
       d.prepare("insert into users (firm_id,name,email,role,password_hash) values (?,?,?,'owner','h')").run(f,'U'+i,'u'+(i++)+'@x.example');});
       const loop=()=>{for(let k=0;k<20;k++)t();setImmediate(loop)};loop();`,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    const before = count(live, 'select count(*) as n from firms');
    const copy = path.join(dir, 'copy.db');
    const backup = run('backup.ts', [copy], live);
    const after = count(live, 'select count(*) as n from firms');
    // Stopped and gone before anything copies the live file by hand below: a file copied
    // while a checkpoint writes into it is torn (seen on CI as "database disk image is malformed").
    await new Promise((r) => {
      writer.once('exit', r);
      writer.kill();
    });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('integrity ok');
    expect((fs.statSync(copy).mode & 0o777).toString(8), 'the copy is readable by its owner only').toBe('600');
    const copied = count(copy, 'select count(*) as n from firms');
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(after, 'the writer was writing during the backup').toBeGreaterThan(before);
    // Consistent: every firm written by the writer has its user, nothing half-written.
    expect(
      count(copy, "select count(*) as n from firms f where f.name like 'F%' and not exists (select 1 from users u where u.firm_id = f.id)"),
    ).toBe(0);

    // Refuses to overwrite, and bad arguments: one line, exit 2.
    const again = run('backup.ts', [copy], live);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);

    // Restore into a database that has changed since: it comes back as the copy, the old one kept beside it.
    const target = path.join(dir, 'target.db');
    const settle = new Database(live);
    settle.pragma('wal_checkpoint(TRUNCATE)'); // the whole database in the main file, so a plain file copy is one
    settle.close();
    fs.copyFileSync(live, target);
    const restored = run('restore.ts', [copy, '--yes'], target);
    expect(restored.status, restored.stderr).toBe(0);
    expect(count(target, 'select count(*) as n from firms')).toBe(copied);
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('target.db.before-restore-'));
    expect(kept).toHaveLength(1);
    expect((fs.statSync(path.join(dir, kept[0]!)).mode & 0o777).toString(8), 'the kept copy too').toBe('600');
    expect((fs.statSync(target).mode & 0o777).toString(8)).toBe('600');
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    const bad = run('restore.ts', [junk, '--yes'], target);
    expect(bad.status).toBe(2);
    expect(count(target, 'select count(*) as n from firms')).toBe(copied);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('restores over a damaged database, keeping the damaged files as they were', async () => {
    process.umask(0o022);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-restore-'));
    const good = path.join(dir, 'good.db');
    const db = openDatabase(good);
    db.$client.prepare("insert into firms (name, time_zone) values ('Kept Firm', 'UTC')").run();
    db.$client.close();
    const copy = path.join(dir, 'copy.db');
    expect(run('backup.ts', [copy], good).status).toBe(0);
    // The live database is damaged: its header is overwritten, as a failing disk or a bad copy leaves it.
    const target = path.join(dir, 'target.db');
    fs.copyFileSync(good, target);
    const damaged = fs.readFileSync(target);
    damaged.fill(0x5a, 0, 100);
    fs.writeFileSync(target, damaged);
    const restored = run('restore.ts', [copy, '--yes'], target);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('could not be read');
    expect(count(target, "select count(*) as n from firms where name = 'Kept Firm'")).toBe(1);
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('target.db.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, kept[0]!)).equals(damaged), 'the damaged file is kept byte for byte').toBe(true);
    expect((fs.statSync(path.join(dir, kept[0]!)).mode & 0o777).toString(8)).toBe('600');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
