import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { DEFAULT_TIER_TERMS } from '../lib/invoices/terms-defaults';
import { pdfText } from '../test/pdf-text';
import { serious } from './axe';
import {
  actionId,
  addClient,
  addEntry,
  count,
  createFirm,
  expect,
  login,
  logout,
  postAction,
  test,
  testDb,
  type TestFirm,
} from './fixtures';

const ZONE = 'America/New_York'; // the fixtures' firm zone

/** A client with two visits' worth of unbilled time last month, done by the firm's consultant. */
function firmWithUnbilledTime(label: string): { firm: TestFirm; clientId: number; year: number; worked: DateTime } {
  const firm = createFirm(label);
  // This firm bills micro work to the minute, net 30: these tests are about invoicing; terms have their own test below.
  testDb()
    .update(schema.firms)
    .set({ tierTerms: { ...DEFAULT_TIER_TERMS, micro: { incrementMinutes: 1, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 30 } } })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const clientId = addClient(firm.id, { name: 'Harbor Yoga', seats: 4, hourlyRateCents: 9_500 });
  const lastMonth = DateTime.now().setZone(ZONE).startOf('month').minus({ days: 10 }).set({ hour: 10 });
  addEntry({
    firmId: firm.id,
    userId: firm.consultant.id,
    clientId,
    category: 'micro',
    startedAt: lastMonth.toMillis(),
    minutes: 90,
    amountCents: 14_250,
  });
  addEntry({
    firmId: firm.id,
    userId: firm.consultant.id,
    clientId,
    category: 'micro',
    startedAt: lastMonth.plus({ days: 1 }).toMillis(),
    minutes: 30,
    amountCents: 4_750,
  });
  return { firm, clientId, year: DateTime.now().setZone(ZONE).year, worked: lastMonth };
}

