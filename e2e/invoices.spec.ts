import { DateTime } from 'luxon';
import { serious } from './axe';
import { actionId, addClient, addEntry, count, createFirm, expect, login, logout, postAction, test, type TestFirm } from './fixtures';

const ZONE = 'America/New_York'; // the fixtures' firm zone

/** A client with two visits' worth of unbilled time last month, done by the firm's consultant. */
function firmWithUnbilledTime(label: string): { firm: TestFirm; clientId: number; year: number; worked: DateTime } {
  const firm = createFirm(label);
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
  await page.getByRole('button', { name: 'Prepare draft' }).click();
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
  await expect(page.getByRole('heading', { name: 'Only the owner and office staff can see invoices' })).toBeVisible();
});
