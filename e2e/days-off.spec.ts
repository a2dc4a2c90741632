import { DateTime } from 'luxon';
import { count, createFirm, expect, login, test, testDb } from './fixtures';
import { serious } from './axe';

/* Firm holidays and time off are removed only after asking: "Keep it" leaves them, the dialog's button removes them. */

const ZONE = 'America/New_York'; // the fixture firm's zone

test('removing a firm holiday or time off asks first; Keep it changes nothing, confirming removes it', async ({ page }) => {
  const firm = createFirm('DaysOff');
  const friday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1, days: 4 }).toISODate()!;
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 2 }).toISODate()!;
  const db = testDb().$client;
  db.prepare('insert into firm_holidays (firm_id, date, name) values (?, ?, ?)').run(firm.id, friday, 'Founders Day');
  db.prepare('insert into time_off (firm_id, user_id, by_user_id, first_date, last_date, note) values (?, ?, ?, ?, ?, ?)').run(
    firm.id,
    firm.owner.id,
    firm.owner.id,
    monday,
    monday,
    'Dentist',
  );
  const holidays = () => count('select count(*) as n from firm_holidays where firm_id = ?', firm.id);
  const timeOff = () => count('select count(*) as n from time_off where firm_id = ?', firm.id);
  await login(page, firm.owner);
  await page.goto(`/schedule/marketing?who=${firm.owner.id}`);

  for (const [what, list, rows, confirm] of [
    ['holiday', 'holidays', holidays, 'Remove the holiday'],
    ['time off', 'time-off', timeOff, 'Remove the time off'],
  ] as const) {
    await page
      .getByTestId(list)
      .getByRole('button', { name: new RegExp(`^Remove the ${what} `) })
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toContainText(`Remove the ${what}`);
    if (what === 'holiday') expect(await serious(page), 'the remove dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await expect(dialog).toBeHidden();
    expect(rows()).toBe(1);

    await page
      .getByTestId(list)
      .getByRole('button', { name: new RegExp(`^Remove the ${what} `) })
      .click();
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
    await expect(page.getByTestId(list)).toContainText(what === 'holiday' ? 'No holidays ahead.' : 'No time off ahead.');
    expect(rows()).toBe(0);
  }
});
