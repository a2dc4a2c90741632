import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addCompileHints } from './compile-hints';
import { buildJobsWorker } from './jobs-worker';
import { buildServiceWorker, SERVICE_WORKER_FILE } from './service-worker';
import { JOBS_WORKER_FILE } from '../lib/jobs/worker-file';

export const root = path.resolve(__dirname, '..');

/**
 * Node flags of the production server (npm run demo / npm start and the
 * benchmarks). V8 sizes its heap from the machine's memory and lets garbage
 * pile up under load (a 580 MB resident peak in bench:http on a 24 GB
 * machine); a bounded old space makes it collect sooner. The largest working
 * set measured (the 10,000-client dashboard) stays well inside it. The price
 * is more frequent collection: about a quarter fewer requests/s under
 * saturation in bench:http (25 → 18 on the dashboard), which a small firm
 * never reaches; an out-of-memory kill on a small server would be an outage.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=256'];

/** The production server's command line: Next.js's own server (`next start`), listening on $PORT. */
export const SERVER_ARGS = [...SERVER_NODE_FLAGS, path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start'];

/** A one-line error and exit code 2, as every Sweetspot command does for bad input. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** AUTH_SECRET from the environment, or one generated once into ./data (never committed). */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(root, 'data', 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when there is no production build (or no jobs worker in it) or a source file changed after it. */
export function buildIsStale(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const worker = path.join(root, JOBS_WORKER_FILE);
  if (!fs.existsSync(buildId) || !fs.existsSync(worker) || !fs.existsSync(path.join(root, SERVICE_WORKER_FILE))) return true;
  const built = Math.min(fs.statSync(buildId).mtimeMs, fs.statSync(worker).mtimeMs);
  // compile-hints.ts, jobs-worker.ts and service-worker.ts are part of the build (see build()), so a change to them makes
  // the build stale too; the workers' own sources are in lib/ and db/.
  const sources = [
    'app',
    'components',
    'lib',
    'db',
    'next.config.js',
    'proxy.ts',
    'instrumentation.ts',
    'package.json',
    'postcss.config.mjs',
    'public',
    'tsconfig.json',
    'scripts/compile-hints.ts',
    'scripts/jobs-worker.ts',
    'scripts/worker-server-only.ts',
    'scripts/service-worker.ts',
  ].map((p) => path.join(root, p));
  return sources.some((s) => newestMtime(s) > built);
}

/**
 * The production build every entry point uses (npm run build, npm run demo,
 * the e2e suite, the benchmarks): the service worker bundle (scripts/service-worker.ts,
 * first: Next serves only the public files present when it builds), `next build`, then V8's compile hint on the
 * start-up chunks (scripts/compile-hints.ts), then the jobs worker bundle the
 * server runs long tasks in (scripts/jobs-worker.ts). Exits with next's
 * status when the build fails.
 */
export function build(): void {
  const sw = buildServiceWorker(root);
  console.log(`Service worker: ${path.relative(root, sw.outfile)} (${Math.round(sw.bytes / 1024)} KB)`);
  const next = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (next.status !== 0) process.exit(next.status ?? 1);
  const { hinted, already, bytes } = addCompileHints(path.join(root, '.next'));
  console.log(`Compile hints: ${hinted.length + already} start-up chunks (${Math.round(bytes / 1024)} KB) compiled eagerly by Chrome`);
  const worker = buildJobsWorker(root);
  console.log(`Jobs worker: ${path.relative(root, worker.outfile)} (${Math.round(worker.bytes / 1024)} KB)`);
}
