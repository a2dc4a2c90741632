import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addSqlFunctions, migrationsFolder } from '@/db';

type Journal = { entries: { idx: number; tag: string }[] };

export function journal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** A migrations folder holding only the first `n` migrations: the schema as an older release had it. */
export function olderFolder(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-migrations-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const j = journal();
  const kept = j.entries.slice(0, n);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...j, entries: kept }));
  for (const e of kept) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

/** A database file as the release with the first `n` migrations made it (its SQL functions included), open for seeding. */
export function databaseAt(file: string, n: number): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('foreign_keys = ON');
  addSqlFunctions(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder: olderFolder(n) });
  return sqlite;
}
