/**
 * Is this database's schema exactly Sweetspot's? Used by `npm run restore`
 * before a backup replaces the live database.
 *
 * A restore puts the backup's schema in charge of the app: a trigger, a view,
 * an extra column or a weakened constraint in it would run with the app's
 * rights on every later write (say, a trigger that makes whoever signs in an
 * owner). A `firms` table proves nothing. So the expected schema is built by
 * applying this repository's migrations to an in-memory database — as many of
 * them as the backup records in `__drizzle_migrations` (a backup from an older
 * release is legitimate; the restore migrates it afterwards) — and every
 * object of sqlite_master, every table's columns, must match; anything else is
 * refused with the first difference named.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addSqlFunctions } from '../db';

const MIGRATIONS_TABLE = '__drizzle_migrations';

/**
 * Tables SQLite itself creates on ANALYZE / PRAGMA optimize: planner
 * statistics, not behaviour. A backup may carry them; nobody can define them
 * otherwise (the sqlite_ prefix is reserved), so they are allowed with exactly
 * SQLite's own definition.
 */
const SQLITE_STAT_TABLES: Record<string, string> = {
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string | null };
type Column = { cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number };

export type Schema = { objects: Map<string, SchemaObject>; columns: Map<string, Column[]> };

export type CheckResult = { ok: true; level: number } | { ok: false; message: string };

/** A name as it can be shown on one line (a hostile backup may name things with new lines). */
const show = (name: string) => (/^[\w$-]+$/.test(name) ? name : JSON.stringify(name));

/**
 * SQL text as SQLite keeps it, with runs of white space outside quoted
 * strings and identifiers made one space, and none kept beside ( ) , — so a
 * re-indented definition still matches but a changed literal does not.
 */
export function normaliseSql(sql: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    const close = c === "'" ? "'" : c === '"' ? '"' : c === '`' ? '`' : c === '[' ? ']' : null;
    if (close) {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close)
            j += 2; // a doubled quote inside the quotes
          else break;
        } else j++;
      }
      if (pendingSpace && out && !'(,'.includes(out[out.length - 1]!)) out += ' ';
      pendingSpace = false;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else {
      if (pendingSpace && out && !'(,'.includes(out[out.length - 1]!) && !'(),'.includes(c)) out += ' ';
      pendingSpace = false;
      out += c;
      i++;
    }
  }
  return out;
}

/** The schema of an open database: sqlite_master and each table's columns (pragma table_xinfo). */
export function readSchema(db: Database.Database): Schema {
  const rows = db.prepare('select type, name, tbl_name, sql from sqlite_master order by name').all() as SchemaObject[];
  const objects = new Map(rows.map((r) => [r.name, r]));
  const columns = new Map<string, Column[]>();
  for (const r of rows) {
    if (r.type !== 'table') continue;
    try {
      columns.set(r.name, db.prepare('select * from pragma_table_xinfo(?)').all(r.name) as Column[]);
    } catch {
      columns.set(r.name, []); // e.g. a virtual table of a module this SQLite lacks: it differs anyway
    }
  }
  return { objects, columns };
}

const withArticle = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

const KIND_ORDER = ['table', 'index', 'trigger', 'view'];
const rank = (o: SchemaObject) => {
  const k = KIND_ORDER.indexOf(o.type);
  return k === -1 ? KIND_ORDER.length : k;
};

function describeColumn(c: Column): string {
  const parts = [
    c.type || 'no type',
    c.notnull ? 'not null' : 'nullable',
    c.dflt_value === null ? 'no default' : `default ${c.dflt_value}`,
  ];
  if (c.pk) parts.push(`primary key #${c.pk}`);
  if (c.hidden) parts.push(`hidden ${c.hidden}`);
  return parts.join(', ');
}

function columnDifference(table: string, expected: Column[], actual: Column[]): string | null {
  const expectedNames = new Set(expected.map((c) => c.name));
  const actualNames = new Set(actual.map((c) => c.name));
  const extra = actual.find((c) => !expectedNames.has(c.name));
  if (extra) return `the backup's table ${show(table)} has a column not in Sweetspot's schema: ${show(extra.name)}`;
  const missing = expected.find((c) => !actualNames.has(c.name));
  if (missing) return `the backup's table ${show(table)} is missing the column ${show(missing.name)} of Sweetspot's schema`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (e.name !== a.name)
      return `the backup's table ${show(table)} has its columns in another order than Sweetspot's schema (${show(a.name)} where ${show(e.name)} should be)`;
    const de = describeColumn(e);
    const da = describeColumn(a);
    if (de !== da) return `the backup's column ${show(table)}.${show(a.name)} differs from Sweetspot's schema: ${da} (expected ${de})`;
  }
  return null;
}

