/**
 * Starts `npm run --silent schedule` quickly: runs scripts/schedule.ts from a
 * bundle that esbuild rebuilds whenever the scheduler's sources are newer than
 * it (about 30 ms; esbuild is loaded only then), instead of compiling TypeScript at every start with tsx.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'node_modules', '.cache', 'sweetspot', 'schedule.cjs');
const sources = [
  path.join(root, 'scripts', 'schedule.ts'),
  ...readdirSync(path.join(root, 'lib', 'scheduler')).map((f) => path.join(root, 'lib', 'scheduler', f)),
];
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};
const built = mtime(bundle);
if (built < 0 || sources.some((file) => mtime(file) > built)) {
  // Loaded only to rebuild: importing esbuild costs about as much as Node's own start.
  const { buildSync } = await import('esbuild');
  buildSync({
    entryPoints: [sources[0]],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
  });
}
await import(pathToFileURL(bundle).href);
