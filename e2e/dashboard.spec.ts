import { DateTime } from 'luxon';
import type { Locator } from '@playwright/test';
import { eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { addCharge, addClient, addEntry, createFirm, expect, login, logout, test, testDb } from './fixtures';

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
  // The card with the most text takes the full width on a phone, a quarter of the row on a desktop.
  const cardWidth = (await page.getByTestId('stat-marketing').boundingBox())!.width;
  const rowWidth = (await page.getByTestId('stat-marketing').locator('..').boundingBox())!.width;
  if (test.info().project.name === 'phone') expect(cardWidth).toBeGreaterThan(rowWidth * 0.95);
  else expect(cardWidth).toBeLessThan(rowWidth * 0.3);
  // So does the last card on a phone, which would otherwise sit alone at half width beside an empty gap.
  const blendedWidth = (await page.getByTestId('stat-blended').boundingBox())!.width;
  if (test.info().project.name === 'phone') expect(blendedWidth).toBeGreaterThan(rowWidth * 0.95);
  else expect(blendedWidth).toBeLessThan(rowWidth * 0.3);
  await page.screenshot({ path: test.info().outputPath('dashboard.png'), fullPage: true });
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
  const monday = DateTime.fromMillis(weekStart, { zone: 'America/New_York' });
  // In the first days of January this week began last year, and its label says so.
  const thisWeek = monday.toFormat(monday.year === new Date().getUTCFullYear() ? 'LLL d' : 'LLL d, yyyy');
  await expect(chart.locator('rect[data-series="marketing"] title').last()).toHaveText(`${thisWeek}: Marketing 3 h of 16 h`);
  await expect(chart.locator('rect[data-series="micro"] title').last()).toHaveText(`${thisWeek}: Micro 2.5 h`);
  await expect(chart.locator('rect[data-series="sweet_spot"] title').last()).toHaveText(`${thisWeek}: Sweet spot 4 h`);
  await expect(chart.locator('svg[role="img"]:visible path[stroke-dasharray="5 4"]')).toHaveCount(1);
  const micros = page.locator('[data-testid="tier-row-micro"]:visible');
  await expect(micros).toContainText('1');
  await expect(micros).toContainText('2.5 h');
  await expect(micros).toContainText('$200');
  await expect(micros).toContainText('$80/h');
  const sweets = page.locator('[data-testid="tier-row-sweet_spot"]:visible');
  await expect(sweets).toContainText('4 h');
  await expect(sweets).toContainText('$6,000');
  await expect(sweets).toContainText('$1,500/h');

  // Raise the sweet-spot revenue floor above $6,000: Big Accounting becomes emerging at once.
  await page.goto('/settings/firm');
  await page.getByLabel('Sweet spot: billed in the last 12 months at least ($)').fill('7000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  await page.goto('/dashboard');
  await expect(page.locator('[data-testid="tier-row-emerging"]:visible')).toContainText('4 h');
  await expect(page.locator('[data-testid="tier-row-emerging"]:visible')).toContainText('$6,000');
  await expect(page.locator('[data-testid="tier-row-sweet_spot"]:visible')).toContainText('$0');
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
  await page.goto('/dashboard'); // on a phone, a consultant lands on Today
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

test('a tier threshold changed and put back the same day leaves no "moved tier" entry', async ({ page }) => {
  const firm = createFirm();
  for (let i = 0; i < 12; i++) addClient(firm.id, { name: `Office ${i}`, seats: 12, hasServer: true });
  // Seats and a server alone make the sweet spot here, and the clients already stand there (the fixture stores them as micro).
  testDb().update(schema.firms).set({ sweetSpotMinRevenueCents: 0 }).where(eq(schema.firms.id, firm.id)).run();
  testDb().update(schema.clients).set({ tier: 'sweet_spot' }).where(eq(schema.clients.firmId, firm.id)).run();
  await login(page, firm.owner);
  const moved = page.locator('section', { hasText: 'Clients that moved tier' });
  await expect(moved).toContainText('No tier changes.');

  const setSweetSpotSeats = async (seats: string) => {
    await page.goto('/settings/firm');
    await page.getByLabel('Sweet spot: from (seats)').fill(seats);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Firm settings saved.');
  };
  await setSweetSpotSeats('20');
  await page.goto('/dashboard');
  await expect(moved.getByRole('listitem')).toHaveCount(10);
  await setSweetSpotSeats('10');
  await page.goto('/dashboard');
  await expect(moved).toContainText('No tier changes.');
  await expect(moved.getByRole('listitem')).toHaveCount(0);
});

/** Every visible cell of `root` keeps its text inside its own box and inside `root`; numbers stay on one line. */
async function overflowingCells(root: Locator): Promise<string[]> {
  return root.evaluate((section) => {
    const box = section.getBoundingClientRect();
    const problems: string[] = [];
    if (section.scrollWidth > section.clientWidth + 1) problems.push(`section scrolls: ${section.scrollWidth} > ${section.clientWidth}`);
    for (const el of section.querySelectorAll<HTMLElement>('th, td, dt, dd')) {
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      const text = el.textContent?.trim() ?? '';
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${text}: overflows its cell`);
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) problems.push(`${text}: outside the card (${r.left}–${r.right})`);
      if (el.classList.contains('tabular-nums')) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set([...range.getClientRects()].map((c) => Math.round(c.top)));
        if (lines.size > 1) problems.push(`${text}: wraps onto ${lines.size} lines`);
      }
    }
    return problems;
  });
}

test('the chart fills its card and every figure of the tier table is whole, at this size', async ({ page }) => {
  const firm = createFirm();
  const u = firm.consultant.id;
  const day = Date.now() - 30 * 86_400_000;
  // Figures as wide as the demo's: 1216.9 h of micro work at $74.12/h, a large client billed over a million.
  const micro = addClient(firm.id, { name: 'Busy Micro', seats: 3 });
  addEntry({ firmId: firm.id, userId: u, clientId: micro, category: 'micro', startedAt: day, minutes: 73_014, amountCents: 9_019_663 });
  const large = addClient(firm.id, { name: 'Huge Co', seats: 150, hasServer: true });
  addEntry({ firmId: firm.id, userId: u, clientId: large, category: 'sweet_spot', startedAt: day, minutes: 60_000 });
  addCharge(firm.id, large, day, 123_456_700);
  addClient(firm.id, { name: 'Half Way', seats: 8 });
  await login(page, firm.owner);

  await expect(page.locator('[data-testid="tier-row-micro"]:visible')).toContainText('1216.9 h');
  await expect(page.locator('[data-testid="tier-row-micro"]:visible')).toContainText('$74.12/h');
  await expect(page.locator('[data-testid="tier-row-large"]:visible')).toContainText('$1,234,567');
  expect(await overflowingCells(page.locator('section[aria-labelledby="tiers-heading"]'))).toEqual([]);

  // One drawing shows, and it spans at least 90 % of its card's content box without growing taller than the screen's half.
  const card = page.locator('section[aria-labelledby="weeks-heading"]');
  const chart = card.locator('svg[role="img"]:visible');
  await expect(chart).toHaveCount(1);
  const inner = await card.evaluate((el) => {
    const s = getComputedStyle(el);
    return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  });
  const drawn = (await chart.boundingBox())!;
  expect(drawn.width / inner).toBeGreaterThanOrEqual(0.9);
  expect(drawn.height).toBeLessThanOrEqual(page.viewportSize()!.height / 2);
});

test('owner and staff see invoiced money, receivables and unbilled work apart; consultants do not', async ({ page }) => {
  const firm = createFirm();
  const client = addClient(firm.id, { name: 'Ledger Dental', seats: 4 });
  const day = (offset: number) => DateTime.now().setZone('America/New_York').plus({ days: offset }).toISODate()!;
  let seq = 0;
  /** A finalised invoice as the app stores it: `subtotal` before 10 % tax, issued `issued` days from today, net 30. */
  const invoice = (issued: number, subtotal: number, extra: Partial<typeof schema.invoices.$inferInsert> = {}) => {
    seq++;
    const tax = subtotal / 10;
    return testDb()
      .insert(schema.invoices)
      .values({
        firmId: firm.id,
        clientId: client,
        status: 'finalised',
        periodStart: day(issued - 30),
        periodEnd: day(issued - 1),
        number: `E2E-${seq}`,
        seq,
        seqScope: '',
        issueDate: day(issued),
        dueDate: day(issued + 30),
        subtotalCents: subtotal,
        taxCents: tax,
        totalCents: subtotal + tax,
        finalisedAt: Date.now(),
        ...extra,
      })
      .returning({ id: schema.invoices.id })
      .get().id;
  };
  const pay = (invoiceId: number, amountCents: number, offset: number) =>
    testDb()
      .insert(schema.payments)
      .values({ firmId: firm.id, invoiceId, receivedOn: day(offset), amountCents, method: 'check', createdByUserId: firm.staff.id })
      .run();
  pay(invoice(-400, 50_000), 55_000, -390); // over a year ago and paid: counts nowhere
  pay(invoice(-40, 100_000), 30_000, -35); // $800 of $1,100 still owed, due 10 days ago
  invoice(-5, 20_000); // $220 owed, not yet due
  invoice(-20, 70_000, { status: 'void', voidReason: 'Wrong client', voidedAt: Date.now() }); // never revenue
  addEntry({
    firmId: firm.id,
    userId: firm.consultant.id,
    clientId: client,
    category: 'micro',
    startedAt: Date.now() - 86_400_000,
    minutes: 90,
    amountCents: 15_000,
  });

  await login(page, firm.staff);
  await page.goto('/dashboard');
  await expect(page.getByTestId('stat-invoiced')).toContainText('$1,200');
  await expect(page.getByTestId('stat-invoiced')).toContainText('2 finalised invoices');
  await expect(page.getByTestId('stat-owed')).toContainText('$1,020');
  await expect(page.getByTestId('stat-owed')).toContainText('$800 overdue on 1 invoice');
  await expect(page.getByTestId('stat-unbilled')).toContainText('$150');
  await expect(page.getByTestId('stat-unbilled')).toContainText('1.5 h');
  await page.getByRole('link', { name: 'Receivables by age' }).click();
  await expect(page).toHaveURL(/\/invoices\/receivables$/);

  await logout(page);
  await login(page, firm.consultant);
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('stat-invoiced')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Invoiced money' })).toHaveCount(0);
});
