import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { request as playwrightRequest } from '@playwright/test';
import * as schema from '../db/schema';
import { addClient, addVisit, apiLogin, count, createFirm, expect, login, logout, test, testDb, visitRow } from './fixtures';

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3210}`;
const onPhoneOnly = (name: string) => test.skip(name !== 'phone', 'a phone flow; runs on the phone project');
const onDesktopOnly = (name: string) => test.skip(name !== 'desktop', 'an HTTP-level test; runs once');

function firmWithVisit() {
  const firm = createFirm('Field');
  const clientId = addClient(firm.id, { name: 'Corner Bakery', seats: 3, hourlyRateCents: 9_000 });
  const visitId = addVisit(firm.id, clientId, firm.consultant.id, Date.now() - 5 * 60_000, 60);
  return { firm, clientId, visitId };
}

test('on a phone: check in, check out with a summary, see the entry on the timesheet and the hours on the dashboard', async ({
  page,
}, info) => {
  onPhoneOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await login(page, firm.consultant);
  await page.goto('/today');
  const card = page.getByTestId('today-visit');
  await expect(card).toContainText('Corner Bakery');
  await expect(card.getByRole('link', { name: /Call|Maps/ })).toHaveCount(0); // no phone or address on file: no dead links
  // Times are on the firm's clock (New York), not the phone's (this browser runs in the machine's zone, UTC here).
  const onFirmClock = (t: number) => DateTime.fromMillis(t, { zone: 'America/New_York' }).toFormat('HH:mm');
  const planned = visitRow(visitId);
  await expect(card).toContainText(`${onFirmClock(planned.startsAt!)}–${onFirmClock(planned.endsAt!)}`);
  await card.getByRole('button', { name: 'Check in' }).click();
  await expect(card.getByTestId('visit-status')).toContainText('Checked in');
  await expect(page.getByTestId('queue-status')).toBeEmpty();
  expect(visitRow(visitId).status).toBe('checked_in');
  await expect(card.getByTestId('visit-status')).toHaveText(`Checked in ${onFirmClock(visitRow(visitId).checkedInAt!)}`);

  await card.getByRole('button', { name: 'Check out…' }).click();
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByText('Write a short summary of the work.')).toBeVisible();
  await card.getByLabel('Work summary').fill('Replaced the toner, cleaned the rollers');
  await expect(card.getByLabel('Billable minutes')).toHaveValue('15'); // rounded up to the firm's 15-minute increment
  await card.getByLabel('Billable minutes').fill('60');
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByTestId('visit-status')).toContainText('Done');
  await expect(page.getByTestId('queue-status')).toBeEmpty(); // acknowledged by the server
  const v = visitRow(visitId);
  expect(v.status).toBe('done');
  expect(count('select count(*) as n from time_entries where visit_id = ? and minutes = 60 and category = ?', visitId, 'micro')).toBe(1);

  await page.goto('/timesheets');
  await expect(page.getByTestId('entry')).toContainText('Corner Bakery');
  await expect(page.getByTestId('entry')).toContainText('from check-out');
  await expect(page.getByTestId('total-micro')).toContainText('1 h');
  await page.goto('/dashboard');
  await expect(page.getByTestId('stat-client-hours')).toContainText('1 h');

  // Marketing time logged by hand from the phone feeds the marketing figure.
  await page.goto('/timesheets');
  await page.getByLabel('Kind of time').selectOption('marketing');
  await page.getByLabel('How long').fill('1.5');
  await page.getByLabel('What').fill('Follow-up calls');
  await page.getByRole('button', { name: 'Log time' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Logged 1.5 h on \w{3} \w{3} \d+\.$/);
  await expect(page.getByTestId('total-marketing')).toContainText('1.5 h');
  await page.goto('/dashboard');
  await expect(page.getByTestId('stat-marketing')).toContainText('1.5 h of 8 h');
  const csv = await page.request.get(
    `/timesheets/export?from=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`,
  );
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toContain('Corner Bakery');
  expect(text).toContain('Follow-up calls');

  // An unplanned call-out starts and checks in on the spot.
  await page.goto('/today');
  await page.getByText('Start unplanned work (a call-out)').click();
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Corner Bakery' });
  await page.getByLabel('What is wrong (optional)').fill('Server beeping');
  await page.getByRole('button', { name: 'Start and check in' }).click();
  // The queue is filled asynchronously: an empty status right after the click proves nothing, so wait for the database.
  await expect
    .poll(() => count('select count(*) as n from visits where firm_id = ? and unplanned = 1 and status = ?', firm.id, 'checked_in'))
    .toBe(1);
  await expect(page.getByTestId('queue-status')).toBeEmpty();
  await expect(page.getByTestId('today-visit').filter({ hasText: 'Server beeping' }).getByTestId('visit-status')).toContainText(
    'Checked in',
  );
});

test('a call-out card tells the truth at once: the client’s real tier and contact, and the day counts it — no reload', async ({ page }) => {
  const firm = createFirm('Callout');
  const bakery = addClient(firm.id, { name: 'Corner Bakery', seats: 3 });
  const harbor = addClient(firm.id, { name: 'Harbor Holdings', seats: 60, hasServer: true, hourlyRateCents: 15_000 });
  testDb()
    .update(schema.clients)
    .set({
      tier: 'large',
      tierOverride: 'large',
      tierOverrideReason: 'sixty seats',
      contactName: 'Hana Harbor',
      phone: '+1 312 555 0100',
      address: '1 Harbor Way, Chicago',
    })
    .where(eq(schema.clients.id, harbor))
    .run();
  // A planned visit at the very start of the firm's day, so it is today whenever this runs (and nothing is checked in).
  addVisit(firm.id, bakery, firm.consultant.id, DateTime.now().setZone('America/New_York').startOf('day').toMillis(), 1);
  await login(page, firm.consultant);
  await page.goto('/today');
  await expect(page.getByText(/· 1 visit$/)).toBeVisible();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  await page.getByText('Start unplanned work (a call-out)').click();
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Harbor Holdings' });
  await page.getByRole('button', { name: 'Start and check in' }).click();
  const card = page.getByTestId('today-visit').filter({ hasText: 'Harbor Holdings' });
  const shown = async () => {
    await expect(card.locator('[data-tier]')).toHaveAttribute('data-tier', 'large');
    await expect(card.locator('[data-tier]')).toHaveText('Large');
    await expect(card).toContainText('Hana Harbor');
    await expect(card.getByRole('link', { name: 'Call +1 312 555 0100' })).toHaveAttribute('href', 'tel:+13125550100');
    await expect(card.getByRole('link', { name: '1 Harbor Way, Chicago' })).toBeVisible();
    await expect(page.getByText(/· 2 visits$/)).toBeVisible();
  };
  await shown(); // as the phone shows it before the server answers
  await expect
    .poll(() => count('select count(*) as n from visits where firm_id = ? and unplanned = 1 and client_id = ?', firm.id, harbor))
    .toBe(1);
  await expect(page.getByTestId('queue-status')).toBeEmpty();
  await shown(); // and once the server has answered
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('Today shows each client’s tier as it is now, even when nobody has opened the dashboard or client list since it changed', async ({
  page,
}) => {
  const firm = createFirm('Fresh Tiers');
  // Stored as micro (as an old computation left it); 120 seats make it large, and the firm's tiers are stale.
  const harbor = addClient(firm.id, { name: 'Harbor Holdings', seats: 120, hasServer: true });
  addVisit(firm.id, harbor, firm.consultant.id, DateTime.now().setZone('America/New_York').startOf('day').toMillis(), 1);
  await apiLogin(page.request, firm.consultant); // signed in without landing on a page that would compute the tiers
  await page.goto('/today');
  const card = page.getByTestId('today-visit').filter({ hasText: 'Harbor Holdings' });
  await expect(card.locator('[data-tier]')).toHaveAttribute('data-tier', 'large');
  expect(count('select count(*) as n from tier_changes where client_id = ? and to_tier = ?', harbor, 'large')).toBe(1);
});

test('finished visits and call-outs show what happened (checked in → out), not their planned slot', async ({ page }) => {
  const firm = createFirm('Happened');
  const clientId = addClient(firm.id, { name: 'Corner Bakery', seats: 3 });
  const day = DateTime.now().setZone('America/New_York').startOf('day');
  const t = (minutes: number) => day.plus({ minutes }).toMillis();
  const hhmm = (minutes: number) => day.plus({ minutes }).toFormat('HH:mm');
  const done = (id: number, inAt: number, outAt: number, unplanned: boolean) =>
    testDb()
      .update(schema.visits)
      .set({ status: 'done', checkedInAt: t(inAt), checkedOutAt: t(outAt), unplanned, summary: 'Fixed' })
      .where(eq(schema.visits.id, id))
      .run();
  // Four 2-minute call-outs: each stored with the nominal hour a call-out gets when it starts.
  const callouts = [1, 4, 7, 10].map((m) => {
    const id = addVisit(firm.id, clientId, firm.consultant.id, t(m), 60);
    done(id, m, m + 2, true);
    return id;
  });
  // A planned visit 00:30–01:30, worked 00:35–01:05.
  const planned = addVisit(firm.id, clientId, firm.consultant.id, t(30), 60);
  done(planned, 35, 65, false);

  await login(page, firm.consultant);
  await page.goto('/today');
  for (const [i, id] of callouts.entries()) {
    const m = [1, 4, 7, 10][i]!;
    const card = page.locator(`[data-testid="today-visit"][data-visit-id="${id}"]`);
    await expect(card.getByTestId('visit-times')).toHaveText(`${hhmm(m)}–${hhmm(m + 2)}`);
    await expect(card).toContainText('Call-out');
    await expect(card).not.toContainText(hhmm(m + 60));
  }
  const card = page.locator(`[data-testid="today-visit"][data-visit-id="${planned}"]`);
  await expect(card.getByTestId('visit-times')).toHaveText(`${hhmm(35)}–${hhmm(65)}`);
  await expect(card).toContainText(`planned ${hhmm(30)}–${hhmm(90)}`);
  // In the order they happened.
  await expect(page.getByTestId('today-visit').first()).toHaveAttribute('data-visit-id', String(callouts[0]));
});

test('offline on a phone: check-in and check-out wait on the phone, then are saved once with the times they happened', async ({
  page,
  context,
}, info) => {
  onPhoneOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await login(page, firm.consultant);
  await page.goto('/today');
  const card = page.getByTestId('today-visit');
  await context.setOffline(true);
  const t0 = Date.now();
  await card.getByRole('button', { name: 'Check in' }).click();
  const t1 = Date.now();
  await expect(card.getByTestId('pending')).toBeVisible();
  await expect(page.getByTestId('queue-status')).toContainText('Offline: 1 action');
  await page.waitForTimeout(1500);
  await card.getByRole('button', { name: 'Check out…' }).click();
  await card.getByLabel('Work summary').fill('Fixed offline');
  const t2 = Date.now();
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  const t3 = Date.now();
  await expect(page.getByTestId('queue-status')).toContainText('Offline: 2 actions');
  expect(visitRow(visitId).status).toBe('scheduled');
  await page.waitForTimeout(1500);

  const online = Date.now();
  await context.setOffline(false);
  await expect(page.getByTestId('queue-status')).toBeEmpty({ timeout: 15_000 });
  await expect(card.getByTestId('visit-status')).toContainText('Done');
  const v = visitRow(visitId);
  expect(v.status).toBe('done');
  expect(v.checkedInAt).toBeGreaterThanOrEqual(t0);
  expect(v.checkedInAt).toBeLessThanOrEqual(t1);
  expect(v.checkedOutAt).toBeGreaterThanOrEqual(t2);
  expect(v.checkedOutAt).toBeLessThanOrEqual(t3);
  expect(v.checkedOutAt!).toBeLessThan(online);
  expect(count('select count(*) as n from time_entries where visit_id = ?', visitId)).toBe(1);
  expect(count('select count(*) as n from client_ops where visit_id = ?', visitId)).toBe(2);
});

/** The nonce of the Today page stored on the phone: each render has its own, so it tells the copy from a fresh page. */
const storedTodayNonce = (page: import('@playwright/test').Page) =>
  page.evaluate(async () => {
    const copy = await caches.match('/today');
    return copy ? (/nonce="([^"]+)"/.exec(await copy.text())?.[1] ?? null) : null;
  });

test('installed Today opens without a connection: reloaded offline it shows the day from the phone, and a check-in made there lands once', async ({
  page,
  context,
}, info) => {
  onPhoneOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await login(page, firm.consultant);
  await page.goto('/today');
  await expect(page.getByTestId('offline-ready')).toHaveText('This page also opens on this device without a connection.', {
    timeout: 20_000,
  });
  // The worker writes the copy of a page it served a moment after serving it: wait for a copy to be there.
  await expect.poll(() => storedTodayNonce(page)).toBeTruthy();

  await context.setOffline(true);
  const reloaded = await page.reload();
  // Served by the service worker from the stored copy, not rendered again (each render has its own nonce), and really offline.
  expect(reloaded?.fromServiceWorker()).toBe(true);
  const shown = await page.evaluate(() => (document.querySelector('script[nonce]') as HTMLScriptElement | null)?.nonce);
  expect(shown).toBeTruthy();
  expect(shown).toBe(await storedTodayNonce(page));
  expect(
    await page.evaluate(() =>
      fetch('/api/health').then(
        () => 'reached',
        () => 'unreachable',
      ),
    ),
  ).toBe('unreachable');
  const card = page.getByTestId('today-visit');
  await expect(card).toContainText('Corner Bakery');
  await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
  await expect(page.getByTestId('offline-ready')).toBeVisible();

  // The page is live (hydrated from stored build files): the offline queue takes the tap.
  await card.getByRole('button', { name: 'Check in' }).click();
  await expect(card.getByTestId('visit-status')).toContainText('Checked in');
  await expect(page.getByTestId('queue-status')).toContainText('Offline: 1 action');
  expect(visitRow(visitId).status).toBe('scheduled');

  await context.setOffline(false);
  await expect(page.getByTestId('queue-status')).toBeEmpty({ timeout: 15_000 });
  expect(visitRow(visitId).status).toBe('checked_in');
  expect(count('select count(*) as n from client_ops where visit_id = ?', visitId)).toBe(1);
  // Online again, Today is the server's page once more, with the check-in it recorded.
  await page.reload();
  await expect(card.getByTestId('visit-status')).toContainText('Checked in');
  await expect.poll(() => storedTodayNonce(page)).not.toBe(shown);
  expect(count('select count(*) as n from client_ops where visit_id = ?', visitId)).toBe(1);
  // Reached inside the app (a client-side navigation asks for data, not the page), Today still refreshes its stored copy.
  const fresh = await storedTodayNonce(page);
  await page.goto('/dashboard');
  await page.getByRole('link', { name: /Today/ }).first().click();
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await expect.poll(() => storedTodayNonce(page)).not.toBe(fresh);
});

test('after sign-out the stored Today is gone: offline, the next person does not see the last one’s day', async ({
  page,
  context,
}, info) => {
  onPhoneOnly(info.project.name);
  const { firm } = firmWithVisit();
  await login(page, firm.consultant);
  await page.goto('/today');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => storedTodayNonce(page)).toBeTruthy();

  await logout(page);
  await expect.poll(() => storedTodayNonce(page)).toBeNull();
  await context.setOffline(true);
  await page.goto('/today').catch(() => null); // no copy and no connection: the browser's own error page
  await expect(page.getByText('Corner Bakery')).toHaveCount(0);
});

test('the web app manifest makes Today installable: start page, standalone, icons that load', async ({ page, request }, info) => {
  onDesktopOnly(info.project.name);
  const firm = createFirm('Manifest');
  await login(page, firm.consultant);
  await page.goto('/today');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  const manifest = (await res.json()) as {
    start_url: string;
    display: string;
    name: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ start_url: '/today', display: 'standalone', name: 'Sweetspot Today', theme_color: '#166534' });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of manifest.icons) {
    const png = await request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    expect(png.headers()['content-type'], icon.src).toBe('image/png');
    const body = await png.body();
    // The PNG's own header says its size: width and height at bytes 16–23.
    expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  // The worker's script is served as JavaScript under a policy that lets it reach this site only.
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['content-type']).toContain('javascript');
  expect(sw.headers()['content-security-policy']).toContain("default-src 'self'");
});

test('forgot to check out: the real end time, typed on the firm’s clock, is what is saved', async ({ page }, info) => {
  onPhoneOnly(info.project.name);
  // The same at any hour of the run: the phone's clock is frozen at 23:00 yesterday on the firm's clock, when the
  // consultant remembers an evening job (planned 21:00–01:00, so it is still on the server's today) that they finished
  // at 22:00 without checking out. The server keeps its real clock: the end is in the past for it too.
  const midnight = DateTime.now().setZone('America/New_York').startOf('day');
  const phoneNow = midnight.minus({ hours: 1 });
  const firm = createFirm('Field');
  const clientId = addClient(firm.id, { name: 'Corner Bakery', seats: 3, hourlyRateCents: 9_000 });
  const visitId = addVisit(firm.id, clientId, firm.consultant.id, midnight.minus({ hours: 3 }).toMillis(), 240);
  const checkedInAt = phoneNow.minus({ minutes: 118 }).toMillis();
  testDb().update(schema.visits).set({ status: 'checked_in', checkedInAt }).where(eqId(visitId)).run();
  await login(page, firm.consultant);
  await page.clock.setFixedTime(phoneNow.toMillis());
  await page.goto('/today');
  const card = page.getByTestId('today-visit');
  await card.getByRole('button', { name: 'Check out…' }).click();
  await expect(card.getByLabel('Finished at')).toHaveValue('23:00'); // the phone's now, on the firm's clock
  await card.getByLabel('Work summary').fill('Left without checking out');
  // A time after now is refused next to the field, not quietly replaced by now.
  await card.getByLabel('Finished at').fill('23:30');
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByText('The end can’t be later than now (23:00).')).toBeVisible();
  await page.screenshot({ path: info.outputPath('checkout-future.png'), fullPage: true });
  expect(visitRow(visitId).status).toBe('checked_in');
  await card.getByLabel('Finished at').fill('22:00');
  await expect(card.getByLabel('Billable minutes')).toHaveValue('60'); // 58 minutes on site, rounded up to 15
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByTestId('visit-status')).toContainText('Done 22:00');
  // Queued asynchronously: wait for the server to have it rather than for an empty queue status, which is also empty before the queue fills.
  await expect.poll(() => visitRow(visitId).checkedOutAt).toBe(midnight.minus({ hours: 2 }).toMillis());
  await expect(page.getByTestId('queue-status')).toBeEmpty();
});

test('a conflict is shown, not dropped: the office cancelled the visit while the phone was offline', async ({ page, context }, info) => {
  onPhoneOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await login(page, firm.consultant);
  await page.goto('/today');
  await context.setOffline(true);
  await page.getByTestId('today-visit').getByRole('button', { name: 'Check in' }).click();
  testDb().update(schema.visits).set({ status: 'cancelled' }).where(eqId(visitId)).run();
  await context.setOffline(false);
  await expect(page.getByRole('alert').filter({ hasText: 'cancelled by the office' })).toBeVisible({ timeout: 15_000 });
  expect(visitRow(visitId)).toMatchObject({ status: 'cancelled', checkedInAt: null });
});

test.describe('sending the queue', () => {
  // The page's own sends are what this test routes: a service worker that has taken control would send them itself,
  // out of the route's sight (whether it has by the click is a race), so it is kept out here.
  test.use({ serviceWorkers: 'block' });

  test('the connection coming back while a send is still failing sends the queue at once, not on the next periodic retry', async ({
    page,
  }, info) => {
    onPhoneOnly(info.project.name);
    const { firm, visitId } = firmWithVisit();
    await login(page, firm.consultant);
    await page.goto('/today');
    // The first send hangs until the browser has been told it is online again, then fails as a lost connection would.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let calls = 0;
    await page.route('**/api/field', async (route) => {
      calls += 1;
      if (calls === 1) {
        await released;
        await route.abort('internetdisconnected');
      } else {
        await route.continue();
      }
    });
    await page.getByTestId('today-visit').getByRole('button', { name: 'Check in' }).click();
    await expect.poll(() => calls).toBe(1);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    release();
    // The periodic retry is 20 s away; the queue must go well before it.
    await expect.poll(() => visitRow(visitId).status, { timeout: 8_000 }).toBe('checked_in');
    await expect(page.getByTestId('queue-status')).toBeEmpty();
    expect(calls).toBe(2);
  });
});

test('the same check-in sent 5 times at once makes one record; a foreign origin is refused', async ({ page }, info) => {
  onDesktopOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await apiLogin(page.request, firm.consultant);
  const op = { type: 'check_in', opId: randomUUID(), visitId, at: Date.now() - 1000 };
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => page.request.post('/api/field', { data: op, headers: { Origin: BASE } })),
  );
  const bodies = await Promise.all(answers.map((r) => r.text()));
  expect(answers.map((r) => r.status())).toEqual([200, 200, 200, 200, 200]);
  expect(new Set(bodies).size).toBe(1);
  expect(count('select count(*) as n from client_ops where op_id = ?', op.opId)).toBe(1);
  expect(visitRow(visitId).checkedInAt).toBe(op.at);

  const foreign = await page.request.post('/api/field', {
    data: { ...op, type: 'check_out', opId: randomUUID(), summary: 'x', billableMinutes: 15, at: Date.now() },
    headers: { Origin: 'https://evil.example' },
  });
  expect(foreign.status()).toBe(403);
  expect(visitRow(visitId).status).toBe('checked_in');
});

test('concurrent phones: 10 consultants × 5 check-in/check-out pairs, every acknowledged action in the database exactly once', async ({}, info) => {
  onDesktopOnly(info.project.name);
  test.setTimeout(120_000);
  const firm = createFirm('Busy');
  const clientId = addClient(firm.id, { name: 'Shared Client', seats: 3 });
  const d = testDb();
  const users = Array.from({ length: 10 }, (_, i) => {
    const email = `busy-${i}-${randomUUID().slice(0, 6)}@e2e.example`;
    const row = d
      .insert(schema.users)
      .values({
        firmId: firm.id,
        name: `Busy ${i}`,
        email,
        role: 'consultant',
        passwordHash: d.select().from(schema.users).where(eqUser(firm.consultant.id)).get()!.passwordHash,
      })
      .returning()
      .get();
    return { id: row.id, email, password: firm.consultant.password };
  });
  let acknowledged = 0;
  await Promise.all(
    users.map(async (u, i) => {
      const ctx = await playwrightRequest.newContext({ baseURL: BASE });
      await apiLogin(ctx, u);
      for (let k = 0; k < 5; k++) {
        const visitId = addVisit(firm.id, clientId, u.id, Date.now() - (k + 2) * 3_600_000, 30);
        const t = Date.now() - (k + 2) * 3_600_000;
        for (const op of [
          { type: 'check_in', opId: randomUUID(), visitId, at: t },
          { type: 'check_out', opId: randomUUID(), visitId, at: t + 30 * 60_000, summary: `pair ${i}/${k}`, billableMinutes: 30 },
        ]) {
          const res = await ctx.post('/api/field', { data: op, headers: { Origin: BASE } });
          expect(res.status(), await res.text()).toBe(200);
          acknowledged++;
        }
      }
      await ctx.dispose();
    }),
  );
  const ids = users.map((u) => u.id).join(',');
  expect(count(`select count(*) as n from client_ops where user_id in (${ids})`)).toBe(acknowledged);
  expect(count(`select count(*) as n from visits where user_id in (${ids}) and status = 'done'`)).toBe(50);
  expect(count(`select count(*) as n from time_entries where user_id in (${ids})`)).toBe(50);
});

test.describe('one open check-in per person', () => {
  const onFirmClock = (t: number) => DateTime.fromMillis(t, { zone: 'America/New_York' });
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /**
   * The refusal names the check-in time, with its day when the check-in is not on today's date. A check-in
   * made a minute before midnight on the firm's clock may be refused after it: then either wording is right.
   */
  function elsewhere(checkedInAt: number): RegExp {
    const at = onFirmClock(checkedInAt);
    const message = (since: string) => `You are checked in at Elm Street Insurance since ${since} — check out first.`;
    const sameDay = escaped(message(at.toFormat('HH:mm')));
    const nextDay = escaped(message(at.toFormat('ccc LLL d, HH:mm')));
    const testEnds = onFirmClock(Date.now() + 5 * 60_000);
    return new RegExp(`^(${at.hasSame(testEnds, 'day') ? sameDay : `${sameDay}|${nextDay}`})$`);
  }
  function firmWithTwoVisits() {
    const firm = createFirm('Twice');
    const elm = addClient(firm.id, { name: 'Elm Street Insurance', seats: 12, hasServer: true });
    const jackson = addClient(firm.id, { name: 'Jackson Realty', seats: 4 });
    // Both started in the last 20 minutes, so both are on today's list at any hour.
    return {
      firm,
      elmVisit: addVisit(firm.id, elm, firm.consultant.id, Date.now() - 20 * 60_000, 60),
      jacksonVisit: addVisit(firm.id, jackson, firm.consultant.id, Date.now() - 10 * 60_000, 60),
    };
  }
  const openCheckIns = (userId: number) => count("select count(*) as n from visits where user_id = ? and status = 'checked_in'", userId);

  test('checked in at one visit, a check-in at another is refused next to its card, by the server and by the phone itself', async ({
    page,
  }) => {
    const { firm, elmVisit, jacksonVisit } = firmWithTwoVisits();
    await login(page, firm.consultant);
    await page.goto('/today');
    // By id: the refusal on Jackson Realty's card names Elm Street Insurance too.
    const elmCard = page.locator(`[data-testid="today-visit"][data-visit-id="${elmVisit}"]`);
    const jacksonCard = page.locator(`[data-testid="today-visit"][data-visit-id="${jacksonVisit}"]`);
    await expect(jacksonCard.getByRole('heading')).toHaveText('Jackson Realty');
    await expect(jacksonCard.getByRole('button', { name: 'Check in' })).toBeVisible();

    // Checked in at Elm Street from another device: this page does not know, the server refuses.
    const other = await page.request.post('/api/field', {
      data: { type: 'check_in', opId: randomUUID(), visitId: elmVisit, at: Date.now() - 60_000 },
      headers: { Origin: BASE },
    });
    expect(other.status()).toBe(200);
    const message = elsewhere(visitRow(elmVisit).checkedInAt!);
    await jacksonCard.getByRole('button', { name: 'Check in' }).click();
    await expect(jacksonCard.getByRole('alert')).toHaveText(message);
    await expect(jacksonCard.getByTestId('visit-status')).toHaveText('Scheduled'); // the check-in shown at the tap is undone
    await expect(page.getByTestId('queue-status')).toBeEmpty();
    await expect(jacksonCard.getByRole('button', { name: 'Check in' })).toHaveAccessibleDescription(message);
    expect(visitRow(jacksonVisit)).toMatchObject({ status: 'scheduled', checkedInAt: null });
    expect(openCheckIns(firm.consultant.id)).toBe(1);

    // The page knows now (after a reload): the phone refuses at once, without asking the server.
    await page.reload();
    await expect(elmCard.getByTestId('visit-status')).toContainText('Checked in');
    let sent = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/field')) sent++;
    });
    await jacksonCard.getByRole('button', { name: 'Check in' }).click();
    await expect(jacksonCard.getByRole('alert')).toHaveText(message);
    await expect(jacksonCard.getByTestId('visit-status')).toHaveText('Scheduled');
    await expect(jacksonCard.getByTestId('pending')).toHaveCount(0);
    await expect(elmCard.getByRole('alert')).toHaveCount(0);
    expect(sent).toBe(0);
    expect(openCheckIns(firm.consultant.id)).toBe(1);

    // Checked out of Elm Street, the check-in at Jackson Realty is taken and the message goes.
    await elmCard.getByRole('button', { name: 'Check out…' }).click();
    await elmCard.getByLabel('Work summary').fill('Backups checked');
    await elmCard.getByRole('button', { name: 'Check out', exact: true }).click();
    await jacksonCard.getByRole('button', { name: 'Check in' }).click();
    await expect(jacksonCard.getByRole('alert')).toHaveCount(0);
    await expect.poll(() => visitRow(jacksonVisit).status).toBe('checked_in');
    expect(visitRow(elmVisit).status).toBe('done');
    expect(openCheckIns(firm.consultant.id)).toBe(1);
  });

  test('two check-ins for different visits sent at once: exactly one is taken, the other answered with its reason code', async ({
    page,
  }, info) => {
    onDesktopOnly(info.project.name);
    const { firm, elmVisit, jacksonVisit } = firmWithTwoVisits();
    await apiLogin(page.request, firm.consultant);
    const answers = await Promise.all(
      [elmVisit, jacksonVisit].map((visitId) =>
        page.request.post('/api/field', {
          data: { type: 'check_in', opId: randomUUID(), visitId, at: Date.now() - 1000 },
          headers: { Origin: BASE },
        }),
      ),
    );
    expect(answers.map((r) => r.status()).sort()).toEqual([200, 409]);
    const refused = (await answers.find((r) => r.status() === 409)!.json()) as { code: string; message: string };
    expect(refused.code).toBe('checked_in_elsewhere');
    expect(refused.message).toMatch(/^You are checked in at (Elm Street Insurance|Jackson Realty) since \d\d:\d\d — check out first\.$/);
    expect(openCheckIns(firm.consultant.id)).toBe(1);
  });
});

test.describe('location', () => {
  test.use({ geolocation: { latitude: 41.8781, longitude: -87.6298, accuracy: 20 }, permissions: ['geolocation'] });

  test('is never recorded for a user who did not opt in, and is once they do', async ({ page }, info) => {
    onPhoneOnly(info.project.name);
    const { firm, visitId } = firmWithVisit();
    await login(page, firm.consultant);
    await page.goto('/today');
    await expect(page.getByText('Location at check-in and check-out is not recorded for you')).toBeVisible();
    const card = page.getByTestId('today-visit');
    await card.getByRole('button', { name: 'Check in' }).click();
    await expect(card.getByTestId('visit-status')).toContainText('Checked in');
    await expect(page.getByTestId('queue-status')).toBeEmpty();
    expect(visitRow(visitId)).toMatchObject({ checkInLat: null, checkInLng: null, checkInAccuracyM: null });

    await page.goto('/settings/profile');
    await page.getByLabel(/Record my phone’s location/).check();
    await page.getByRole('button', { name: 'Save location choice' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'will be recorded' })).toBeVisible();
    await page.goto('/today');
    await card.getByRole('button', { name: 'Check out…' }).click();
    await card.getByLabel('Work summary').fill('With location');
    await card.getByRole('button', { name: 'Check out', exact: true }).click();
    await expect(card.getByTestId('visit-status')).toContainText('Done');
    await expect(page.getByTestId('queue-status')).toBeEmpty();
    expect(visitRow(visitId)).toMatchObject({ checkInLat: null, checkOutLat: 41.8781, checkOutLng: -87.6298, checkOutAccuracyM: 20 });
  });
});

function eqId(id: number) {
  return eq(schema.visits.id, id);
}
function eqUser(id: number) {
  return eq(schema.users.id, id);
}

test('an Origin that is not a URL (null from a sandboxed frame or a file, or garbage) is refused as cross-site, not a server error', async ({
  page,
}, info) => {
  onDesktopOnly(info.project.name);
  const { firm, visitId } = firmWithVisit();
  await apiLogin(page.request, firm.consultant);
  for (const origin of ['null', 'not a url', 'http://', '://localhost', 'http://[::1']) {
    const op = { type: 'check_in', opId: randomUUID(), visitId, at: Date.now() - 1000 };
    const res = await page.request.post('/api/field', { data: op, headers: { Origin: origin } });
    expect(res.status(), origin).toBe(403);
    expect(await res.json(), origin).toEqual({ ok: false, code: 'cross_site', message: 'Cross-site request refused.' });
    expect(count('select count(*) as n from client_ops where op_id = ?', op.opId), origin).toBe(0);
  }
  expect(visitRow(visitId).status).toBe('scheduled');
});
