/**
 * Marks the JavaScript every page runs while it starts with V8's file-based
 * compile hint, `//# allFunctionsCalledOnLoad` (Chrome 136+).
 *
 * Without it V8 compiles a function lazily, on the main thread, the first time
 * it is called; nearly all of React's and the Next.js runtime's functions are
 * called while a page hydrates, so a phone spends its start-up compiling them
 * one by one. With the hint, Chrome compiles the whole file eagerly on the
 * background thread that streams the script in, before it runs. Browsers
 * without the feature read a comment. Next.js 16 has no option for it, so the
 * production build adds it to the files its manifests name as start-up chunks:
 * the root main files and every route's entry chunks (a chunk only loaded by a
 * dynamic import is left lazy). It runs after `next build` in `npm run build`
 * and wherever a script builds (scripts/lib.ts `build()`), and does nothing to
 * a file that already has it. No browser source maps are emitted, so no line
 * mapping shifts; chunk names stay as built because the change is the same
 * for the same content.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

type BuildManifest = { rootMainFiles?: string[] };
type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, match) : e.isFile() && match(e.name) ? [full] : [];
  });
}

/** The chunks (paths relative to .next, like "static/chunks/x.js") some route loads when it starts. */
export function startupChunks(nextDir: string): string[] {
  const chunks = new Set<string>();
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as BuildManifest;
  for (const f of build.rootMainFiles ?? []) chunks.add(f);
  // Each route's client reference manifest is a script assigning globalThis.__RSC_MANIFEST[route]; run it in a sandbox.
  for (const file of filesUnder(path.join(nextDir, 'server', 'app'), (n) => n.endsWith('_client-reference-manifest.js'))) {
    const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
    sandbox.globalThis = sandbox;
    vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file, timeout: 1000 });
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {}))
      for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const f of list) chunks.add(f);
  }
  return [...chunks].filter((f) => f.endsWith('.js')).sort();
}

/** Adds the hint to every start-up chunk that lacks it; returns the files changed and their total size. */
export function addCompileHints(nextDir: string): { hinted: string[]; already: number; bytes: number } {
  const hinted: string[] = [];
  let already = 0;
  let bytes = 0;
  const chunks = startupChunks(nextDir);
  // All or nothing: a build missing a named chunk is broken, and is left as it was for `next build` to redo.
  for (const rel of chunks)
    if (!fs.existsSync(path.join(nextDir, rel))) throw new Error(`compile hints: ${rel} is named by the build manifests but missing`);
  for (const rel of chunks) {
    const file = path.join(nextDir, rel);
    const text = fs.readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    if (text.startsWith(COMPILE_HINT + '\n')) {
      already++;
      continue;
    }
    fs.writeFileSync(file, `${COMPILE_HINT}\n${text}`);
    hinted.push(rel);
  }
  return { hinted, already, bytes };
}
