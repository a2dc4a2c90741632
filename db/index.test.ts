import { describe, expect, it } from 'vitest';
import { databasePath, getDb, openDatabase } from './index';

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
      .$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'appointments', 'audit_log', 'auth_sessions',
      'calendar_feeds', 'charges', 'client_ops', 'clients', 'firms', 'login_attempts', 'marketing_blocks', 'marketing_exceptions',
      'public_requests',
      'request_attempts',
      'tier_changes', 'time_entries', 'timesheet_weeks', 'users', 'visits', 'working_hours',
    ]);
    // Opening again is a no-op, not an error.
    openDatabase(databasePath()).$client.close();
  });

  it('enforces foreign keys', () => {
    expect(() =>
      getDb().$client.prepare("insert into users (firm_id, name, email, role, password_hash) values (999999, 'x', 'x@x.example', 'owner', 'h')").run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
