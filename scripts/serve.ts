/**
 * Starts the production server the way every entry point needs it:
 *   --build-if-needed   build (scripts/lib.ts `build()`) when there is no build or sources are newer
 *   --seed-if-empty     seed the demo firm into an empty database and print its logins
 *   --fresh             delete the database first (the e2e suite's clean slate)
 * Migrations are applied before the server starts; PORT (default 3000), HOST
 * and DATABASE_PATH are honoured; AUTH_SECRET is generated into ./data when unset.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { databasePath, openDatabase } from '../db';
import { DEMO_FIRM_NAME, DEMO_USERS, isEmpty, seedDemo } from '../db/seed';
import { shownLink } from '../lib/link-tokens';
import { trustedProxyHops } from '../lib/request';
import { JOBS_WORKER_FILE } from '../lib/jobs/worker-file';
import { build, buildIsStale, ensureAuthSecret, fail, root, SERVER_ARGS } from './lib';

const known = new Set(['--build-if-needed', '--seed-if-empty', '--fresh']);
const args = process.argv.slice(2);
for (const a of args) if (!known.has(a)) fail(`serve: unknown option ${a}`);
const flags = new Set(args);

const port = process.env.PORT ?? '3000';
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) fail(`PORT must be a number from 1 to 65535, not "${port}"`);
try {
  trustedProxyHops();
} catch (error) {
  fail((error as Error).message);
}
if (flags.has('--build-if-needed') && buildIsStale()) {
  console.log('Building Sweetspot for production (first run takes a minute or two)…');
  build();
}
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) fail('No production build found: run `npm run build` first.');
if (!fs.existsSync(path.join(root, JOBS_WORKER_FILE)))
  fail(`The build has no jobs worker (${JOBS_WORKER_FILE}): run \`npm run build\` (a plain \`next build\` does not write it).`);

const file = databasePath();
// Known before seeding: the demo's request page link is made, and shown again below, with it.
process.env.AUTH_SECRET = ensureAuthSecret();
if (flags.has('--fresh')) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
const db = openDatabase(file);
let seeded = false;
if (flags.has('--seed-if-empty') && isEmpty(db)) {
  seedDemo(db);
  seeded = true;
}
// The demo firm's client request page, when it is on, is printed with the logins (remade from its nonce: the database keeps only a hash).
const requestPage = flags.has('--seed-if-empty')
  ? shownLink(
      'request-page',
      db.$client
        .prepare('select request_page_token_hash as hash, request_page_nonce as nonce from firms where name = ? order by id limit 1')
        .get(DEMO_FIRM_NAME) as { hash: string | null; nonce: string | null } | undefined,
    )
  : null;
db.$client.close();

const env = {
  ...process.env,
  NODE_ENV: 'production' as const,
  PORT: port,
  DATABASE_PATH: file,
  AUTH_SECRET: process.env.AUTH_SECRET,
  AUTH_TRUST_HOST: 'true',
  // The demo runs on one machine, often with calendars served from it: its people may add local calendar addresses.
  ...(flags.has('--seed-if-empty') ? { CALENDAR_FETCH_ALLOW_PRIVATE: process.env.CALENDAR_FETCH_ALLOW_PRIVATE ?? '1' } : {}),
};
// HOST: the interface to listen on (e.g. 127.0.0.1 behind a proxy on the same machine); all of them by default.
const hostArgs = process.env.HOST ? ['--hostname', process.env.HOST] : [];
const server = spawn(process.execPath, [...SERVER_ARGS, ...hostArgs], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] as const });

let announced = false;
server.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && /ready/i.test(chunk.toString())) {
    announced = true;
    const lines = [
      ``,
      `Sweetspot is running at http://localhost:${port}`,
      `Database: ${file}${seeded ? ' (demo firm seeded just now)' : ''}`,
    ];
    if (flags.has('--seed-if-empty')) {
      lines.push(`Demo logins (Northside Computer Consulting):`);
      for (const u of DEMO_USERS) lines.push(`  ${u.role.padEnd(10)} ${u.email.padEnd(26)} ${u.password}`);
      if (requestPage?.token) lines.push(`Client request page (what clients see): http://localhost:${port}/request/${requestPage.token}`);
      else if (requestPage)
        lines.push(`Client request page: on, at a link that cannot be shown again; make a new one in Settings → Firm to see it.`);
    }
    lines.push(`Stop with Ctrl+C.`, ``);
    console.log(lines.join('\n'));
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code: number | null, signal: NodeJS.Signals | null) => process.exit(code ?? (signal ? 0 : 1)));
