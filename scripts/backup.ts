/**
 * npm run backup -- <file>
 * An online, consistent copy of the database (SQLite's backup API: the app
 * may keep serving and writing meanwhile), checked with integrity_check.
 * Refuses to overwrite an existing file. Bad input: one line, exit 2.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateFile, databasePath, makePrivate } from '../db';
import { fail } from './lib';

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length !== 1) fail('usage: npm run backup -- <file>   (the copy to write; it must not exist yet)');
  const target = path.resolve(args[0]!);
  const source = databasePath();
  if (!fs.existsSync(source)) fail(`no database at ${source} (set DATABASE_PATH)`);
  if (fs.existsSync(target)) fail(`${target} already exists; choose a new file name`);
  if (!fs.existsSync(path.dirname(target))) fail(`the folder ${path.dirname(target)} does not exist`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const t0 = Date.now();
  // Created readable by this user only before anything is copied into it, as the database itself is.
  createPrivateFile(target);
  await db.backup(target, {
    progress({ totalPages, remainingPages }) {
      process.stdout.write(`\rcopying… ${Math.round(((totalPages - remainingPages) / Math.max(1, totalPages)) * 100)}%`);
      return 200; // pages per step: other connections keep writing between steps
    },
  });
  db.close();
  makePrivate(target);
  const copy = new Database(target, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  const firms = (copy.prepare('select count(*) as n from firms').get() as { n: number }).n;
  copy.close();
  if (check !== 'ok') {
    fs.rmSync(target, { force: true });
    fail(`the copy failed its integrity check (${String(check)}); nothing was kept`);
  }
  const mb = (fs.statSync(target).size / 1_048_576).toFixed(1);
  process.stdout.write(`\rBacked up ${source} to ${target}: ${mb} MB, ${firms} firm(s), integrity ok, ${Date.now() - t0} ms\n`);
}

void main();
