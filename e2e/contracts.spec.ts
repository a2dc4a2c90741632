import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { serious } from './axe';
import { addClient, addEntry, count, createFirm, expect, login, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixtures' firm zone

test('staff give a client a monthly contract, prepare the month’s drafts twice, and get one draft per client', async ({ page }, info) => {
  const firm = createFirm('Contracts');
  const acme = addClient(firm.id, { name: 'Acme Dental', seats: 14, hourlyRateCents: 12_000 });
  const yoga = addClient(firm.id, { name: 'Harbor Yoga', seats: 4, hourlyRateCents: 9_500 });
  addClient(firm.id, { name: 'Quiet Co', seats: 2 });
  const now = DateTime.now().setZone(ZONE);
  addEntry({
    firmId: firm.id,
    userId: firm.consultant.id,
    clientId: yoga,
    category: 'micro',
    startedAt: now.startOf('month').set({ hour: 10 }).toMillis(),
    minutes: 60,
    amountCents: 9_500,
  });
  await login(page, firm.staff);

  await page.goto(`/clients/${acme}`);
  const section = page.getByRole('region', { name: 'Contracts' });
  await expect(section).toContainText('No contract');
  await section.getByRole('button', { name: 'Add contract' }).click();
  await expect(section.getByText('Enter a monthly fee, a price per seat or included hours.')).toBeVisible();
  await section.getByLabel('Monthly fee ($)').fill('600');
  await section.getByLabel('Per seat per month ($)').fill('15');
  await section.getByLabel('Included hours per month').fill('10');
  await section.getByRole('button', { name: 'Add contract' }).click();
  await expect(section.getByTestId('contract')).toContainText('$600 a month + $15 a seat; 10 h included, then $120/h');
  // One way to write money on the client page: whole dollars without cents, as its facts ("Recurring per month $450") do.
  await expect(page.getByRole('main')).not.toContainText(/\$[\d,]+\.00\b/);
  await page.screenshot({ path: info.outputPath('client-contract.png'), fullPage: true });
  expect(await serious(page)).toEqual([]);

  await page.goto('/invoices');
  const prepare = page.getByRole('region', { name: 'Prepare a month’s invoices' });
  await expect(prepare.getByLabel('Month')).toHaveValue(now.toFormat('yyyy-MM'));
  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  await expect(prepare.getByRole('status')).toContainText(`Prepared 2 drafts for ${now.toFormat('LLLL yyyy')}`);
  const rows = page.getByTestId('invoice-row');
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: info.outputPath('prepared.png'), fullPage: true });

  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  await expect(prepare.getByRole('status')).toContainText('Nothing new to prepare');
  await expect(rows).toHaveCount(2);
  expect(count('select count(*) as n from invoices where firm_id = ?', firm.id)).toBe(2);

  await rows.filter({ hasText: 'Acme Dental' }).getByRole('link').click();
  const lines = page.getByTestId('invoice-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(`Managed services — ${now.toFormat('LLLL yyyy')}`);
  await expect(lines.nth(1)).toContainText('14 seats × $15');
  await expect(page.getByTestId('invoice-total')).toHaveText('$810.00');
});

