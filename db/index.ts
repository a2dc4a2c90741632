import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databasePath(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATABASE_PATH ?? path.join(process.cwd(), 'data', 'sweetspot.db'));
}

export const migrationsFolder = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'migrations');

/** Opens a connection with the pragmas every Sweetspot connection must have. */
export function openDatabase(file: string = databasePath(), options: { migrate?: boolean } = {}): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a write the app acknowledged survives a power cut, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  const db = drizzle(sqlite, { schema });
  if (options.migrate ?? true) migrate(db, { migrationsFolder });
  return db;
}

// One connection per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { sweetspotDb?: DB };

export function getDb(): DB {
  globalForDb.sweetspotDb ??= openDatabase();
  return globalForDb.sweetspotDb;
}

export { schema };
