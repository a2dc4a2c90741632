/**
 * npm run bench:lighthouse — Lighthouse 12.2.3 (pinned) with its mobile
 * settings (emulated phone, simulated slow 4G and 4× CPU slowdown) on the
 * login, dashboard, schedule and Today pages of the production build, on the
 * demo firm, in Debian's Chromium. Prints the performance and accessibility
 * scores with the main timings; targets: performance ≥ 90, accessibility ≥ 95.
 * Scores vary from run to run (Lighthouse's own guidance: take the median of
 * several), so each page is measured LH_RUNS times (default 5, as Lighthouse's own variability guide advises) and the median
 * run by performance score is reported. Exits 1 when a page misses a target.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_USERS } from '../db/seed';
import { buildIfStale, demoDatabase, signIn, startServer } from './bench-lib';
import { fail, root } from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3236);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ALL_PAGES = ['/login', '/dashboard', '/schedule', '/today'];
// LH_PAGES=/schedule,/today measures only those pages (to look at one page closely).
const PAGES = process.env.LH_PAGES ? process.env.LH_PAGES.split(',').map((p) => p.trim()) : ALL_PAGES;
const unknownPage = PAGES.find((p) => !ALL_PAGES.includes(p));
if (unknownPage !== undefined) fail(`LH_PAGES: "${unknownPage}" is not one of ${ALL_PAGES.join(', ')}`);
const RUNS = Number(process.env.LH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) fail(`LH_RUNS must be a whole number of at least 1, not "${process.env.LH_RUNS}"`);
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function main() {
  if (!fs.existsSync(CHROME)) {
    console.error(`Chromium not found at ${CHROME} (apt-get install -y chromium, or set CHROME_PATH)`);
    process.exit(2);
  }
  buildIfStale();
  const { dir, file } = demoDatabase('lighthouse');
  const { base, server } = await startServer(file, PORT);
  const misses: string[] = [];
  try {
    // A consultant: the dashboard, schedule and Today as the people on phones see them.
    const marcus = DEMO_USERS.find((u) => u.role === 'consultant')!;
    const cookie = await signIn(base, marcus.email, marcus.password);
    fs.mkdirSync(path.join(dir, 'chrome'));
    const input = {
      runs: RUNS,
      chrome: CHROME,
      flags: CHROME_FLAGS,
      userDataDir: path.join(dir, 'chrome'),
      pages: PAGES.map((url) => ({ url: base + url, cookie: url === '/login' ? undefined : cookie })),
    };
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'lighthouse-run.mjs'), JSON.stringify(input)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    });
    if (run.status !== 0) throw new Error(`Lighthouse failed (exit ${run.status})`);
    type Run = {
      url: string;
      finalUrl: string;
      runtimeError?: string;
      performance: number;
      accessibility: number;
      fcp: number;
      lcp: number;
      tbt: number;
      cls: number;
      failingA11y: string[];
    };
    const runs = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Run);
    console.log(`Median of ${RUNS} run(s) per page (all runs' performance scores in brackets)`);
    console.log('page          performance  accessibility   FCP ms   LCP ms   TBT ms    CLS   runs');
    for (const page of PAGES) {
      const mine = runs.filter((r) => r.url === base + page);
      for (const r of mine) {
        if (r.runtimeError) throw new Error(`${page}: ${r.runtimeError}`);
        if (r.finalUrl !== r.url) throw new Error(`${page} ended on ${r.finalUrl} (not signed in?)`);
      }
      const sorted = [...mine].sort((a, b) => a.performance - b.performance);
      const r = sorted[Math.floor((sorted.length - 1) / 2)]!;
      console.log(
        `${page.padEnd(12)}  ${String(r.performance).padStart(11)}  ${String(r.accessibility).padStart(13)}  ${String(r.fcp).padStart(7)}  ${String(r.lcp).padStart(7)}  ${String(r.tbt).padStart(7)}  ${r.cls.toFixed(3).padStart(6)}   [${mine.map((m) => m.performance).join(', ')}]`,
      );
      if (r.performance < 90) misses.push(`${page}: performance ${r.performance} < 90`);
      const worstA11y = Math.min(...mine.map((m) => m.accessibility));
      if (worstA11y < 95)
        misses.push(`${page}: accessibility ${worstA11y} < 95 (${[...new Set(mine.flatMap((m) => m.failingA11y))].join(', ')})`);
    }
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(misses.length ? `Missed targets:\n  ${misses.join('\n  ')}` : 'All targets met (performance ≥ 90, accessibility ≥ 95).');
  if (misses.length) process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
