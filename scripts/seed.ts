import fs from 'node:fs';
import { databasePath, openDatabase } from '../db';
import { DEMO_FIRM_NAME, DEMO_USERS, firmNames, isEmpty, seedDemo } from '../db/seed';
import { ensureAuthSecret, fail } from './lib';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--reset');
if (unknown.length) fail(`db:seed: unknown option ${unknown[0]} (use --reset to rebuild the demo data)`);
const reset = args.includes('--reset');

const file = databasePath();
// The demo's request page link is made with it (lib/link-tokens.ts): the one the server will use.
process.env.AUTH_SECRET = ensureAuthSecret();
let db = openDatabase(file);
if (reset) {
  const others = firmNames(db).filter((n) => n !== DEMO_FIRM_NAME);
  if (others.length) {
    fail(`db:seed --reset: refusing, ${file} holds other firms (${others.slice(0, 3).join(', ')}); it only rebuilds a demo database`);
  }
  db.$client.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  db = openDatabase(file);
}
if (!isEmpty(db)) {
  console.log(`Database ${file} already has data; nothing seeded (use --reset to rebuild the demo firm).`);
} else {
  seedDemo(db);
  console.log(`Seeded "${DEMO_FIRM_NAME}" into ${file}. Logins:`);
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}  /  ${u.password}`);
}
db.$client.close();