/** Where two normalised definitions part, as a short excerpt of the backup's. */
function excerptAtDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const start = Math.max(0, i - 20);
  const piece = actual.slice(start, i + 40);
  return `${start > 0 ? '…' : ''}${piece}${i + 40 < actual.length ? '…' : ''}` || '(the end)';
}

/** The first way `actual` differs from `expected`, in words, or null when they are the same. */
export function firstDifference(expected: Schema, actual: Schema): string | null {
  const names = [...new Set([...expected.objects.keys(), ...actual.objects.keys()])];
  const sortKey = (name: string) => rank((expected.objects.get(name) ?? actual.objects.get(name))!);
  names.sort((a, b) => sortKey(a) - sortKey(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const e = expected.objects.get(name);
    const a = actual.objects.get(name);
    if (!e && a) {
      if (a.type === 'table' && SQLITE_STAT_TABLES[name] === a.sql) continue;
      return `the backup has ${withArticle(a.type)} not in Sweetspot's schema: ${show(name)}`;
    }
    if (e && !a) return `the backup is missing the ${e.type} ${show(name)} of Sweetspot's schema`;
    if (!e || !a) continue;
    if (e.type !== a.type)
      return `the backup's ${show(name)} is ${withArticle(a.type)} where Sweetspot's schema has ${withArticle(e.type)}`;
    if (e.tbl_name !== a.tbl_name)
      return `the backup's ${e.type} ${show(name)} is on table ${show(a.tbl_name)}, not ${show(e.tbl_name)} as in Sweetspot's schema`;
    if (e.type === 'table') {
      const diff = columnDifference(name, expected.columns.get(name) ?? [], actual.columns.get(name) ?? []);
      if (diff) return diff;
    }
    const es = e.sql === null ? null : normaliseSql(e.sql);
    const as = a.sql === null ? null : normaliseSql(a.sql);
    if (es !== as) {
      const where = es !== null && as !== null ? ` at: ${excerptAtDifference(es, as)}` : '';
      return `the backup's ${e.type} ${show(name)} is defined differently from Sweetspot's schema${where}`;
    }
  }
  return null;
}

/**
 * An in-memory database with the first `level` of the repository's
 * migrations applied by drizzle's own migrator (from a temporary folder that
 * holds only those), exactly as the release that wrote them left its schema.
 */
export function expectedDatabase(migrationsFolder: string, level: number): Database.Database {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-schema-'));
  try {
    fs.mkdirSync(path.join(dir, 'meta'));
    const kept = journal.entries.slice(0, level);
    fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
    for (const e of kept) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    const sqlite = new Database(':memory:');
    addSqlFunctions(sqlite); // the functions the migrations call, as the app's own connection has them
    migrate(drizzle(sqlite), { migrationsFolder: dir });
    return sqlite;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checks a database (opened read-only by the caller) against the migrations
 * in `migrationsFolder`: its migration history must be the first N of ours,
 * hash for hash, and its schema exactly what those N produce.
 */
export function checkSchema(db: Database.Database, migrationsFolder: string): CheckResult {
  const ours = readMigrationFiles({ migrationsFolder });
  const history = db.prepare('select type from sqlite_master where name = ?').get(MIGRATIONS_TABLE) as { type: string } | undefined;
  if (!history) return { ok: false, message: `the backup has no migration history (${MIGRATIONS_TABLE}); it is not a Sweetspot database` };
  if (history.type !== 'table')
    return { ok: false, message: `the backup's ${MIGRATIONS_TABLE} is ${withArticle(history.type)}, not a table` };
  const rows = db.prepare(`select hash, created_at from "${MIGRATIONS_TABLE}" order by rowid`).all() as {
    hash: unknown;
    created_at: unknown;
  }[];
  if (rows.length === 0) return { ok: false, message: `the backup records no migrations; it is not a Sweetspot database` };
  if (rows.length > ours.length)
    return {
      ok: false,
      message: `the backup has migrations Sweetspot does not know (${rows.length} recorded, this release has ${ours.length}): restore it with the release that wrote it`,
    };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const m = ours[i]!;
    if (row.hash !== m.hash || Number(row.created_at) !== m.folderMillis)
      return {
        ok: false,
        message: `the backup has a migration Sweetspot does not know: its migration ${i + 1} (created_at ${show(String(row.created_at))}) is not this release's migration ${i + 1}`,
      };
  }
  const expectedDb = expectedDatabase(migrationsFolder, rows.length);
  try {
    const difference = firstDifference(readSchema(expectedDb), readSchema(db));
    return difference ? { ok: false, message: difference } : { ok: true, level: rows.length };
  } finally {
    expectedDb.close();
  }
}
