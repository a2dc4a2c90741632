import { DateTime } from 'luxon';
import { serious } from './axe';
import { addClient, count, createFirm, expect, login, snapshot, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone

/** The first Tuesday of next month in the firm's zone: "monthly patching, first Tuesday". */
function firstTuesdayNextMonth(): DateTime {
  const month = DateTime.now().setZone(ZONE).startOf('month').plus({ months: 1 });
  return month.plus({ days: (2 - month.weekday + 7) % 7 });
}

test('a recurring visit: monthly on the first Tuesday, its requests made ahead for the scheduler, listed on the client, stopped with one confirmation', async ({
  page,
}, info) => {
  const firm = createFirm('Recurring');
  const clientId = addClient(firm.id, { name: 'Elm Street Dental', seats: 4 });
  const first = firstTuesdayNextMonth();
  await login(page, firm.staff);
  await page.goto('/schedule/requests/new');
  const fill = async (to: DateTime) => {
    await page.getByLabel('Client', { exact: true }).selectOption(String(clientId));
    await page.getByLabel('Duration (minutes)').fill('60');
    await page.getByLabel('Earliest date').fill(first.toISODate()!);
    await page.getByLabel('Latest date').fill(to.toISODate()!);
    await page.getByLabel('Notes (what is wrong)').fill('Monthly patching');
    await page.getByLabel('Repeats', { exact: true }).selectOption('monthly');
  };

  // A window longer than the repeat is refused next to the latest date; nothing is stored.
  const before = snapshot([firm.id]);
  await fill(first.plus({ days: 30 }));
  await page.getByRole('button', { name: 'Add request' }).click();
  await expect(page.getByLabel('Latest date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/every month needs a window of at most 28 days/).first()).toBeVisible();
  expect(snapshot([firm.id])).toBe(before);

  await fill(first.plus({ days: 1 }));
  await page.getByRole('button', { name: 'Add request' }).click();
  await expect(page).toHaveURL(new RegExp(`/clients/${clientId}#recurring-heading$`));
  const list = page.getByTestId('recurring-visits');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Every month on the 1st Tuesday');
  await expect(list).toContainText('within 2 days of each date');
  expect(await serious(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('client-recurring.png'), fullPage: true });

  // Its occurrences within the next six weeks are open requests in the queue, each with its own two-day window.
  const rows = testDb()
    .$client.prepare(
      'select occurrence_date as date, earliest_date as from_, latest_date as to_ from visits where client_id = ? order by 1',
    )
    .all(clientId) as { date: string; from_: string; to_: string }[];
  expect(rows.length).toBeGreaterThanOrEqual(1);
  expect(rows[0]).toEqual({ date: first.toISODate(), from_: first.toISODate(), to_: first.plus({ days: 1 }).toISODate() });
  for (const r of rows) expect(DateTime.fromISO(r.date).weekday).toBe(2);
  await page.goto('/schedule');
  await expect(page.getByTestId('open-requests')).toContainText('Elm Street Dental');

  // Stop: asked once; its open requests are cancelled, and the series says it stopped.
  await page.goto(`/clients/${clientId}`);
  await list.getByRole('button', { name: /Stop repeating/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Stop it' }).click();
  await expect(page.getByText(new RegExp(`Stopped\\. ${rows.length} open requests? from it (was|were) cancelled\\.`))).toBeVisible();
  await expect(list).toContainText('stopped');
  await expect(list.getByRole('button', { name: /Stop repeating/ })).toHaveCount(0);
  expect(count(`select count(*) as n from visits where client_id = ? and status = 'open'`, clientId)).toBe(0);
});

test('a consultant sees a client’s recurring visits but cannot stop them', async ({ page }) => {
  const firm = createFirm('Recurring read');
  const clientId = addClient(firm.id, { name: 'Oak Lane Realty', seats: 3 });
  testDb()
    .$client.prepare(
      `insert into visit_series (firm_id, client_id, rrule, first_date, window_days, duration_minutes, priority, travel_minutes, allowed_user_ids)
       values (?, ?, 'FREQ=WEEKLY;BYDAY=TH', '2030-01-03', 1, 60, 3, 0, '[]')`,
    )
    .run(firm.id, clientId);
  await login(page, firm.consultant);
  await page.goto(`/clients/${clientId}`);
  await expect(page.getByTestId('recurring-visits')).toContainText('Every week on Thursday');
  await expect(page.getByRole('button', { name: /Stop repeating/ })).toHaveCount(0);
});
