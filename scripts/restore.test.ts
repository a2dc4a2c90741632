import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '@/db';

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const restore = (file: string, target: string) =>
  spawnSync(tsx, [path.join('scripts', 'restore.ts'), file, '--yes'], { env: { ...process.env, DATABASE_PATH: target }, encoding: 'utf8' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-restore-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A backup the app made: its schema, one firm. */
function genuine(name: string): string {
  const file = path.join(dir, name);
  const db = openDatabase(file);
  db.$client.prepare("insert into firms (name, time_zone) values ('Backed Up Ltd', 'UTC')").run();
  db.$client
    .prepare("insert into users (firm_id, name, email, role, password_hash) values (1, 'Staff', 'staff@x.example', 'staff', 'h')")
    .run();
  db.$client.close(); // checkpoints: the backup is one file
  return file;
}

/** A genuine backup changed by `sql` afterwards, as someone crafting a trojan would. */
function tampered(name: string, sql: string, writableSchema = false): string {
  const file = genuine(name);
  const db = new Database(file);
  if (writableSchema) {
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
  }
  db.exec(sql);
  db.close();
  return file;
}

/** The live database, with its own data, closed (so its file is all there is to hash). */
function live(name: string): string {
  const own = fs.mkdtempSync(path.join(dir, 'live-'));
  const file = path.join(own, name);
  const db = openDatabase(file);
  db.$client.prepare("insert into firms (name, time_zone) values ('Live One', 'UTC'), ('Live Two', 'UTC')").run();
  db.$client.close();
  return file;
}

const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const firmNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  const names = (db.prepare('select name from firms order by id').all() as { name: string }[]).map((r) => r.name);
  db.close();
  return names;
};

describe('npm run restore', () => {
  it('restores a genuine backup, and one from an older release (migrated on the way)', () => {
    const target = live('live-genuine.db');
    const ok = restore(genuine('genuine.db'), target);
    expect(ok.status, ok.stderr).toBe(0);
    expect(firmNames(target)).toEqual(['Backed Up Ltd']);

    const older = path.join(dir, 'older.db');
    const sqlite = new Database(older);
    const olderFolder = path.join(dir, 'older-migrations');
    fs.mkdirSync(path.join(olderFolder, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    const kept = journal.entries.slice(0, 2);
    fs.writeFileSync(path.join(olderFolder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
    for (const e of kept) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(olderFolder, `${e.tag}.sql`));
    migrate(drizzle(sqlite), { migrationsFolder: olderFolder });
    sqlite.prepare("insert into firms (name, time_zone) values ('Old Release Ltd', 'UTC')").run();
    sqlite.close();
    const target2 = live('live-older.db');
    const fromOlder = restore(older, target2);
    expect(fromOlder.status, fromOlder.stderr).toBe(0);
    expect(firmNames(target2)).toEqual(['Old Release Ltd']);
    const migrated = new Database(target2, { readonly: true });
    expect((migrated.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
    migrated.close();
  }, 60_000);

  const refused: [string, () => string, string][] = [
    [
      'a trigger that makes whoever signs in an owner',
      () =>
        tampered(
          'trigger.db',
          "create trigger users_make_owner after update on users begin update users set role = 'owner' where id = new.id; end;",
        ),
      "restore: the backup has a trigger not in Sweetspot's schema: users_make_owner; nothing was changed",
    ],
    [
      'an extra view',
      () => tampered('view.db', 'create view every_user as select * from users;'),
      "restore: the backup has a view not in Sweetspot's schema: every_user; nothing was changed",
    ],
    [
      'an extra column',
      () => tampered('column.db', 'alter table users add column is_admin integer default 1;'),
      "restore: the backup's table users has a column not in Sweetspot's schema: is_admin; nothing was changed",
    ],
    [
      'a missing index',
      () => tampered('index.db', 'drop index users_email_unique;'),
      "restore: the backup is missing the index users_email_unique of Sweetspot's schema; nothing was changed",
    ],
    [
      'an altered CHECK',
      () =>
        tampered(
          'check.db',
          "update sqlite_master set sql = replace(sql, '`role` text NOT NULL', '`role` text NOT NULL CHECK (role <> ''staff'' or 1)') where name = 'users';",
          true,
        ),
      "restore: the backup's table users is defined differently from Sweetspot's schema at: ",
    ],
    [
      'an unknown migration',
      () => tampered('migration.db', "insert into __drizzle_migrations (hash, created_at) values ('0123abcd', 99999999999999);"),
      'restore: the backup has migrations Sweetspot does not know (',
    ],
  ];

  it.each(refused)(
    'refuses a backup with %s, in one line with exit 2, and changes nothing',
    (_what, make, message) => {
      const backup = make();
      const target = live(`live-${path.basename(backup)}`);
      const before = hash(target);
      const liveDir = path.dirname(target);
      const files = fs.readdirSync(liveDir);
      expect(files).toEqual([path.basename(target)]);
      const result = restore(backup, target);
      expect(result.status, result.stdout + result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
      expect(hash(target)).toBe(before);
      expect(fs.readdirSync(liveDir), 'no before-restore copy, no -wal or -shm beside the live file').toEqual(files);
    },
    30_000,
  );
});
