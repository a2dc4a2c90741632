import { DateTime } from 'luxon';
import { serious } from './axe';
import { addClient, count, createFirm, expect, login, test, testDb, type TestFirm } from './fixtures';

const ZONE = 'America/New_York'; // the fixtures' firm zone

/**
 * 120 invoices straight into the database (what the app would have made over
 * years): 70 for Acme Dental, 50 for Harbor Yoga; of Acme's, every other one paid
 * in full, the rest open and not yet due. Numbered 2026-0001… in creation order.
 */
function firmWithInvoices(label: string): { firm: TestFirm; acme: number; yoga: number } {
  const firm = createFirm(label);
  const acme = addClient(firm.id, { name: 'Acme Dental', seats: 14 });
  const yoga = addClient(firm.id, { name: 'Harbor Yoga', seats: 4 });
  const sqlite = testDb().$client;
  const due = DateTime.now().setZone(ZONE).plus({ days: 30 }).toISODate()!;
  const invoice = sqlite.prepare(
    `insert into invoices (firm_id, client_id, status, period_start, period_end, number, seq, seq_scope, issue_date, due_date,
                           subtotal_cents, total_cents, finalised_at, created_at)
     values (?, ?, 'finalised', '2026-01-01', '2026-01-31', ?, ?, 'e2e', '2026-02-01', ?, 10000, 10000, ?, ?)`,
  );
  const payment = sqlite.prepare(
    `insert into payments (firm_id, invoice_id, received_on, amount_cents, method, reference, created_by_user_id)
     values (?, ?, '2026-02-02', 10000, 'check', '', ?)`,
  );
  sqlite.transaction(() => {
    for (let seq = 1; seq <= 120; seq++) {
      const clientId = seq <= 70 ? acme : yoga;
      const id = invoice.run(firm.id, clientId, `E2E-${String(seq).padStart(4, '0')}`, seq, due, seq * 1000, seq * 1000).lastInsertRowid;
      if (clientId === acme && seq % 2 === 0) payment.run(firm.id, id, firm.staff.id);
    }
  })();
  return { firm, acme, yoga };
}

const numbers = (page: import('@playwright/test').Page) => page.getByTestId('invoice-row').getByRole('link').allTextContents();

test('the invoice list comes 50 a page, newest first, with the count; page links work by keyboard and keep the filters', async ({
  page,
}, info) => {
  const { firm } = firmWithInvoices('Paging');
  await login(page, firm.staff);
  await page.goto('/invoices');
  const rows = page.getByTestId('invoice-row');
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 1–50 of 120 invoices');
  await expect(rows).toHaveCount(50);
  const first = await numbers(page);
  expect(first[0]).toBe('E2E-0120');
  expect(first[49]).toBe('E2E-0071');
  const pages = page.getByRole('navigation', { name: 'Invoice pages' });
  await expect(pages.getByRole('link', { name: 'Page 1 of 3' })).toHaveAttribute('aria-current', 'page');

  // By keyboard: focus the link to page 2 and press Enter.
  await pages.getByRole('link', { name: 'Page 2 of 3' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/invoices\?page=2$/);
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 51–100 of 120 invoices');
  const second = await numbers(page);
  expect(second).toHaveLength(50);
  expect(second[0]).toBe('E2E-0070');
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 101–120 of 120 invoices');
  await expect(rows).toHaveCount(20);

  // A phone shows the page links without scrolling sideways.
  const box = await pages.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: info.outputPath('invoice-list-page3.png'), fullPage: true });

  // Filters: Acme Dental's paid invoices are 35, on one page; the open ones are 35 too.
  await page.getByLabel('Filter by status').selectOption({ label: 'Paid' });
  await page.getByLabel('Filter by client').selectOption({ label: 'Acme Dental' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByTestId('invoice-count')).toHaveText('35 invoices matching the filters');
  await expect(rows).toHaveCount(35);
  await expect(rows.getByTestId('invoice-state')).toHaveText(Array(35).fill('Paid'));
  await expect(rows.filter({ hasNotText: 'Acme Dental' })).toHaveCount(0);

  // Every paid or open invoice: 120, 50 a page; page 2 keeps the status filter.
  await page.getByLabel('Filter by client').selectOption({ label: 'All clients' });
  await page.getByLabel('Filter by status').selectOption({ label: 'Finalised' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 1–50 of 85 invoices matching the filters');
  await pages.getByRole('link', { name: 'Page 2 of 2' }).click();
  await expect(page).toHaveURL(/state=open/);
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 51–85 of 85 invoices matching the filters');
  await expect(rows.getByTestId('invoice-state')).toHaveText(Array(35).fill('Finalised'));
  await expect(page.getByLabel('Filter by status')).toHaveValue('open');
  expect(await serious(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('invoice-list-filtered.png'), fullPage: true });
});

test('preparing the month runs as a job: the page shows clients done of all, can be left, and shows the result', async ({ page }, info) => {
  test.setTimeout(120_000);
  const firm = createFirm('Prepare Job');
  const N = 4000;
  const sqlite = testDb().$client;
  const worked = DateTime.now().setZone(ZONE).startOf('month').set({ hour: 10 }).toMillis();
  const client = sqlite.prepare(
    `insert into clients (firm_id, name, seats, has_server, hourly_rate_cents, growth, status, tier, tier_reason) values (?, ?, 3, 0, 9000, 'flat', 'active', 'micro', '')`,
  );
  const entry = sqlite.prepare(
    `insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes, amount_cents) values (?, ?, ?, 'micro', ?, 60, 9000)`,
  );
  sqlite.transaction(() => {
    for (let i = 1; i <= N; i++) entry.run(firm.id, firm.consultant.id, client.run(firm.id, `Client ${i}`).lastInsertRowid, worked);
  })();
  await login(page, firm.staff);
  await page.goto('/invoices');
  const prepare = page.getByRole('region', { name: 'Prepare a month’s invoices' });
  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  const progress = prepare.getByTestId('job-progress');
  await expect(progress).toContainText(/Looked at [\d,]+ of 4,000 clients for /);
  await page.screenshot({ path: info.outputPath('prepare-progress.png'), fullPage: true });

  // Leave and come back: the run carries on, and the page finds it again.
  await page.goto('/clients');
  await page.goto('/invoices');
  await expect(prepare.getByTestId('prepare-outcome')).toContainText('Prepared 4,000 drafts for', { timeout: 90_000 });
  await expect(prepare.getByTestId('prepare-outcome')).toContainText('4,000 clients looked at, by Sam Staff');
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 1–50 of 4,000 invoices');
  expect(count('select count(*) as n from invoices where firm_id = ?', firm.id)).toBe(N);
  await page.screenshot({ path: info.outputPath('prepare-done.png'), fullPage: true });

  // Again: nothing new.
  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  await expect(prepare.getByTestId('prepare-outcome')).toContainText('Nothing new to prepare', { timeout: 60_000 });
  expect(count('select count(*) as n from invoices where firm_id = ?', firm.id)).toBe(N);
});
