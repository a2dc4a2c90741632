import { COMPILE_HINT } from '../scripts/compile-hints';
import { createFirm, expect, login, test } from './fixtures';

/**
 * The build marks the scripts pages start with for eager compilation off the
 * main thread (scripts/compile-hints.ts); a build path that skipped that step
 * would leave phones compiling React function by function while hydrating.
 */
test('every script a page starts with carries V8’s compile hint', async ({ page }) => {
  const firm = createFirm('Hints');
  const scripts = new Map<string, Promise<string>>();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && new URL(r.url()).pathname.startsWith('/_next/static/'))
      scripts.set(new URL(r.url()).pathname, r.text());
  });
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  await login(page, firm.consultant);
  for (const path of ['/dashboard', '/schedule', '/today']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(scripts.size).toBeGreaterThanOrEqual(6);
  for (const [path, body] of scripts) expect((await body).startsWith(`${COMPILE_HINT}\n`), path).toBe(true);
});
