import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { tokenHash } from '../lib/link-tokens';
import { upgradeBlockRules } from './block-rules';
import * as schema from './schema';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The connection a db.transaction() callback receives. */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
/** Either one: code that only queries runs the same inside a transaction or outside. */
export type Conn = Tx | DB;

export function databasePath(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATABASE_PATH ?? path.join(process.cwd(), 'data', 'sweetspot.db'));
}

export const migrationsFolder = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'migrations');

// The database holds clients' details, password hashes and session ids: only the app's own user may read it.
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

/** Makes a database file, and its -wal and -shm files when there are any, readable and writable by this user only. */
export function makePrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, PRIVATE_FILE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Creates an empty file only this user can read, for SQLite to write a copy into; refuses one that exists. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
}

/** Opens a connection with the pragmas every Sweetspot connection must have. */
export function openDatabase(file: string = databasePath(), options: { migrate?: boolean } = {}): DB {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
    fs.chmodSync(dir, PRIVATE_DIR); // whatever the umask; a folder that was already there is the admin's choice
  }
  // Private before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
  // An older release's files (readable by all) are closed up here too.
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  makePrivate(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a write the app acknowledged survives a power cut, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  addSqlFunctions(sqlite);
  const db = drizzle(sqlite, { schema });
  if (options.migrate ?? true) applyMigrations(db);
  return db;
}

/** Functions migrations may call: SQLite has no hash of its own (0005 replaces stored link tokens by their SHA-256). */
export function addSqlFunctions(sqlite: Database.Database): void {
  sqlite.function('sweetspot_sha256_hex', { deterministic: true }, (value: unknown) => (value === null ? null : tokenHash(String(value))));
}

/**
 * Applies pending migrations. A migration may overwrite secrets (0005 turns
 * stored tokens into hashes): with secure_delete on, SQLite zeroes what it
 * frees instead of leaving the old bytes in the file, and the checkpoint
 * after moves the new pages from the WAL into the file and empties the WAL.
 */
function applyMigrations(db: DB): void {
  const sqlite = db.$client;
  const applied = () =>
    sqlite.prepare("select count(*) as n from sqlite_master where name = '__drizzle_migrations'").pluck().get() === 0
      ? 0
      : (sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get() as number);
  const before = applied();
  const secureDelete = sqlite.pragma('secure_delete', { simple: true }) as number;
  sqlite.pragma('secure_delete = ON');
  try {
    migrate(db, { migrationsFolder });
  } finally {
    sqlite.pragma(`secure_delete = ${secureDelete}`);
  }
  if (applied() !== before) {
    upgradeBlockRules(sqlite);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
}

// One connection per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { sweetspotDb?: DB };

export function getDb(): DB {
  globalForDb.sweetspotDb ??= openDatabase();
  return globalForDb.sweetspotDb;
}

/**
 * Makes `db` the process's connection as getDb() answers it: a jobs worker
 * thread (lib/jobs/worker.ts) has a global scope of its own and opens its own
 * connection to the server's file, and the data-layer code it runs then reads
 * and writes through that one.
 */
export function adoptConnection(db: DB): void {
  globalForDb.sweetspotDb = db;
}

export { schema };
