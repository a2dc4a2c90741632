import { DateTime } from 'luxon';
import { addClient, addVisit, createFirm, expect, login, test, testDb, visitRow } from './fixtures';

/*
 * Today's "Finished at" on a 12-hour firm's phone: shown and typed as "10:00 PM" (a native time field followed the
 * browser's locale instead); nonsense is refused next to the field and checks nothing out.
 */

test('forgot to check out in a 12-hour firm: "Finished at" reads "11:00 PM", takes "10:00 PM", refuses nonsense', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'phone', 'a phone flow; runs on the phone project');
  // The phone's clock is frozen at 11 PM yesterday on the firm's clock (as in field.spec's 24-hour test).
  const midnight = DateTime.now().setZone('America/New_York').startOf('day');
  const phoneNow = midnight.minus({ hours: 1 });
  const firm = createFirm('Field12');
  const db = testDb().$client;
  db.prepare("update firms set hour_clock = '12h' where id = ?").run(firm.id);
  const clientId = addClient(firm.id, { name: 'Corner Bakery', seats: 3, hourlyRateCents: 9_000 });
  const visitId = addVisit(firm.id, clientId, firm.consultant.id, midnight.minus({ hours: 3 }).toMillis(), 240);
  db.prepare("update visits set status = 'checked_in', checked_in_at = ? where id = ?").run(
    phoneNow.minus({ minutes: 118 }).toMillis(),
    visitId,
  );
  await login(page, firm.consultant);
  await page.clock.setFixedTime(phoneNow.toMillis());
  await page.goto('/today');
  const card = page.getByTestId('today-visit');
  await card.getByRole('button', { name: 'Check out…' }).click();
  const end = card.getByLabel('Finished at');
  await expect(end).toHaveValue('11:00 PM');
  await expect(end).toHaveAttribute('placeholder', '2:30 PM');
  await card.getByLabel('Work summary').fill('Left without checking out');

  await end.fill('half ten');
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByText('Enter the end as a time of day, like 14:30 or 2:30 PM.')).toBeVisible();
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  expect(visitRow(visitId).status).toBe('checked_in');

  await end.fill('10:00 PM');
  await expect(card.getByLabel('Billable minutes')).toHaveValue('60'); // 58 minutes on site, rounded up to 15
  await card.getByRole('button', { name: 'Check out', exact: true }).click();
  await expect(card.getByTestId('visit-status')).toContainText('Done 10:00 PM');
  await expect.poll(() => visitRow(visitId).checkedOutAt).toBe(midnight.minus({ hours: 2 }).toMillis());
});
