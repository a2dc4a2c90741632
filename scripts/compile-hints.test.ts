import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT, startupChunks } from './compile-hints';

/** A .next directory shaped like Next 16's: a build manifest, a route's client reference manifest, chunks. */
function fakeBuild() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-hints-'));
  const chunks = path.join(dir, 'static', 'chunks');
  fs.mkdirSync(chunks, { recursive: true });
  const write = (name: string, body: string) => fs.writeFileSync(path.join(chunks, name), body);
  write('react.js', 'a();\n');
  write('runtime.js', '(function(){b()})();');
  write('layout.js', 'c();');
  write('page.js', 'd();');
  write('lazy.js', 'e();'); // loaded by a dynamic import only: named by no manifest
  fs.writeFileSync(
    path.join(dir, 'build-manifest.json'),
    JSON.stringify({ polyfillFiles: ['static/chunks/polyfill.js'], rootMainFiles: ['static/chunks/react.js', 'static/chunks/runtime.js'] }),
  );
  const route = path.join(dir, 'server', 'app', '(app)', 'schedule');
  fs.mkdirSync(route, { recursive: true });
  const manifest = {
    clientModules: {},
    entryCSSFiles: { x: [{ path: 'static/chunks/site.css' }] },
    entryJSFiles: {
      '[project]/app/layout': ['static/chunks/layout.js'],
      '[project]/app/(app)/schedule/page': ['static/chunks/layout.js', 'static/chunks/page.js'],
    },
  };
  fs.writeFileSync(
    path.join(route, 'page_client-reference-manifest.js'),
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST["/(app)/schedule/page"] = ${JSON.stringify(manifest)};`,
  );
  return { dir, read: (name: string) => fs.readFileSync(path.join(chunks, name), 'utf8') };
}

describe('compile hints', () => {
  it('finds the root main files and every route entry chunk, not the polyfills or lazily imported chunks', () => {
    const { dir } = fakeBuild();
    expect(startupChunks(dir)).toEqual([
      'static/chunks/layout.js',
      'static/chunks/page.js',
      'static/chunks/react.js',
      'static/chunks/runtime.js',
    ]);
  });

  it('puts the hint on the first line of each start-up chunk, keeps the code as it was, and adds it once', () => {
    const { dir, read } = fakeBuild();
    const first = addCompileHints(dir);
    expect(first.hinted).toHaveLength(4);
    expect(read('react.js')).toBe(`${COMPILE_HINT}\na();\n`);
    expect(read('runtime.js')).toBe(`${COMPILE_HINT}\n(function(){b()})();`);
    expect(read('page.js')).toBe(`${COMPILE_HINT}\nd();`);
    expect(read('lazy.js')).toBe('e();');
    const again = addCompileHints(dir);
    expect(again).toMatchObject({ hinted: [], already: 4 });
    expect(read('layout.js')).toBe(`${COMPILE_HINT}\nc();`);
  });

  it('refuses a build whose manifests name a chunk that is not there, and changes no file', () => {
    const { dir, read } = fakeBuild();
    fs.rmSync(path.join(dir, 'static', 'chunks', 'page.js'));
    expect(() => addCompileHints(dir)).toThrow(/static\/chunks\/page\.js is named by the build manifests but missing/);
    expect(read('layout.js')).toBe('c();'); // nothing half-done
    expect(read('react.js')).toBe('a();\n');
  });
});
