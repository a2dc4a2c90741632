/**
 * npm run bench:lighthouse — Lighthouse 12.2.3 (pinned) with its mobile
 * settings (emulated phone, simulated slow 4G and 4× CPU slowdown) on the
 * login, dashboard, schedule and Today pages of the production build, on the
 * demo firm, then on the schedule's time grid views (own week, team day, team
 * week) of the large firm (50 people, 10,000 clients, a full schedule) as its
 * owner, in Debian's Chromium. Prints the performance and accessibility
 * scores with the main timings; targets: performance ≥ 90, accessibility ≥ 95.
 * Scores vary from run to run (Lighthouse's own guidance: take the median of
 * several), so each page is measured LH_RUNS times (default 5, as Lighthouse's own variability guide advises) and the median
 * run by performance score is reported. Exits 1 when a page misses a target.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_USERS } from '../db/seed';
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
import { fail, root } from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3236);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const DEMO_PAGES = ['/login', '/dashboard', '/schedule', '/today'];
// The large firm's pages are named "large:<url>".
const LARGE_PAGES = SCHEDULE_VIEWS.map(([, url]) => `large:${url}`);
const ALL_PAGES = [...DEMO_PAGES, ...LARGE_PAGES];
// LH_PAGES=/schedule,/today measures only those pages (to look at one page closely); large:/schedule?who=team is the large firm's team week.
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

/** Runs Lighthouse RUNS times on each page (urls relative to base), in its own Chromium profile under dir. */
function lighthouseRuns(dir: string, base: string, pages: { url: string; cookie?: string }[]): Run[] {
  const profile = fs.mkdtempSync(path.join(dir, 'chrome-'));
  const input = {
    runs: RUNS,
    chrome: CHROME,
    flags: CHROME_FLAGS,
    userDataDir: profile,
    pages: pages.map((p) => ({ url: base + p.url, cookie: p.cookie })),
  };
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'lighthouse-run.mjs'), JSON.stringify(input)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 1_200_000,
  });
  if (run.status !== 0) throw new Error(`Lighthouse failed (exit ${run.status})`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Run);
}

/** Prints the median run of each page; returns the targets missed. */
function report(label: string, base: string, pages: string[], runs: Run[]): string[] {
  const misses: string[] = [];
  for (const page of pages) {
    const mine = runs.filter((r) => r.url === base + page);
    for (const r of mine) {
      if (r.runtimeError) throw new Error(`${page}: ${r.runtimeError}`);
      if (r.finalUrl !== r.url) throw new Error(`${page} ended on ${r.finalUrl} (not signed in?)`);
    }
    const sorted = [...mine].sort((a, b) => a.performance - b.performance);
    const r = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const name = `${label}${page}`;
    console.log(
      `${name.padEnd(36)}  ${String(r.performance).padStart(11)}  ${String(r.accessibility).padStart(13)}  ${String(r.fcp).padStart(7)}  ${String(r.lcp).padStart(7)}  ${String(r.tbt).padStart(7)}  ${r.cls.toFixed(3).padStart(6)}   [${mine.map((m) => m.performance).join(', ')}]`,
    );
    if (r.performance < 90) misses.push(`${name}: performance ${r.performance} < 90`);
    const worstA11y = Math.min(...mine.map((m) => m.accessibility));
    if (worstA11y < 95)
      misses.push(`${name}: accessibility ${worstA11y} < 95 (${[...new Set(mine.flatMap((m) => m.failingA11y))].join(', ')})`);
  }
  return misses;
}

/** The demo firm's pages, as a consultant (the dashboard, schedule and Today as the people on phones see them). */
async function demoFirm(pages: string[]): Promise<string[]> {
  const { dir, file } = demoDatabase('lighthouse');
  const { base, server } = await startServer(file, PORT);
  try {
    const marcus = DEMO_USERS.find((u) => u.role === 'consultant')!;
    const cookie = await signIn(base, marcus.email, marcus.password);
    const runs = lighthouseRuns(
      dir,
      base,
      pages.map((url) => ({ url, cookie: url === '/login' ? undefined : cookie })),
    );
    return report('', base, pages, runs);
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The large firm's schedule views, as its owner. */
async function largeFirm(pages: string[]): Promise<string[]> {
  const { dir, file } = largeScheduleDatabase('lighthouse-large');
  const { base, server } = await startServer(file, PORT);
  try {
    const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    const urls = pages.map((p) => p.slice('large:'.length));
    const runs = lighthouseRuns(
      dir,
      base,
      urls.map((url) => ({ url, cookie })),
    );
    return report('large:', base, urls, runs);
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(CHROME)) {
    console.error(`Chromium not found at ${CHROME} (apt-get install -y chromium, or set CHROME_PATH)`);
    process.exit(2);
  }
  buildIfStale();
  console.log(`Median of ${RUNS} run(s) per page (all runs' performance scores in brackets)`);
  console.log('page                                  performance  accessibility   FCP ms   LCP ms   TBT ms    CLS   runs');
  const demo = PAGES.filter((p) => DEMO_PAGES.includes(p));
  const large = PAGES.filter((p) => LARGE_PAGES.includes(p));
  const misses = [...(demo.length ? await demoFirm(demo) : []), ...(large.length ? await largeFirm(large) : [])];
  console.log(misses.length ? `Missed targets:\n  ${misses.join('\n  ')}` : 'All targets met (performance ≥ 90, accessibility ≥ 95).');
  if (misses.length) process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
