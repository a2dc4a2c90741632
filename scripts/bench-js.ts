/**
 * npm run bench:js — first-load JavaScript of the main pages, measured from the
 * production build as a browser gets it: the page's HTML is fetched (signed in
 * where needed), every <script src> it loads (not the noModule polyfills a
 * modern browser skips) is fetched and gzipped, and the
 * sizes are summed. Budgets: 180 KB for login and today, 250 KB for dashboard
 * and schedule. Exits 1 when a page is over its budget.
 */
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildIfStale, demoDatabase, signIn, startServer } from './bench-lib';

const PORT = Number(process.env.BENCH_PORT ?? 3233);
const PAGES: [string, string, number][] = [
  ['login', '/login', 180],
  ['today', '/today', 180],
  ['dashboard', '/dashboard', 250],
  ['schedule', '/schedule', 250],
];

async function main() {
  buildIfStale();
  const { dir, file } = demoDatabase('js');
  const { base, server } = await startServer(file, PORT);
  let over = false;
  try {
    const cookie = await signIn(base, 'marcus@northside.example', 'northside-marcus');
    console.log('page        scripts   raw KB   gzipped KB   budget KB');
    for (const [name, url, budget] of PAGES) {
      const html = await (await fetch(base + url, { headers: url === '/login' ? {} : { Cookie: cookie } })).text();
      // Scripts marked noModule (legacy polyfills) are never fetched by browsers that run modules, so they do not count.
      const tags = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]).filter((t) => !/nomodule/i.test(t));
      const srcs = [
        ...new Set(
          tags
            .map((t) => /src="([^"]+)"/.exec(t)?.[1])
            .filter((x): x is string => Boolean(x))
            .map((x) => x.replace(/&amp;/g, '&')),
        ),
      ];
      let raw = 0;
      let gz = 0;
      for (const src of srcs) {
        const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
        raw += body.length;
        gz += gzipSync(body, { level: 9 }).length;
      }
      const kb = gz / 1024;
      if (kb > budget) over = true;
      console.log(
        `${name.padEnd(10)}  ${String(srcs.length).padStart(7)}  ${(raw / 1024).toFixed(1).padStart(7)}  ${kb.toFixed(1).padStart(11)}  ${String(budget).padStart(10)}${kb > budget ? '   OVER' : ''}`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(over ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