async function prepareDraft(page: import('@playwright/test').Page) {
  await page.goto('/invoices');
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Harbor Yoga' });
  await page.getByRole('button', { name: 'Prepare draft', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Draft invoice for Harbor Yoga');
}

const entryIds = (firmId: number) =>
  count(`select count(*) as n from time_entries where firm_id = ? and invoice_line_id is not null`, firmId);

test('staff turn unbilled time into an invoice: edit a line, finalise, a partial payment, the rest; billed time is locked', async ({
  page,
}, info) => {
  const { firm, clientId, year, worked } = firmWithUnbilledTime('Billing');
  await login(page, firm.staff);
  await prepareDraft(page);
  const lines = page.getByTestId('invoice-line');
  await expect(lines).toHaveCount(2);
  await expect(page.getByTestId('invoice-total')).toHaveText('$190.00');

  const first = lines.first();
  await first.getByText('Edit or remove').click();
  await first.getByLabel('Description').fill('Network check');
  await first.getByRole('button', { name: 'Save line' }).click();
  await expect(first).toContainText('Network check');
  const add = page.getByRole('form', { name: 'Add a line' });
  await add.getByLabel('Description').fill('Trip fee');
  await add.getByLabel('Unit price ($)').fill('45');
  await add.getByRole('button', { name: 'Add line' }).click();
  await expect(page.getByTestId('invoice-total')).toHaveText('$235.00');
  await first.getByText('Edit or remove').click();
  expect(await serious(page), 'draft with a line editor open').toEqual([]);
  await page.screenshot({ path: info.outputPath('draft.png'), fullPage: true });

  await page.getByRole('button', { name: 'Finalise and number' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${year}-0001`);
  await expect(page.getByTestId('invoice-state')).toHaveText('Finalised');
  await expect(page.getByText('Add a line')).toHaveCount(0); // lines no longer change

  await page.getByLabel('Amount ($)').fill('100');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('invoice-state')).toHaveText('Partially paid');
  await expect(page.getByTestId('owed')).toHaveText('$135.00');
  await page.getByLabel('Amount ($)').fill('200');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That is more than the $135.00 still owed' }).first()).toBeVisible();
  expect(count('select count(*) as n from payments p join invoices i on i.id = p.invoice_id where i.firm_id = ?', firm.id)).toBe(1);
  await page.getByLabel('Amount ($)').fill('135');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('invoice-state')).toHaveText('Paid');
  expect(await serious(page), 'paid invoice').toEqual([]);
  await page.screenshot({ path: info.outputPath('paid.png'), fullPage: true });
  await page.goto('/invoices');
  await expect(page.getByTestId('invoice-row')).toContainText([`${year}-0001`]);
  await expect(page.getByTestId('invoice-row').getByTestId('invoice-state')).toHaveText('Paid');

  // The consultant's billed entry cannot be changed, and the refusal names the invoice.
  const entryId = count('select min(id) as n from time_entries where firm_id = ?', firm.id);
  await logout(page);
  await login(page, firm.consultant);
  const res = await postAction(page.request, actionId('app/(app)/timesheets/actions.ts', 'updateEntryAction'), {
    entryId: String(entryId),
    category: 'micro',
    clientId: String(clientId),
    duration: '5',
    date: worked.toISODate()!,
    start: '10:00',
    description: 'rewritten',
  });
  expect(res.body).toContain(`billed on invoice ${year}-0001`);
  expect(count('select minutes as n from time_entries where id = ?', entryId)).toBe(90);
});

test('void keeps the number, asks why, and a new draft bills the released time', async ({ page }) => {
  const { firm, year } = firmWithUnbilledTime('Voiding');
  await login(page, firm.owner);
  await prepareDraft(page);
  await page.getByRole('button', { name: 'Finalise and number' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${year}-0001`);
  expect(entryIds(firm.id)).toBe(2);
  await page.getByText('Void this invoice…').click();
  await page.getByRole('button', { name: 'Void invoice' }).click();
  await expect(page.getByLabel('Why is it void?')).toHaveAccessibleDescription(/Enter why the invoice is void/);
  expect(entryIds(firm.id)).toBe(2);
  await page.getByLabel('Why is it void?').fill('Wrong rate');
  await page.getByRole('button', { name: 'Void invoice' }).click();
  await expect(page.getByTestId('invoice-state')).toHaveText('Void');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${year}-0001`);
  expect(entryIds(firm.id)).toBe(0);
  await prepareDraft(page);
  await expect(page.getByTestId('invoice-line')).toHaveCount(2);
  await page.getByRole('button', { name: 'Finalise and number' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${year}-0002`);
});

test('consultants have no invoices: no link, and the page says who can see them', async ({ page }) => {
  const { firm } = firmWithUnbilledTime('NoInvoices');
  await login(page, firm.consultant);
  await page.goto('/dashboard');
  await expect(page.getByRole('link', { name: 'Invoices' })).toHaveCount(0);
  await page.goto('/invoices');
  const denied = page.getByRole('heading', { name: 'Only the owner and office staff can see invoices' });
  await expect(denied).toBeVisible();
  // A link to one of the firm's invoices (pasted by the office) says the same, not "does not exist"; so does any other id.
  await logout(page);
  await login(page, firm.staff);
  await prepareDraft(page);
  const invoicePath = new URL(page.url()).pathname;
  await logout(page);
  await login(page, firm.consultant);
  for (const path of [invoicePath, '/invoices/999999']) {
    await page.goto(path);
    await expect(denied).toBeVisible();
    await expect(page.getByText('Not found')).toHaveCount(0);
  }
  await page.screenshot({ path: test.info().outputPath('consultant-invoice-link.png'), fullPage: true });
});

/** Clicks a download link and returns the file it saved, with its suggested name. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

const SHOTS = '/work/shots/wt-pdf';
async function shot(page: Page, name: string, project: string) {
  if (fs.existsSync('/work/shots')) await page.screenshot({ path: `${SHOTS}/${name}-${project}.png`, fullPage: true });
}

test('the finalised invoice’s PDF downloads and reads back right; receivables, a client statement and the accountant’s export', async ({
  page,
}, info) => {
  test.setTimeout(90_000); // three downloads, two PDFs parsed, four pages
  const { firm, year } = firmWithUnbilledTime('Printing');
  testDb()
    .update(schema.firms)
    .set({ defaultTaxRateMilli: 8_875, billingAddress: '12 Main St', taxId: '36-1234567', paymentInstructions: 'Checks to Printing Co' })
    .where(eq(schema.firms.id, firm.id))
    .run();
  await login(page, firm.staff);
  await prepareDraft(page);
  const preview = await download(page, page.getByRole('link', { name: 'Preview PDF (draft)' }));
  expect((await pdfText(preview.bytes)).text).toContain('DRAFT');
  await shot(page, 'invoice-draft', info.project.name);

  await page.getByRole('button', { name: 'Finalise and number' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${year}-0001`);
  const pdf = await download(page, page.getByRole('link', { name: 'Download PDF' }));
  expect(pdf.name).toBe(`invoice-${year}-0001.pdf`);
  const { text } = await pdfText(pdf.bytes);
  const due = DateTime.now().setZone(ZONE).plus({ days: 30 }).toFormat('ccc LLL d, yyyy');
  // 142.50 and 47.50 at 8.875 %: 12.646875 → 12.65 and 4.215625 → 4.22.
  for (const s of [
    `No. ${year}-0001`,
    'Harbor Yoga',
    '1.5 h $95.00/h 8.875% $142.50',
    '0.5 h $95.00/h 8.875% $47.50',
    'Tax $16.87',
    'Total $206.87',
    `Due date ${due}`,
  ])
    expect(text).toContain(s);
  expect(text).not.toContain('DRAFT');
  await shot(page, 'invoice-finalised', info.project.name);

  await page.getByLabel('Amount ($)').fill('100');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('invoice-state')).toHaveText('Partially paid');
  const again = await download(page, page.getByRole('link', { name: 'Download PDF' }));
  expect(again.bytes.equals(pdf.bytes), 'the stored file, unchanged by the payment').toBe(true);

  await page.goto('/invoices');
  await page.getByRole('link', { name: 'Receivables and statements' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Receivables');
  await expect(page.getByTestId('aging-row')).toHaveCount(1);
  await expect(page.getByTestId('aging-row')).toContainText('Harbor Yoga');
  await expect(page.getByTestId('aging-total')).toContainText('$106.87');
  await expect(page.getByTestId('aging-chart').locator(':scope > svg:visible')).toHaveCount(1);
  expect(await serious(page), 'receivables').toEqual([]);
  await shot(page, 'receivables', info.project.name);
  const statement = await download(page, page.getByRole('link', { name: 'Statement for Harbor Yoga (PDF)' }));
  const st = (await pdfText(statement.bytes)).text;
  expect(st).toContain(`Invoice ${year}-0001`);
  expect(st).toContain('Payment on');
  expect(st).toMatch(/Amount due on .* \$106\.87/);

  await page.goto('/invoices');
  const form = page.getByRole('form', { name: 'Export for the accountant' });
  await form.getByLabel('First day').fill(`${year}-12-31`);
  await form.getByLabel('Last day').fill(`${year}-01-01`);
  await form.getByRole('button', { name: 'Download CSV' }).click();
  await expect(form.getByLabel('Last day')).toHaveAccessibleDescription(/on or after the first/);
  expect(await serious(page), 'invoices with an export error').toEqual([]);
  await shot(page, 'invoices', info.project.name);
  await form.getByLabel('First day').fill(`${year}-01-01`);
  await form.getByLabel('Last day').fill(`${year}-12-31`);
  const csv = await download(page, form.getByRole('button', { name: 'Download CSV' }));
  expect(csv.name).toBe(`quickbooks-invoices-${year}-01-01-to-${year}-12-31.csv`);
  const [header, first] = csv.bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(header).toBe(
    'InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,ItemTaxCode,ItemTaxAmount,Service Date',
  );
  expect(first).toMatch(new RegExp(`^${year}-0001,Harbor Yoga,.*,142\\.50,TAX,12\\.65,`));
});

test('the owner picks the paper invoices are printed on', async ({ page }, info) => {
  const firm = createFirm('Paper');
  await login(page, firm.owner);
  await page.goto('/settings/billing');
  await page.getByLabel('Paper size').selectOption({ label: 'A4' });
  await page.getByRole('button', { name: 'Save billing settings' }).click();
  await expect(page.getByText('Billing settings saved')).toBeVisible();
  expect(count('select count(*) as n from firms where id = ? and paper_size = ?', firm.id, 'a4')).toBe(1);
  await shot(page, 'billing-settings', info.project.name);
});

async function termsShot(page: Page, name: string, project: string) {
  if (fs.existsSync('/work/shots')) {
    fs.mkdirSync('/work/shots/wt-terms', { recursive: true });
    await page.screenshot({ path: `/work/shots/wt-terms/${name}-${project}.png`, fullPage: true });
  }
}

test('the owner edits the micro tier’s terms and a new draft follows them; the client page says which terms it uses', async ({
  page,
}, info) => {
  const firm = createFirm('Terms');
  const clientId = addClient(firm.id, { name: 'Harbor Yoga', seats: 4, hourlyRateCents: 12_000 });
  const worked = DateTime.now().setZone(ZONE).startOf('month').minus({ days: 10 }).set({ hour: 10 });
  for (const [day, minutes, travelMinutes] of [
    [0, 20, 15], // on site: the minimum, and a trip fee for the day
    [1, 40, 0], // remote: rounded up to the increment, no trip fee
  ] as const)
    addEntry({
      firmId: firm.id,
      userId: firm.consultant.id,
      clientId,
      category: 'micro',
      startedAt: worked.plus({ days: day }).toMillis(),
      minutes,
      travelMinutes,
      amountCents: minutes * 200,
    });
  await login(page, firm.owner);
  await page.goto(`/clients/${clientId}`);
  await expect(page.getByTestId('client-terms')).toHaveText('Terms: micro — 15 min increment, 1 h minimum, $35 trip fee, due on receipt');

  await page.goto('/settings/billing');
  const micro = page.getByRole('group', { name: 'Micro' });
  await micro.getByLabel('Minimum per visit (min)').fill('30');
  await micro.getByLabel('Trip fee ($)').fill('');
  await page.getByRole('button', { name: 'Save terms' }).click();
  await expect(micro.getByText('Enter the trip fee.')).toBeVisible(); // the error sits next to its field
  expect(count('select count(*) as n from audit_log where firm_id = ? and action = ?', firm.id, 'firm.tier_terms_updated')).toBe(0);
  await micro.getByLabel('Trip fee ($)').fill('20');
  await micro.getByLabel('Billing increment (min)').fill('30');
  await page.getByRole('button', { name: 'Save terms' }).click();
  await expect(page.getByText('Terms saved.')).toBeVisible();
  expect(count('select count(*) as n from audit_log where firm_id = ? and action = ?', firm.id, 'firm.tier_terms_updated')).toBe(1);
  expect(await serious(page), 'billing settings with tier terms').toEqual([]);
  await termsShot(page, 'billing-terms', info.project.name);

  await page.goto(`/clients/${clientId}`);
  await expect(page.getByTestId('client-terms')).toHaveText(
    'Terms: micro — 30 min increment, 30 min minimum, $20 trip fee, due on receipt',
  );
  await expect(page.getByTestId('terms-source')).toContainText('The next invoice uses these terms');
  expect(await serious(page), 'client page with terms').toEqual([]);
  await termsShot(page, 'client-terms', info.project.name);

  await prepareDraft(page);
  const lines = page.getByTestId('invoice-line');
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(0)).toContainText('0.5 h billed, 0.33 h worked');
  await expect(lines.nth(2)).toContainText('Trip fee');
  await expect(page.getByTestId('invoice-total')).toHaveText('$200.00'); // 30 + 60 min at $120/h, and one $20 trip
  await termsShot(page, 'draft-under-terms', info.project.name);
});

test('the invoice list fits the screen: total and status in view, no strip that scrolls sideways', async ({ page }, info) => {
  const { firm } = firmWithUnbilledTime('ListFits');
  await login(page, firm.staff);
  await prepareDraft(page);
  await page.goto('/invoices');
  const list = page.getByRole('region', { name: 'All invoices' });
  const row = list.getByTestId('invoice-row').first();
  await expect(row).toContainText('Harbor Yoga');
  expect(await list.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const width = page.viewportSize()!.width;
  // A badge never breaks inside its pill: one line high.
  const state = row.getByTestId('invoice-state');
  expect((await state.boundingBox())!.height).toBeLessThan(32);
  for (const cell of [row.getByText('$190.00').first(), state]) {
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
  }
  await page.screenshot({ path: info.outputPath('invoice-list.png'), fullPage: true });
});
