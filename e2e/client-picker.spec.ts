import * as schema from '../db/schema';
import { serious } from './axe';
import { addClient, count, createFirm, expect, login, test, testDb } from './fixtures';

/**
 * A firm with more clients than a select should hold (lib/dal/client-options.ts,
 * MAX_CLIENT_OPTIONS) gets a client field that searches as you type, instead
 * of every client sent with every timesheet and schedule form.
 */
test('a big firm picks the client by typing: suggestions from its own clients only, unknown text refused next to the field', async ({
  page,
}) => {
  const firm = createFirm('Picker');
  const other = createFirm('Picker other');
  addClient(other.id, { name: 'Zebra Elsewhere', seats: 3 });
  testDb()
    .insert(schema.clients)
    .values(
      Array.from({ length: 301 }, (_, i) => ({
        firmId: firm.id,
        name: `Bulk ${String(i).padStart(4, '0')}`,
        seats: 3,
        tier: 'micro' as const,
        tierReason: '',
      })),
    )
    .run();
  const zebra = addClient(firm.id, { name: 'Zebra Dental', seats: 3, hourlyRateCents: 9_000 });
  const bulkId = count('select min(id) as n from clients where firm_id = ?', firm.id);
  const entries = () => count('select count(*) as n from time_entries where user_id = ?', firm.consultant.id);
  await login(page, firm.consultant);

  const res = await page.goto('/timesheets');
  const html = (await res!.text()) ?? '';
  expect(html).not.toContain('Bulk 0150'); // the clients are not in the page
  const field = page.getByLabel('Client (for client work)');
  await expect(field).toHaveAttribute('list', /.+/);

  await field.fill('zeb');
  const list = page.locator(`datalist#${await field.getAttribute('list')}`);
  await expect(list.locator('option[value="Zebra Dental"]')).toHaveCount(1);
  await expect(list.locator('option[value="Zebra Elsewhere"]')).toHaveCount(0);
  expect(await serious(page)).toEqual([]);

  // Text that names no client, or a number that happens to be a client id, is refused next to the field and saves nothing.
  await page.getByLabel('Kind of time').selectOption('client');
  await page.getByLabel('How long').fill('1');
  for (const typed of ['Nobody Known', String(bulkId)]) {
    await field.fill(typed);
    // Wait for this submission's own answer: the error text from the one before is still on screen.
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/timesheets');
    await page.getByRole('button', { name: 'Log time' }).click();
    await answered;
    await expect(page.getByRole('button', { name: 'Log time' })).toBeEnabled(); // "Saving…" until the answer is on screen
    await expect(page.getByText('Choose a client from the list.')).toBeVisible();
    await expect(field).toHaveValue(typed);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(entries()).toBe(0);
  }

  await field.fill('Zebra');
  await expect(list.locator('option[value="Zebra Dental"]')).toHaveCount(1);
  await field.fill('zebra dental'); // the case typed does not matter
  await page.getByLabel('How long').fill('1');
  await page.getByLabel('What').fill('Printer jam');
  await page.getByRole('button', { name: 'Log time' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Logged 1 h on \w{3} \w{3} \d+\.$/);
  expect(count('select count(*) as n from time_entries where user_id = ? and client_id = ?', firm.consultant.id, zebra)).toBe(1);
  expect(entries()).toBe(1);

  // The entry's editor shows its client by name.
  await page.getByTestId('entry').getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByTestId('entry').getByLabel('Client')).toHaveValue('Zebra Dental');

  // The search answers only with this firm's clients.
  const answer = await page.request.get('/api/clients?q=zebra');
  expect(answer.status()).toBe(200);
  expect(((await answer.json()) as { options: { label: string }[] }).options.map((o) => o.label)).toEqual(['Zebra Dental']);
});
