/**
 * npm run restore -- <file> [--yes]
 * Replaces the database with a backup after checking it (a SQLite file, integrity
 * ok, and exactly the schema Sweetspot's migrations give at the backup's own
 * migration level: scripts/schema-check.ts) and asking for confirmation (or
 * --yes). The backup is first copied to a private temporary file, and that
 * checked copy is what gets restored, so the file cannot change between the
 * check and the restore. The current database is first kept beside it as
 * <name>.before-restore-<time>. Stop the server first. Older backups are
 * migrated to the current schema. A refused backup changes nothing: one line,
 * exit 2.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline/promises';
import { createPrivateFile, databasePath, migrationsFolder, openDatabase } from '../db';
import { fail } from './lib';
import { checkSchema } from './schema-check';

/**
 * Keeps the database about to be replaced beside it. A healthy one is copied
 * through SQLite's backup (one consistent file, its write-ahead log folded
 * in); a damaged one — often the very reason for restoring — cannot be read
 * that way, so its files are kept as they are (with `-wal`/`-shm` beside them
 * when present), for whoever wants to look at them later.
 */
async function keepCurrent(target: string, kept: string) {
  createPrivateFile(kept); // a copy of the database: private like it
  try {
    const current = new Database(target, { fileMustExist: true });
    try {
      await current.backup(kept);
    } finally {
      current.close();
    }
  } catch (e) {
    console.log(`The current database could not be read (${(e as Error).message.split('\n')[0]}); keeping its files as they are`);
    for (const suffix of ['', '-wal', '-shm']) {
      if (!fs.existsSync(`${target}${suffix}`)) continue;
      if (suffix) createPrivateFile(`${kept}${suffix}`);
      fs.copyFileSync(`${target}${suffix}`, `${kept}${suffix}`);
    }
  }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const yes = args.includes('--yes');
  const files = args.filter((a) => a !== '--yes');
  if (files.length !== 1) fail('usage: npm run restore -- <backup file> [--yes]');
  const source = path.resolve(files[0]!);
  if (!fs.existsSync(source)) fail(`no such file: ${source}`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-restore-'));
  process.on('exit', () => fs.rmSync(staging, { recursive: true, force: true }));
  const checked = path.join(staging, 'backup.db');
  let firms: number;
  try {
    const original = new Database(source, { readonly: true, fileMustExist: true });
    await original.backup(checked);
    original.close();
    const b = new Database(checked, { readonly: true, fileMustExist: true });
    const check = b.pragma('integrity_check', { simple: true });
    if (check !== 'ok') fail(`${source} fails its integrity check (${String(check)}); nothing was changed`);
    const schema = checkSchema(b, migrationsFolder);
    if (!schema.ok) fail(`restore: ${schema.message}; nothing was changed`);
    firms = (b.prepare('select count(*) as n from firms').get() as { n: number }).n;
    b.close();
  } catch (e) {
    fail(`${source} is not a Sweetspot backup (${(e as Error).message.split('\n')[0]}); nothing was changed`);
  }
  const target = databasePath();
  if (!yes) {
    if (!process.stdin.isTTY) fail('restore replaces the database: run it in a terminal to confirm, or pass --yes');
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `Replace ${target} with ${source} (${firms} firm(s))? The current file is kept beside it. Type "restore": `,
    );
    rl.close();
    if (answer.trim() !== 'restore') fail('not confirmed; nothing was changed');
  }
  if (fs.existsSync(target)) {
    const kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await keepCurrent(target, kept);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    console.log(`Kept the current database as ${kept}`);
  }
  const src = new Database(checked, { readonly: true });
  createPrivateFile(target);
  await src.backup(target);
  src.close();
  openDatabase(target).$client.close(); // brings an older backup up to the current schema
  console.log(`Restored ${source} to ${target} (${firms} firm(s)), migrated to the current schema. Start the server again.`);
}

void main();
