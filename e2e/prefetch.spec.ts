import type { Request } from '@playwright/test';
import { addClient, addVisit, createFirm, expect, login, test } from './fixtures';

/**
 * Signed-in pages are dynamic and per user: a link prefetch is a full server
 * render and a payload the phone parses while the page is starting (the
 * schedule used to fire eleven). Links (components/ui/link.tsx) prefetch
 * nothing; a click still navigates inside the app.
 */
test('pages prefetch no other page; a click still navigates without a full reload', async ({ page }) => {
  const firm = createFirm('Prefetch');
  const clientId = addClient(firm.id, { name: 'Prefetch Plumbing', seats: 3 });
  addVisit(firm.id, clientId, firm.consultant.id, Date.now() + 60 * 60_000, 60);
  await login(page, firm.consultant);

  const routerFetches: string[] = [];
  const record = (r: Request) => {
    if (r.url().includes('_rsc=') || r.headers()['next-router-prefetch']) routerFetches.push(r.url());
  };
  page.on('request', record);
  for (const path of ['/dashboard', '/schedule', '/today', '/clients', '/timesheets']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    // Next.js prefetches visible links when the browser is idle after hydration; give it that moment.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 500))));
    expect(routerFetches, `router fetches on ${path}`).toEqual([]);
  }

  // In-app navigation still works: one router fetch for the page clicked, no document load.
  let documents = 0;
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents += 1;
  });
  await page.getByRole('navigation', { name: 'Main' }).filter({ visible: true }).getByRole('link', { name: 'Schedule' }).click();
  await expect(page).toHaveURL(/\/schedule$/);
  await expect(page.getByRole('heading', { name: 'Schedule', level: 1 })).toBeVisible();
  expect(documents).toBe(0);
  expect(routerFetches.length).toBeGreaterThanOrEqual(1);
});
