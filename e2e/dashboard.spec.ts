import { DateTime } from 'luxon';
import { addCharge, addClient, addEntry, createFirm, expect, login, logout, test } from './fixtures';

test('the dashboard shows the right figures for known time entries, and follows a threshold change', async ({ page }) => {
  const firm = createFirm();
  // Entries one minute into this week (the fixture firm's zone is New York), so they count as "this week".
  const weekStart = DateTime.now().setZone('America/New_York').startOf('week').toMillis();
  const t = Math.min(weekStart + 60_000, Date.now() - 1000);
  const micro = addClient(firm.id, { name: 'Tiny Dental', seats: 3 });
  const sweet = addClient(firm.id, { name: 'Big Accounting', seats: 12, hasServer: true });
  const u = firm.consultant.id;
  addEntry({
    firmId: firm.id,
    userId: u,
    clientId: micro,
    category: 'micro',
    startedAt: t,
    minutes: 120,
    travelMinutes: 30,
    amountCents: 20_000,
  });
  addEntry({ firmId: firm.id, userId: u, clientId: sweet, category: 'sweet_spot', startedAt: t, minutes: 240 });
  addEntry({ firmId: firm.id, userId: u, category: 'marketing', startedAt: t, minutes: 180 });
  addCharge(firm.id, sweet, Date.now() - 20 * 86_400_000, 600_000);

  await login(page, firm.owner);
  // The firm's target is the 8-h setting per person summed over the owner and the consultant (the staff member has none).
  await expect(page.getByTestId('stat-marketing')).toContainText('Marketing this week, whole firm');
  await expect(page.getByTestId('stat-marketing')).toContainText('3 h of 16 h');
  await expect(page.getByTestId('marketing-target-basis')).toHaveText('8 h each for 2 people (active owners and consultants)');
  await expect(page.getByTestId('stat-marketing')).toContainText('13 h to go');
  await page.getByText('Each person').click();
  await expect(page.getByTestId('marketing-by-person').getByRole('listitem')).toHaveText([
    'Cole Consultant3 h of 8 h',
    'Olive Owner0 h of 8 h',
  ]);
  // Client hours include travel: 2.5 h micro + 4 h sweet spot.
  await expect(page.getByTestId('stat-client-hours')).toContainText('6.5 h');
  // Micro share: 150 of 390 client minutes.
  await expect(page.getByTestId('stat-micro-share')).toContainText('38%');
  // Blended: $6,200 over 6.5 h.
  await expect(page.getByTestId('stat-blended')).toContainText('$953.85/h');
  // The chart is drawn on the server: this week's bars carry the same hours, the target line is there.
  const chart = page.getByTestId('weekly-chart');
  await expect(chart).toBeVisible();
  const thisWeek = DateTime.fromMillis(weekStart, { zone: 'America/New_York' }).toFormat('LLL d');
  await expect(chart.locator('rect[data-series="marketing"] title').last()).toHaveText(`${thisWeek}: Marketing 3.0 h of 16.0 h`);
  await expect(chart.locator('rect[data-series="micro"] title').last()).toHaveText(`${thisWeek}: Micro 2.5 h`);
  await expect(chart.locator('rect[data-series="sweet_spot"] title').last()).toHaveText(`${thisWeek}: Sweet spot 4.0 h`);
  await expect(chart.locator('path[stroke-dasharray="5 4"]')).toHaveCount(1);
  const micros = page.getByTestId('tier-row-micro');
  await expect(micros).toContainText('1');
  await expect(micros).toContainText('2.5 h');
  await expect(micros).toContainText('$200');
  await expect(micros).toContainText('$80/h');
  const sweets = page.getByTestId('tier-row-sweet_spot');
  await expect(sweets).toContainText('4 h');
  await expect(sweets).toContainText('$6,000');
  await expect(sweets).toContainText('$1,500/h');

  // Raise the sweet-spot revenue floor above $6,000: Big Accounting becomes emerging at once.
  await page.goto('/settings/firm');
  await page.getByLabel('Sweet spot: billed in the last 12 months at least ($)').fill('7000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  await page.goto('/dashboard');
  await expect(page.getByTestId('tier-row-emerging')).toContainText('4 h');
  await expect(page.getByTestId('tier-row-emerging')).toContainText('$6,000');
  await expect(page.getByTestId('tier-row-sweet_spot')).toContainText('$0');
  await expect(page.locator('section', { hasText: 'Clients that moved tier' })).toContainText('Big Accounting');
  await page.goto(`/clients/${sweet}`);
  await expect(page.getByTestId('tier-reason')).toHaveText(
    'emerging: 12 seats, server, $6,000 billed in 12 months; sweet spot needs $7,000 billed',
  );
});

test('a consultant sees only their own dashboard; another firm member id is not found', async ({ page }) => {
  const firm = createFirm();
  const other = createFirm('Other');
  await login(page, firm.consultant);
  await expect(page.getByLabel('Show hours for')).toHaveCount(0);
  await expect(page.getByText('hours for you')).toBeVisible();
  const res = await page.goto(`/dashboard?scope=${firm.owner.id}`);
  expect(res?.status()).toBe(404);
  await page.goto('/dashboard?scope=firm');
  await expect(page.getByText('Not found')).toBeVisible();

  await logout(page);
  await login(page, firm.owner);
  const foreign = await page.goto(`/dashboard?scope=${other.consultant.id}`);
  expect(foreign?.status()).toBe(404);
});
