/**
 * npm run bench:js — first-load JavaScript of the main pages, measured from the
 * production build as a browser gets it: the page's HTML is fetched (signed in
 * where needed), every <script src> it loads (not the noModule polyfills a
 * modern browser skips) is fetched and gzipped, and the
 * sizes are summed. Budgets: 180 KB for login and today, 250 KB for dashboard
 * and schedule. The schedule's time grid views (own week, team day, team week)
 * are measured again on the large firm (50 people, 10,000 clients, a full
 * schedule), signed in as its owner; the page's HTML (with the data React
 * reads to hydrate it) is printed beside, gzipped too. Exits 1 when a page is
 * over its budget.
 */
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  BENCH_OWNER,
  BENCH_PASSWORD,
  buildIfStale,
  demoDatabase,
  largeScheduleDatabase,
  SCHEDULE_VIEWS,
  signIn,
  startServer,
} from './bench-lib';

const PORT = Number(process.env.BENCH_PORT ?? 3233);
const PAGES: [string, string, number][] = [
  ['login', '/login', 180],
  ['today', '/today', 180],
  ['dashboard', '/dashboard', 250],
  ['schedule', '/schedule', 250],
];

/** Fetches the page and every module script it loads; prints one line; returns whether it is over its budget. */
async function measure(base: string, cookie: string | null, name: string, url: string, budget: number): Promise<boolean> {
  const res = await fetch(base + url, { headers: cookie ? { Cookie: cookie } : {} });
  if (res.status !== 200 || res.redirected) throw new Error(`${url}: ${res.status}${res.redirected ? ` (redirected to ${res.url})` : ''}`);
  const html = await res.text();
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
  const htmlKb = gzipSync(html, { level: 9 }).length / 1024;
  console.log(
    `${name.padEnd(20)}  ${String(srcs.length).padStart(7)}  ${(raw / 1024).toFixed(1).padStart(7)}  ${kb.toFixed(1).padStart(11)}  ${String(budget).padStart(10)}  ${htmlKb.toFixed(1).padStart(12)}${kb > budget ? '   OVER' : ''}`,
  );
  return kb > budget;
}

const HEADER = 'page                  scripts   raw KB   gzipped KB   budget KB  HTML gz KB';

async function main() {
  buildIfStale();
  let over = false;
  {
    const { dir, file } = demoDatabase('js');
    const { base, server } = await startServer(file, PORT);
    try {
      const cookie = await signIn(base, 'marcus@northside.example', 'northside-marcus');
      console.log('The demo firm, as a consultant');
      console.log(HEADER);
      for (const [name, url, budget] of PAGES) if (await measure(base, url === '/login' ? null : cookie, name, url, budget)) over = true;
    } finally {
      server.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const { dir, file } = largeScheduleDatabase('js-large');
  const { base, server } = await startServer(file, PORT);
  try {
    const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    console.log('\nThe large firm (50 people, 10,000 clients, a full schedule), as the owner');
    console.log(HEADER);
    for (const [name, url] of SCHEDULE_VIEWS) if (await measure(base, cookie, `schedule ${name}`, url, 250)) over = true;
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