test('a consultant sees no contracts and cannot prepare invoices', async ({ page }) => {
  const firm = createFirm('Contracts Consultant');
  const acme = addClient(firm.id, { name: 'Acme Dental', seats: 14 });
  await login(page, firm.consultant);
  await page.goto(`/clients/${acme}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Acme Dental');
  await expect(page.getByRole('region', { name: 'Contracts' })).toHaveCount(0);
});

test('a client that grew from micro into the sweet spot gets a contract proposed from its last 12 months, created in one click', async ({
  page,
}, info) => {
  const firm = createFirm('Contract Proposal');
  const lakeside = addClient(firm.id, { name: 'Lakeside Clinic', seats: 12, hasServer: true, hourlyRateCents: 9_500 });
  const now = DateTime.now().setZone(ZONE);
  // 100 billable hours over the year ($9,500): 8.3 h a month, so 9 h a month are proposed, for $855.
  for (const monthsAgo of [2, 8])
    addEntry({
      firmId: firm.id,
      userId: firm.consultant.id,
      clientId: lakeside,
      category: 'micro',
      startedAt: now.minus({ months: monthsAgo }).set({ hour: 10 }).toMillis(),
      minutes: 50 * 60,
      amountCents: 475_000,
    });
  // It was micro until yesterday, when its seats and server were recorded.
  testDb()
    .insert(schema.tierChanges)
    .values({
      firmId: firm.id,
      clientId: lakeside,
      fromTier: 'micro',
      toTier: 'sweet_spot',
      reason: 'grew',
      at: now.minus({ days: 1 }).toMillis(),
    })
    .run();
  testDb().update(schema.clients).set({ tier: 'sweet_spot' }).where(eq(schema.clients.id, lakeside)).run();
  await login(page, firm.staff);

  await page.goto('/dashboard');
  await page.getByRole('link', { name: 'Review a proposed contract for Lakeside Clinic' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Lakeside Clinic');
  const section = page.getByRole('region', { name: 'Contracts' });
  const next = now.startOf('month').plus({ months: 1 });
  await expect(section.getByTestId('contract-proposal')).toContainText('moved from micro to the sweet spot');
  await expect(section.getByTestId('contract-proposal')).toContainText('billed 100 h, about 9 h a month');
  await expect(section.getByLabel('Monthly fee ($)')).toHaveValue('855.00');
  await expect(section.getByLabel('Included hours per month')).toHaveValue('9');
  await expect(section.getByLabel('Rate beyond included hours ($/h)')).toHaveValue('95.00');
  await expect(section.getByLabel('First day')).toHaveValue(next.toFormat('yyyy-MM-dd'));
  await page.screenshot({ path: info.outputPath('contract-proposal.png'), fullPage: true });
  expect(await serious(page)).toEqual([]);

  await section.getByRole('button', { name: 'Create this contract' }).click();
  await expect(section.getByTestId('contract')).toContainText('$855 a month; 9 h included, then $95/h');
  await expect(section.getByTestId('contract-proposal')).toHaveCount(0);
  expect(
    count('select count(*) as n from contracts where client_id = ? and monthly_fee_cents = 85500 and included_minutes = 540', lakeside),
  ).toBe(1);
});

test('ending a contract is asked in a dialog with its last day; Keep it changes nothing, a day before its start is refused there', async ({
  page,
}, info) => {
  const firm = createFirm('EndContract');
  const acme = addClient(firm.id, { name: 'Acme Dental', seats: 14, hourlyRateCents: 12_000 });
  await login(page, firm.staff);
  await page.goto(`/clients/${acme}`);
  const section = page.getByRole('region', { name: 'Contracts' });
  await section.getByLabel('Monthly fee ($)').fill('600');
  await section.getByRole('button', { name: 'Add contract' }).click();
  await expect(section.getByTestId('contract')).toContainText('$600 a month');
  const endDate = () => count('select count(*) as n from contracts where firm_id = ? and end_date is not null', firm.id);
  // The terms line reads as sentences: "…on Wed Dec 2, 09:03. The next invoice…", not "09:03: The next".
  await expect(page.getByTestId('terms-source')).toContainText(
    /Its tier changed from Micro to Emerging on \w{3} \w{3} \d+, \d{2}:\d{2}\. The next invoice/,
  );

  const end = section.getByRole('button', { name: 'End contract… (Managed services)' });
  await end.click();
  const dialog = page.getByRole('dialog', { name: 'End the contract “Managed services”?' });
  await expect(dialog.getByLabel('Last day')).toBeVisible();
  await page.screenshot({ path: info.outputPath('contract-end-asked.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  expect(endDate()).toBe(0);

  await end.click();
  await dialog.getByLabel('Last day').fill('2000-01-31');
  await dialog.getByRole('button', { name: 'End the contract' }).click();
  await expect(dialog.getByLabel('Last day')).toHaveAccessibleDescription(/on or after the contract’s first day/);
  expect(endDate()).toBe(0);
  const lastDay = DateTime.now().setZone(ZONE).endOf('month').toISODate()!;
  await dialog.getByLabel('Last day').fill(lastDay);
  await dialog.getByRole('button', { name: 'End the contract' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByTestId('contract')).toContainText(`to ${DateTime.fromISO(lastDay).toFormat('ccc LLL d')}`);
  expect(endDate()).toBe(1);
});
