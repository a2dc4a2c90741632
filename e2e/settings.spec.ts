import { DateTime } from 'luxon';
import { addClient, addVisit, createFirm, expect, login, test, testDb } from './fixtures';

test('the owner saves firm settings; bad input is explained next to the field and nothing is saved', async ({ page }) => {
  const firm = createFirm();
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  const read = () => testDb().$client.prepare('select * from firms where id = ?').get(firm.id);
  const before = read();

  await page.getByLabel('Sweet spot: from (seats)').fill('4');
  await page.getByLabel('Target hourly rate ($)').fill('abc');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#field-sweetSpotMinSeats-error')).toHaveText('Sweet spot must start above the micro seat limit.');
  await expect(page.locator('#field-targetHourlyRateCents-error')).toHaveText(
    'Enter the target hourly rate in dollars, like 100 or 99.50.',
  );
  await expect(page.getByLabel('Target hourly rate ($)')).toHaveValue('abc');
  expect(read()).toEqual(before);

  await page.getByLabel('Sweet spot: from (seats)').fill('12');
  await page.getByLabel('Target hourly rate ($)').fill('125');
  await page.getByLabel('Weekly marketing target (hours)').fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  const after = read() as { sweet_spot_min_seats: number; target_hourly_rate_cents: number; weekly_marketing_target_minutes: number };
  expect(after.sweet_spot_min_seats).toBe(12);
  expect(after.target_hourly_rate_cents).toBe(12500);
  expect(after.weekly_marketing_target_minutes).toBe(600);

  await page.goto('/settings/audit');
  const entry = page.getByRole('listitem').filter({ hasText: 'Changed firm settings' }).first();
  // Read as the form names it, in dollars, not the stored key and cents.
  await expect(entry).toContainText('Target hourly rate: $100.00 → $125.00');
  await expect(entry).not.toContainText('targetHourlyRateCents');
});

test('login, dashboard and settings fit a 375-px phone and work by keyboard alone', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone project checks the narrow layout');
  const firm = createFirm();
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(firm.owner.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(firm.owner.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard$/);

  for (const route of [
    '/dashboard',
    '/clients',
    '/clients/new',
    '/clients/import',
    '/settings/firm',
    '/settings/team',
    '/settings/profile',
    '/settings/audit',
  ]) {
    await page.goto(route);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(0);
    await expect(page.getByRole('navigation', { name: 'Main' }).last()).toBeVisible();
  }
  // Every settings tab is on screen whole: none hides past the edge in a strip that scrolls on its own.
  const tabs = page.getByRole('navigation', { name: 'Settings' });
  expect(await tabs.evaluate((n) => n.scrollWidth - n.clientWidth)).toBeLessThanOrEqual(0);
  const last = (await tabs.getByRole('link', { name: 'Audit log' }).boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(375);
  await page.screenshot({ path: testInfo.outputPath('settings-tabs.png') });

  // A form submits from the keyboard: Enter in a field saves.
  await page.goto('/settings/firm');
  await page.getByLabel('Weekly marketing target (hours)').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('6');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  const row = testDb().$client.prepare('select weekly_marketing_target_minutes as m from firms where id = ?').get(firm.id) as { m: number };
  expect(row.m).toBe(360);
});

test('the login page fits a phone', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone project checks the narrow layout');
  await page.goto('/login');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('HTML responses carry the security headers and no X-Powered-By; errors show no internals', async ({ request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'headers do not depend on the viewport');
  for (const route of ['/login', '/signup', '/no-such-page']) {
    const res = await request.get(route);
    const h = res.headers();
    expect(h['content-security-policy'], route).toContain("object-src 'none'");
    expect(h['content-security-policy'], route).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy'], route).toMatch(/base-uri '(self|none)'/);
    expect(h['strict-transport-security'], route).toContain('max-age=');
    expect(h['x-content-type-options'], route).toBe('nosniff');
    expect(h['referrer-policy'], route).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy'], route).toContain('geolocation=(self)');
    expect(h['x-powered-by'], route).toBeUndefined();
  }
  const missing = await request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  const text = await missing.text();
  expect(text).toContain('Not found');
  expect(text).not.toMatch(/\/work\/|node_modules|at .*\.js:\d+/);
});

test('the firm’s clock: switching to 12-hour changes the Schedule and Today, and switching back restores 24-hour', async ({ page }) => {
  const firm = createFirm('Clock');
  const now = DateTime.now().setZone('America/New_York');
  const clientId = addClient(firm.id, { name: 'Clockwork Dental', seats: 3 });
  addVisit(firm.id, clientId, firm.owner.id, now.set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toMillis());
  await login(page, firm.owner);
  const week = `/schedule?who=${firm.owner.id}&week=${now.toISODate()}`;
  const scheduleVisit = () => page.locator('[data-testid="week-item"][data-type="visit"]').filter({ hasText: 'Clockwork Dental' });
  const todayVisit = () => page.getByTestId('today-visit').filter({ hasText: 'Clockwork Dental' });
  const setClock = async (label: string) => {
    await page.goto('/settings/firm');
    await page.getByLabel('Clock').selectOption({ label });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  };

  // A firm starts on the 24-hour clock.
  await page.goto(week);
  await expect(scheduleVisit()).toContainText('14:00–15:00');
  await page.goto('/today');
  await expect(todayVisit()).toContainText('14:00–15:00');

  await setClock('12-hour (2:30 PM)');
  expect(testDb().$client.prepare('select hour_clock from firms where id = ?').get(firm.id)).toEqual({ hour_clock: '12h' });
  await page.goto(week);
  await expect(scheduleVisit()).toContainText('2:00–3:00 PM');
  await expect(scheduleVisit()).not.toContainText('14:00');
  await page.goto('/today');
  await expect(todayVisit()).toContainText('2:00 PM–3:00 PM');
  await expect(todayVisit()).not.toContainText('14:00');

  await setClock('24-hour (14:30)');
  await page.goto(week);
  await expect(scheduleVisit()).toContainText('14:00–15:00');
  await page.goto('/today');
  await expect(todayVisit()).toContainText('14:00–15:00');
});

test('the firm page’s check-out rounding is not a second “billing increment” beside the terms by tier', async ({ page }, info) => {
  const firm = createFirm();
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await expect(page.getByLabel('Billing increment', { exact: true })).toHaveCount(0);
  const rounding = page.getByLabel('Check-out rounds billable time up to');
  await expect(rounding).toHaveAccessibleDescription(
    'What Today proposes at check-out. Invoices round by each tier’s own increment (Settings → Billing).',
  );
  await page.screenshot({ path: info.outputPath('firm-rounding.png'), fullPage: true });
});
