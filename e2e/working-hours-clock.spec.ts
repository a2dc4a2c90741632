import { createFirm, expect, login, test, testDb } from './fixtures';

/*
 * Working hours in a 12-hour firm: the days read "8:00 AM-12:00 PM" like every other time there, the field takes
 * either clock, and what is saved reads back the same; text that is not an interval is refused next to its day.
 */
test('working hours follow a 12-hour firm’s clock: shown as 8:00 AM-12:00 PM, typed either way, nonsense refused', async ({
  page,
}, info) => {
  const firm = createFirm('HoursClock');
  const db = testDb().$client;
  db.prepare("update firms set hour_clock = '12h' where id = ?").run(firm.id);
  const c = firm.consultant;
  const rows = () =>
    db.prepare('select weekday, start_minute, end_minute from working_hours where user_id = ? order by weekday, start_minute').all(c.id);
  await login(page, firm.owner);
  await page.goto(`/schedule/hours?who=${c.id}`);
  await expect(page.getByText('such as 8:00 AM-12:00 PM, 1:00 PM-5:00 PM')).toBeVisible();
  await page.getByRole('textbox', { name: 'Monday', exact: true }).fill('8:00 AM-12:00 PM, 1 pm-5 pm');
  await page.getByRole('textbox', { name: 'Tuesday', exact: true }).fill('09:00-17:30');
  await page.getByRole('button', { name: 'Save working hours' }).click();
  await expect(page.getByRole('status')).toHaveText('Working hours saved.');
  expect(rows()).toEqual([
    { weekday: 1, start_minute: 480, end_minute: 720 },
    { weekday: 1, start_minute: 780, end_minute: 1020 },
    { weekday: 2, start_minute: 540, end_minute: 1050 },
  ]);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Monday', exact: true })).toHaveValue('8:00 AM-12:00 PM, 1:00 PM-5:00 PM');
  await expect(page.getByRole('textbox', { name: 'Tuesday', exact: true })).toHaveValue('9:00 AM-5:30 PM');
  await page.screenshot({ path: info.outputPath('working-hours-12h.png'), fullPage: true });

  const before = rows();
  await page.getByRole('textbox', { name: 'Wednesday', exact: true }).fill('noon till five');
  await page.getByRole('button', { name: 'Save working hours' }).click();
  await expect(page.getByRole('textbox', { name: 'Wednesday', exact: true })).toHaveAccessibleDescription(
    /Wednesday: write intervals like/,
  );
  expect(rows()).toEqual(before);
});
