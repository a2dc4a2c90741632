/**
 * npm run restore -- <file> [--yes]
 * Replaces the database with a backup after checking it (a SQLite file, integrity
 * ok, a Sweetspot schema) and asking for confirmation (or --yes). The current
 * database is first kept beside it as <name>.before-restore-<time>. Stop the
 * server first. Older backups are migrated to the current schema.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { createPrivateFile, databasePath, openDatabase } from '../db';
import { fail } from './lib';

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const yes = args.includes('--yes');
  const files = args.filter((a) => a !== '--yes');
  if (files.length !== 1) fail('usage: npm run restore -- <backup file> [--yes]');
  const source = path.resolve(files[0]!);
  if (!fs.existsSync(source)) fail(`no such file: ${source}`);
  let firms: number;
  try {
    const b = new Database(source, { readonly: true, fileMustExist: true });
    const check = b.pragma('integrity_check', { simple: true });
    if (check !== 'ok') fail(`${source} fails its integrity check (${String(check)}); nothing was changed`);
    firms = (b.prepare('select count(*) as n from firms').get() as { n: number }).n;
    b.close();
  } catch (e) {
    fail(`${source} is not a Sweetspot backup (${(e as Error).message.split('\n')[0]}); nothing was changed`);
  }
  const target = databasePath();
  if (!yes) {
    if (!process.stdin.isTTY) fail('restore replaces the database: run it in a terminal to confirm, or pass --yes');
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Replace ${target} with ${source} (${firms} firm(s))? The current file is kept beside it. Type "restore": `);
    rl.close();
    if (answer.trim() !== 'restore') fail('not confirmed; nothing was changed');
  }
  if (fs.existsSync(target)) {
    const kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const current = new Database(target, { fileMustExist: true });
    createPrivateFile(kept); // a copy of the database: private like it
    await current.backup(kept);
    current.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
    console.log(`Kept the current database as ${kept}`);
  }
  const src = new Database(source, { readonly: true });
  createPrivateFile(target);
  await src.backup(target);
  src.close();
  openDatabase(target).$client.close(); // brings an older backup up to the current schema
  console.log(`Restored ${source} to ${target} (${firms} firm(s)), migrated to the current schema. Start the server again.`);
}

void main();
