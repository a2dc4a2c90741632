import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '@/db';
import { checkSchema, expectedDatabase, firstDifference, normaliseSql, readSchema } from './schema-check';

const ours = readMigrationFiles({ migrationsFolder });
const latest = ours.length;

/** Sweetspot's schema at `level`, then changed by `sql` (run with writable_schema allowed). */
function changed(sql: string, level = latest, writableSchema = false): Database.Database {
  const db = expectedDatabase(migrationsFolder, level);
  if (writableSchema) {
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
  }
  db.exec(sql);
  if (!writableSchema) return db;
  // A connection keeps the schema it parsed; the backup is read by a new one.
  const reopened = new Database(db.serialize());
  db.close();
  return reopened;
}

const refusal = (db: Database.Database) => {
  const result = checkSchema(db, migrationsFolder);
  db.close();
  return result.ok ? 'accepted' : result.message;
};

describe('checkSchema', () => {
  it('accepts a database the app itself created, with rows, at the latest level', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-schema-test-'));
    const file = path.join(dir, 'genuine.db');
    const app = openDatabase(file);
    app.$client.prepare("insert into firms (name, time_zone) values ('Genuine', 'UTC')").run();
    app.$client.close();
    const db = new Database(file, { readonly: true });
    expect(checkSchema(db, migrationsFolder)).toEqual({ ok: true, level: latest });
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every older release at its own level, and refuses it compared with a later level', () => {
    for (let level = 1; level <= latest; level++) {
      const db = expectedDatabase(migrationsFolder, level);
      expect(checkSchema(db, migrationsFolder)).toEqual({ ok: true, level });
      db.close();
    }
    // The comparison really depends on the level: the first schema is not the latest.
    expect(firstDifference(readSchema(changed('', latest)), readSchema(changed('', 1)))).toMatch(/missing/);
  });

  it('accepts the statistics tables ANALYZE adds', () => {
    expect(refusal(changed("insert into firms (name, time_zone) values ('A', 'UTC'); analyze;"))).toBe('accepted');
  });

  it('refuses an extra trigger, naming it', () => {
    const trojan = "create trigger users_make_owner after update on users begin update users set role = 'owner' where id = new.id; end;";
    expect(refusal(changed(trojan))).toBe("the backup has a trigger not in Sweetspot's schema: users_make_owner");
    // Also in a backup from an older release.
    expect(refusal(changed(trojan, 1))).toBe("the backup has a trigger not in Sweetspot's schema: users_make_owner");
  });

  it('refuses an extra view, table or index', () => {
    expect(refusal(changed('create view all_users as select * from users;'))).toBe(
      "the backup has a view not in Sweetspot's schema: all_users",
    );
    expect(refusal(changed('create table extra (x);'))).toBe("the backup has a table not in Sweetspot's schema: extra");
    expect(refusal(changed('create index users_role_idx on users (role);'))).toBe(
      "the backup has an index not in Sweetspot's schema: users_role_idx",
    );
  });

  it('refuses an extra, missing or changed column', () => {
    expect(refusal(changed('alter table users add column is_admin integer;'))).toBe(
      "the backup's table users has a column not in Sweetspot's schema: is_admin",
    );
    expect(refusal(changed('alter table visits drop column summary;'))).toBe(
      "the backup's table visits is missing the column summary of Sweetspot's schema",
    );
    const defaultOwner =
      "update sqlite_master set sql = replace(sql, '`role` text NOT NULL', '`role` text DEFAULT ''owner'' NOT NULL') where name = 'users';";
    expect(refusal(changed(defaultOwner, latest, true))).toBe(
      "the backup's column users.role differs from Sweetspot's schema: TEXT, not null, default 'owner' (expected TEXT, not null, no default)",
    );
  });

  it('refuses a missing index or trigger', () => {
    expect(refusal(changed('drop index users_firm_idx;'))).toBe("the backup is missing the index users_firm_idx of Sweetspot's schema");
    expect(refusal(changed('drop trigger visits_sequence_bump;'))).toBe(
      "the backup is missing the trigger visits_sequence_bump of Sweetspot's schema",
    );
  });

  it('refuses an altered constraint or trigger body, showing where it differs', () => {
    const check =
      "update sqlite_master set sql = replace(sql, '`email` text NOT NULL', '`email` text NOT NULL CHECK (length(email) > 0)') where name = 'users';";
    expect(refusal(changed(check, latest, true))).toMatch(
      /^the backup's table users is defined differently from Sweetspot's schema at: …\S.*CHECK\(length\(email\) > 0\)/,
    );
    // The same trigger name doing something else.
    const body =
      "drop trigger visits_sequence_bump; create trigger visits_sequence_bump after update of starts_at on visits begin update users set role = 'owner'; end;";
    expect(refusal(changed(body))).toMatch(
      /^the backup's trigger visits_sequence_bump is defined differently from Sweetspot's schema at: /,
    );
  });

  it('refuses an object of another kind or on another table under an expected name', () => {
    expect(refusal(changed('drop index users_firm_idx; create view users_firm_idx as select 1;'))).toBe(
      "the backup's users_firm_idx is a view where Sweetspot's schema has an index",
    );
    expect(refusal(changed('drop index users_firm_idx; create index users_firm_idx on clients (firm_id);'))).toBe(
      "the backup's index users_firm_idx is on table clients, not users as in Sweetspot's schema",
    );
  });

  it('refuses a migration history it does not know', () => {
    const last = ours[latest - 1]!;
    expect(refusal(changed(`insert into __drizzle_migrations (hash, created_at) values ('f00d', ${last.folderMillis + 1});`))).toBe(
      `the backup has migrations Sweetspot does not know (${latest + 1} recorded, this release has ${latest}): restore it with the release that wrote it`,
    );
    expect(refusal(changed(`update __drizzle_migrations set hash = 'f00d' where rowid = 2;`))).toBe(
      'the backup has a migration Sweetspot does not know: its migration 2 (created_at ' +
        ours[1]!.folderMillis +
        ") is not this release's migration 2",
    );
    expect(refusal(changed('drop table __drizzle_migrations;'))).toBe(
      'the backup has no migration history (__drizzle_migrations); it is not a Sweetspot database',
    );
    expect(refusal(changed('delete from __drizzle_migrations;'))).toBe('the backup records no migrations; it is not a Sweetspot database');
    const asView = changed(
      'create table h as select * from __drizzle_migrations; drop table __drizzle_migrations; create view __drizzle_migrations as select * from h;',
    );
    expect(refusal(asView)).toBe("the backup's __drizzle_migrations is a view, not a table");
  });

  it('names hostile names on one line', () => {
    expect(refusal(changed('create trigger "x\ny" after insert on firms begin select 1; end;'))).toBe(
      `the backup has a trigger not in Sweetspot's schema: "x\\ny"`,
    );
  });
});

describe('normaliseSql', () => {
  it('ignores layout but not quoted text', () => {
    expect(normaliseSql('CREATE TABLE `t` (\n\t`a` integer ,\n  `b` text\n)')).toBe('CREATE TABLE `t`(`a` integer,`b` text)');
    expect(normaliseSql("CHECK (x = 'a  b')")).toBe("CHECK(x = 'a  b')");
    expect(normaliseSql("CHECK (x = 'a  b')")).not.toBe(normaliseSql("CHECK (x = 'a b')"));
    expect(normaliseSql(`"it""s  here"   x`)).toBe(`"it""s  here" x`);
    expect(normaliseSql('a [b  c]  d')).toBe('a [b  c] d');
  });
});
