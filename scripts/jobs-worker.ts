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

/** Packages that have no place in a worker: server-only throws when imported, and the worker does no I/O. */
const FORBIDDEN = ['node_modules/server-only/', 'node_modules/better-sqlite3/', 'node_modules/next/'];

export function buildJobsWorker(root: string, outfile = path.join(root, JOBS_WORKER_FILE)): { outfile: string; bytes: number } {
  const result = buildSync({
    entryPoints: [path.join(root, JOBS_WORKER_ENTRY)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    outfile,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const bad = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.some((f) => input.includes(f)));
  if (bad.length) {
    fs.rmSync(outfile, { force: true });
    throw new Error(`The jobs worker must hold pure code only, but it imports ${bad.join(', ')}`);
  }
  return { outfile, bytes: fs.statSync(outfile).size };
}
