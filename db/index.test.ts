import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, getDb, openDatabase } from './index';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('database connection', () => {
  it('opens the file named by DATABASE_PATH with the pragmas Sweetspot relies on', () => {
    const db = getDb();
    const sqlite = db.$client;
    expect(sqlite.name).toBe(databasePath());
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('keeps one connection per process', () => {
    expect(getDb()).toBe(getDb());
  });

  it('applies every committed migration at open', () => {
    const tables = getDb()
      .$client.prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'appointments',
      'audit_log',
      'auth_sessions',
      'calendar_feeds',
      'charges',
      'client_ops',
      'clients',
      'contracts',
      'external_busy',
      'external_calendars',
      'firm_holidays',
      'firms',
      'invitations',
      'invoice_documents',
      'invoice_lines',
      'invoices',
      'login_attempts',
      'mail_recipients',
      'marketing_blocks',
      'marketing_exceptions',
      'marketing_windows',
      'one_time_links',
      'outbox',
      'payments',
      'public_requests',
      'recovery_codes',
      'request_attempts',
      'tier_changes',
      'time_entries',
      'time_off',
      'timesheet_weeks',
      'users',
      'visit_series',
      'visits',
      'working_hours',
    ]);
    // Opening again is a no-op, not an error.
    openDatabase(databasePath()).$client.close();
  });

  it('enforces foreign keys', () => {
    expect(() =>
      getDb()
        .$client.prepare("insert into users (firm_id, name, email, role, password_hash) values (999999, 'x', 'x@x.example', 'owner', 'h')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('keeps the database private to its user: the file and its -wal and -shm 0600, a folder it creates 0700', () => {
    const umask = process.umask(0o022); // the usual default, under which files are created world-readable
    try {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-modes-'));
      const fresh = path.join(root, 'data', 'sweetspot.db');
      const db = openDatabase(fresh);
      db.$client.prepare("insert into firms (name, time_zone) values ('Modes', 'UTC')").run();
      expect(mode(path.dirname(fresh)).toString(8)).toBe('700');
      for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(f).toString(8), f).toBe('600');
      db.$client.close();
      expect(mode(root).toString(8), 'a folder that was already there is left as it is').toBe('700'); // mkdtemp's own

      // A database an older release left readable by everyone, -wal and -shm included, is closed up when opened.
      const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-modes-'));
      fs.chmodSync(shared, 0o755);
      const old = path.join(shared, 'old.db');
      const other = new Database(old);
      other.pragma('journal_mode = WAL');
      other.exec('create table t (x); insert into t values (1);');
      for (const f of [old, `${old}-wal`, `${old}-shm`]) fs.chmodSync(f, 0o644);
      const reopened = openDatabase(old);
      for (const f of [old, `${old}-wal`, `${old}-shm`]) expect(mode(f).toString(8), f).toBe('600');
      expect(mode(shared).toString(8)).toBe('755');
      reopened.$client.close();
      other.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(shared, { recursive: true, force: true });
    } finally {
      process.umask(umask);
    }
  });
});
