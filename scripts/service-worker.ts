/**
 * Bundles the service worker (lib/offline/service-worker.ts, Serwist's strategies and the caching rules) with
 * esbuild into public/sw.js, a plain script the browser installs from /sw.js. Part of every build
 * (scripts/lib.ts `build()`), before `next build`: Next serves only the public files that exist when it builds.
 * Serwist's own Next plugin cannot do this here: it hooks into webpack, and `next build` runs Turbopack.
 */
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const SERVICE_WORKER_ENTRY = 'lib/offline/service-worker.ts';
export const SERVICE_WORKER_FILE = 'public/sw.js';

export function buildServiceWorker(root: string, outfile = path.join(root, SERVICE_WORKER_FILE)): { outfile: string; bytes: number } {
  buildSync({
    entryPoints: [path.join(root, SERVICE_WORKER_ENTRY)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    // Serwist logs and asserts only outside production.
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: path.join(root, 'tsconfig.json'),
    outfile,
    legalComments: 'none',
    logLevel: 'error',
  });
  return { outfile, bytes: fs.statSync(outfile).size };
}
