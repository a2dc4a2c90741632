/**
 * npm run bench:drag — how smooth dragging a booking is on the schedule's time grid, on the production build of the
 * large firm (50 people, 10,000 clients, a full schedule), at 1280 px in Chromium. For each of the team day (a
 * column per consultant) and the team week, a visit is picked up with the mouse and moved across the grid in
 * DRAG_MOVES small steps (one every ~16 ms, as a mouse reports them), then put back with Escape (nothing is stored).
 * Printed: the frames the page drew meanwhile (requestAnimationFrame deltas: median, p95, longest, frames over
 * 25 ms), the long tasks (over 50 ms) the browser reported, and how many React components rendered per pointer
 * move, how many of them were grid cards (a card's frame and drag handle) and what is on a card (its words and
 * buttons), out of all the cards on the page. The render count comes from
 * React's devtools hook, which scripts/react-render-counter.js installs in the page before React starts (the product
 * has no such code): every commit is walked, and a component counts when React performed work on it.
 * Figures, not a pass/fail test: frame times depend on the machine and what else it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright';
import { BENCH_OWNER, BENCH_PASSWORD, buildIfStale, largeScheduleDatabase, percentiles, signIn, startServer } from './bench-lib';
import { root } from './lib';

const PORT = Number(process.env.BENCH_PORT ?? 3237);
const MOVES = Number(process.env.DRAG_MOVES ?? 150);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

type Result = { frames: number[]; longTasks: number[]; stats: Record<string, number>; items: number; columns: number };

async function dragAcross(page: Page, url: string): Promise<Result> {
  await page.goto(url, { waitUntil: 'load' });
  const handle = page.getByTestId('move-handle').first();
  await handle.waitFor();
  await page.waitForTimeout(1000); // hydrated and settled
  await handle.scrollIntoViewIfNeeded();
  const box = (await handle.boundingBox())!;
  const x0 = box.x + box.width / 2;
  const y0 = box.y + Math.min(box.height / 2, 10);
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const s = w.__renderStats as Record<string, number>;
    for (const k of Object.keys(s)) s[k] = 0;
    const frames: number[] = [];
    const longTasks: number[] = [];
    w.__frames = frames;
    w.__longTasks = longTasks;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      frames.push(t - last);
      last = t;
      if (w.__frames === frames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 8, y0 + 8, { steps: 2 }); // past the 6 px that starts a drag
  await page.getByTestId('allowed-slot').first().waitFor({ state: 'attached' });
  const before = await page.evaluate(() => ({ ...((window as unknown as Record<string, unknown>).__renderStats as object) }));
  const viewport = page.viewportSize()!;
  const span = Math.max(200, viewport.width - x0 - 60);
  for (let i = 1; i <= MOVES; i++) {
    // Right across the columns and down and up a couple of hours, as a dispatcher looks for a slot.
    const x = x0 + 8 + (span * i) / MOVES;
    const y = y0 + 8 + 120 * Math.sin((i / MOVES) * Math.PI * 2);
    await page.mouse.move(x, y);
    await page.waitForTimeout(16);
  }
  const result = await page.evaluate(
    (before) => {
      const w = window as unknown as Record<string, unknown>;
      const frames = w.__frames as number[];
      w.__frames = null;
      const s = w.__renderStats as Record<string, number>;
      const stats: Record<string, number> = {};
      for (const k of Object.keys(s)) stats[k] = k === 'maxItemsInCommit' ? s[k]! : s[k]! - (before as Record<string, number>)[k]!;
      return {
        frames: frames.slice(1),
        longTasks: w.__longTasks as number[],
        stats,
        items: document.querySelectorAll('[data-testid="week-item"]').length,
        columns: document.querySelectorAll('li[data-date]').length,
      };
    },
    before as Record<string, number>,
  );
  await page.keyboard.press('Escape');
  await page.mouse.up();
  return result;
}

function print(name: string, r: Result) {
  const f = percentiles(r.frames);
  const slow = r.frames.filter((d) => d > 25).length;
  const per = (n: number) => (n / MOVES).toFixed(1);
  console.log(
    `${name.padEnd(10)} ${String(r.columns).padStart(7)} ${String(r.items).padStart(6)} ${String(r.frames.length).padStart(7)} ${f.median.toFixed(1).padStart(7)} ${f.p95.toFixed(1).padStart(7)} ${Math.max(
      ...r.frames,
    )
      .toFixed(1)
      .padStart(
        7,
      )} ${String(slow).padStart(7)} ${String(r.longTasks.length).padStart(11)} ${per(r.stats.rendered!).padStart(13)} ${per(r.stats.items!).padStart(11)} ${per(r.stats.contents!).padStart(14)} ${String(r.stats.maxItemsInCommit).padStart(17)}`,
  );
}

async function main() {
  buildIfStale();
  const { dir, file } = largeScheduleDatabase('drag');
  const { base, server } = await startServer(file, PORT);
  const browser = await chromium.launch({
    executablePath: fs.existsSync(CHROME) ? CHROME : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const cookie = await signIn(base, BENCH_OWNER, BENCH_PASSWORD);
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, url: base }]);
    // tsx keeps function names with a __name(fn) helper, which the functions handed to page.evaluate carry along.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    await context.addInitScript({ path: path.join(root, 'scripts', 'react-render-counter.js') });
    const page = await context.newPage();
    console.log(`Dragging a visit across the grid in ${MOVES} pointer moves, 1280 × 900 px (frame times in ms)`);
    console.log(
      'view       columns  items  frames  median     p95 longest  >25 ms  long tasks  renders/move  cards/move  contents/move  max cards/commit',
    );
    print('team day', await dragAcross(page, `${base}/schedule?view=day&who=team`));
    print('team week', await dragAcross(page, `${base}/schedule?who=team`));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
