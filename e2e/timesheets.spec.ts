import { DateTime } from 'luxon';
import { serious } from './axe';
import { addClient, addEntry, count, createFirm, expect, login, snapshot, test } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone

test('client work is filed under the client’s own tier, and the duration box takes 1:30, 1h30 and 1,5', async ({ page }) => {
  test.slow(); // many round trips; on a busy machine they outlast the default budget
  const firm = createFirm('Sheets');
  addClient(firm.id, { name: 'Big Logistics', seats: 120, hasServer: true, hourlyRateCents: 12_000 });
  addClient(firm.id, { name: 'Growing Dental', seats: 7, hourlyRateCents: 9_000 });
  const c = firm.consultant;
  await login(page, c);
  // The dashboard computes the tiers (large and emerging); a consultant on a phone lands on Today, which does not.
  await page.goto('/dashboard');
  await page.goto('/timesheets');
  const log = async (kind: string, client: string, duration: string) => {
    await page.getByLabel('Kind of time').selectOption(kind);
    if (client) await page.getByLabel('Client (for client work)').selectOption({ label: client });
    await page.getByLabel('How long').fill(duration);
    await page.getByRole('button', { name: 'Log time' }).click();
  };
  await log('client', 'Big Logistics', '1:30');
  await expect(page.getByRole('status')).toHaveText(/^Logged 1\.5 h on /);
  await log('client', 'Growing Dental', '1h30');
  await expect(page.getByTestId('entry')).toHaveCount(2);
  await log('marketing', '— none —', '1,5');
  await expect(page.getByTestId('entry')).toHaveCount(3);
  await expect(page.getByTestId('entry').filter({ hasText: 'Big Logistics' })).toContainText('Large client');
  await expect(page.getByTestId('entry').filter({ hasText: 'Growing Dental' })).toContainText('Emerging client');
  await expect(page.getByTestId('total-large')).toContainText('1.5 h');
  await expect(page.getByTestId('total-emerging')).toContainText('1.5 h');
  await expect(page.getByTestId('total-marketing')).toContainText('1.5 h');
  const filed = (category: string) =>
    count('select count(*) as n from time_entries where user_id = ? and category = ? and minutes = 90', c.id, category);
  expect([filed('large'), filed('emerging'), filed('marketing'), filed('sweet_spot')]).toEqual([1, 1, 1, 0]);

  // Garbage is refused next to the field, with examples, and saves nothing.
  const before = snapshot([firm.id]);
  await log('marketing', '— none —', 'an hour or so');
  await expect(page.getByText(/^Enter how long, like 1\.5, 1:30, 1h30 or 45m/)).toBeVisible();
  await expect(page.getByLabel('How long')).toHaveAttribute('aria-invalid', 'true');
  expect(snapshot([firm.id])).toBe(before);
});

test('time is never logged in the future; a date before last week is asked once; the week it lands in is shown', async ({ page }, info) => {
  test.slow(); // many round trips; on a busy machine they outlast the default budget
  const firm = createFirm('Sheets');
  const c = firm.consultant;
  await login(page, c);
  await page.goto('/timesheets');
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const log = async (date: DateTime) => {
    await page.getByLabel('Kind of time').selectOption('marketing');
    await page.getByLabel('How long').fill('1');
    await page.getByLabel('Date').fill(date.toISODate()!);
    await page.getByLabel('Started at').fill('09:00');
    await page.getByRole('button', { name: 'Log time' }).click();
  };
  const entries = () => count('select count(*) as n from time_entries where user_id = ?', c.id);

  // Next year instead of this one: refused next to the date, nothing written.
  await log(today.plus({ years: 1 }));
  const date = page.getByLabel('Date');
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-date-error')).toHaveText(
    /^That is in the future \(\w{3} \w{3} \d+, \d{4}, 09:00\)\. Log time once it is done/,
  );
  expect(entries()).toBe(0);
  await page.screenshot({ path: info.outputPath('timesheet-future.png'), fullPage: true });

  // Three weeks ago: asked first, logged once confirmed, and the page moves to that week.
  const past = today.minus({ weeks: 3 });
  await log(past);
  await expect(page.getByText(/is before last week\. If that date is right, tick “Yes, /)).toBeVisible();
  expect(entries()).toBe(0);
  expect(await serious(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('timesheet-confirm.png'), fullPage: true });
  await page.getByRole('checkbox', { name: /^Yes, / }).check();
  await page.getByRole('button', { name: 'Log time' }).click();
  const monday = past.startOf('week').toISODate()!;
  await expect(page).toHaveURL(new RegExp(`/timesheets\\?week=${monday}&who=${c.id}$`));
  await expect(page.getByRole('status')).toHaveText(/^Logged 1 h on /);
  await expect(page.getByTestId('entry')).toHaveCount(1);
  await expect(page.getByTestId('total-marketing')).toContainText('1 h');
  expect(entries()).toBe(1);
  await page.screenshot({ path: info.outputPath('timesheet-moved.png'), fullPage: true });
});

test('the timesheet says how much travel its totals leave out, and the dashboard says its client hours include it', async ({
  page,
}, info) => {
  const firm = createFirm('Travel');
  const clientId = addClient(firm.id, { name: 'Harbor Yoga', seats: 3 });
  const c = firm.consultant;
  // One visit's entry this week: 1 h of work and 15 min of travel each way (what a check-out records).
  const weekStart = DateTime.now().setZone(ZONE).startOf('week').toMillis();
  const startedAt = Math.min(weekStart + 60_000, Date.now() - 1000);
  addEntry({ firmId: firm.id, userId: c.id, clientId, category: 'micro', startedAt, minutes: 60, travelMinutes: 30 });
  await login(page, c);
  await page.goto('/timesheets');
  await expect(page.getByTestId('week-total')).toHaveText('1 h');
  await expect(page.getByTestId('travel-total')).toHaveText(
    'Travel to clients: 0.5 h more, not in these totals (the dashboard counts it with client hours).',
  );
  await page.screenshot({ path: info.outputPath('timesheet-travel.png'), fullPage: true });
  await page.goto('/dashboard');
  const card = page.getByTestId('stat-client-hours');
  await expect(card).toContainText('1.5 h');
  await expect(card).toContainText('Travel to clients included');
  await page.screenshot({ path: info.outputPath('dashboard-travel.png'), fullPage: true });
});

test('deleting a time entry is asked first; Keep it leaves it, confirming removes it', async ({ page }, info) => {
  const firm = createFirm('DeleteEntry');
  const c = firm.consultant;
  const weekStart = DateTime.now().setZone(ZONE).startOf('week').toMillis();
  addEntry({
    firmId: firm.id,
    userId: c.id,
    category: 'marketing',
    startedAt: Math.min(weekStart + 60_000, Date.now() - 1000),
    minutes: 60,
  });
  const entries = () => count('select count(*) as n from time_entries where user_id = ?', c.id);
  await login(page, c);
  await page.goto('/timesheets');
  const entry = page.getByTestId('entry');
  await entry.getByRole('button', { name: 'Edit' }).click();
  await entry.getByRole('button', { name: 'Delete entry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this time entry?' });
  await expect(dialog).toContainText('This cannot be undone.');
  await page.screenshot({ path: info.outputPath('entry-delete-asked.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  expect(entries()).toBe(1);
  await entry.getByRole('button', { name: 'Delete entry' }).click();
  await dialog.getByRole('button', { name: 'Delete the entry' }).click();
  await expect(page.getByTestId('entry')).toHaveCount(0);
  await expect(page.getByTestId('week-total')).toHaveText('0 h');
  expect(entries()).toBe(0);
});
