/**
 * Bundles the jobs worker (lib/jobs/worker.ts and everything it imports) with
 * esbuild into one plain CommonJS file, which the server starts with
 * `new Worker(path)` (lib/jobs/pool.ts) outside Next's bundler. Part of
 * every build (scripts/lib.ts `build()`), after `next build`.
 */
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { JOBS_WORKER_ENTRY, JOBS_WORKER_FILE } from '../lib/jobs/worker-file';

/**
 * Packages the worker must not hold: Next (its server code needs a request and Next's own runtime), and
 * server-only's throwing module (stubbed below, so it is never bundled).
 */
const FORBIDDEN = ['node_modules/server-only/', 'node_modules/next/'];

/**
 * better-sqlite3 is a native addon, loaded from its build directory beside its JavaScript: it cannot be bundled. Left
 * external, the bundle requires it at run time and Node finds it from .next/sweetspot/ up in the app's node_modules,
 * as the server itself does (next.config.js serverExternalPackages).
 */
const EXTERNAL = ['better-sqlite3'];

/**
 * `server-only` guards code from a browser bundle: it throws unless the bundler resolves it under React Server
 * Components' condition. This worker is a thread of the server; the data-layer code it runs (preparing a month's
 * invoices on its own connection) is server code by design, so the marker resolves to an empty module here.
 */
const SERVER_ONLY_STUB = 'scripts/worker-server-only.ts';

export function buildJobsWorker(root: string, outfile = path.join(root, JOBS_WORKER_FILE)): { outfile: string; bytes: number } {
  const result = buildSync({
    entryPoints: [path.join(root, JOBS_WORKER_ENTRY)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    external: EXTERNAL,
    alias: { 'server-only': path.join(root, SERVER_ONLY_STUB) },
    outfile,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const bad = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.some((f) => input.includes(f)));
  if (bad.length) {
    fs.rmSync(outfile, { force: true });
    throw new Error(`The jobs worker must not hold ${bad.join(', ')}`);
  }
  return { outfile, bytes: fs.statSync(outfile).size };
}
