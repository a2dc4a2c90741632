import { DateTime } from 'luxon';
import { serious } from './axe';
import { count, createFirm, expect, login, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone

/** How the app writes a day: "Tue Dec 8", with the year when it is not this year. */
const day = (d: DateTime) => d.toFormat(d.year === DateTime.now().setZone(ZONE).year ? 'ccc LLL d' : 'ccc LLL d, yyyy');

/** The second Tuesday of the month after next: always ahead, whatever today is. */
function secondTuesday(): DateTime {
  const first = DateTime.now().setZone(ZONE).startOf('month').plus({ months: 2 });
  return first.plus({ days: (2 - first.weekday + 7) % 7 }).plus({ weeks: 1 });
}

/** Monday to Friday, 08:00–17:00, for the person. */
function workingHours(firmId: number, userId: number) {
  const insert = testDb().$client.prepare(
    'insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, ?, 480, 1020)',
  );
  for (let weekday = 1; weekday <= 5; weekday++) insert.run(firmId, userId, weekday);
}

test('a monthly “second Tuesday” rule is shown in words and in its week; one occurrence moves to another date, not onto a holiday; a holiday takes its day’s block away', async ({
  page,
}, info) => {
  test.setTimeout(150_000); // many round trips on a shared, busy machine
  const firm = createFirm('Rules');
  const c = firm.consultant;
  workingHours(firm.id, c.id);
  const nextMonday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  const friday = nextMonday.plus({ days: 4 });
  await login(page, firm.owner);
  await page.goto(`/schedule/marketing?who=${c.id}`);

  // Monthly, second Tuesday, 07:30–09:00.
  await page.getByLabel('Monthly, on a weekday (the second Tuesday…)').check();
  await page.getByLabel('Kind').selectOption('networking');
  await page.getByLabel('Title (optional)').fill('Chamber breakfast');
  await page.getByLabel('Which one in the month').selectOption('2');
  await page.getByLabel('Weekday', { exact: true }).selectOption('2');
  await page.getByLabel('Starting from').fill(DateTime.now().setZone(ZONE).toISODate()!);
  await page.getByLabel('Start', { exact: true }).fill('07:30');
  await page.getByLabel('End', { exact: true }).fill('09:00');
  await page.getByRole('button', { name: 'Add protected block' }).click();
  await expect(page.getByRole('status').first()).toContainText('every month on the 2nd Tuesday');
  const rules = page.getByTestId('marketing-rules');
  await expect(rules).toContainText('Every month on the 2nd Tuesday, 07:30–09:00');
  // The form starts again: what is checked matches the fields shown.
  await expect(page.getByLabel('Every week')).toBeChecked();
  await expect(page.getByLabel('Which one in the month')).toHaveCount(0);
  // A field error sits next to its field: every few weeks without a number.
  await page.getByLabel('Every few weeks').check();
  await page.getByLabel('Every how many weeks').fill('');
  await page.getByRole('button', { name: 'Add protected block' }).click();
  await expect(page.locator('#field-interval-error')).toHaveText('Enter every how many weeks, 2 to 12.');
  await expect(page.getByLabel('Every how many weeks')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Every few weeks')).toBeChecked();

  // A weekly follow-up calls block on Mondays and Fridays (no title: the kind is its label, said once).
  for (const first of [nextMonday, friday]) {
    await page.getByLabel('Every week').check();
    await page.getByLabel('Kind').selectOption('follow_up_calls');
    await page.getByLabel('Title (optional)').fill('');
    await page.getByLabel('First date (sets the weekday)').fill(first.toISODate()!);
    await page.getByLabel('Start', { exact: true }).fill('14:00');
    await page.getByLabel('End', { exact: true }).fill('15:00');
    await page.getByRole('button', { name: 'Add protected block' }).click();
    await expect(page.getByRole('status').first()).toContainText(`every week on ${first.toFormat('cccc')}`);
  }
  await expect(rules.getByRole('listitem')).toHaveCount(3);
  await expect(rules).not.toContainText('Follow-up calls (Follow-up calls)');
  await expect(rules.getByText('Follow-up calls', { exact: true })).toHaveCount(2);

  // The monthly rule in the week of its second Tuesday.
  const tuesday = secondTuesday();
  await page.goto(`/schedule?who=${c.id}&week=${tuesday.startOf('week').toISODate()}`);
  const tuesdayCard = page.locator(`[data-date="${tuesday.toISODate()}"]`);
  await expect(tuesdayCard.getByTestId('week-item').filter({ hasText: 'Chamber breakfast' })).toContainText('07:30–09:00');

  // The owner adds a holiday on next Friday (with the keyboard); moving Monday's calls onto it is refused next to the date.
  await page.goto(`/schedule/marketing?who=${c.id}`);
  const occurrences = page.getByTestId('occurrences');
  await expect(occurrences.getByRole('listitem').filter({ hasText: day(friday) })).toHaveCount(1);
  await page.getByLabel('Holiday date').fill(friday.toISODate()!);
  await page.getByLabel('Holiday name').fill('Founders Day');
  await page.getByLabel('Holiday name').press('Enter');
  await expect(page.getByTestId('holidays')).toContainText(`${day(friday)} · Founders Day`);
  await expect(occurrences.getByRole('listitem').filter({ hasText: day(friday) })).toHaveCount(0);

  const monday = occurrences.getByRole('listitem').filter({ hasText: day(nextMonday) });
  await monday.getByText('Skip or move this one…').click();
  await monday.getByLabel('New date').fill(friday.toISODate()!);
  await monday.getByLabel('Why move it? (audited)').fill('Client workshop on Monday');
  await monday.getByRole('button', { name: 'Move this occurrence' }).click();
  await expect(monday.locator(`#move-${await ruleIdOf(firm.id, 1)}-${nextMonday.toISODate()}-toDate-error`)).toContainText(
    'the firm’s holiday “Founders Day”',
  );
  // Onto Wednesday morning instead.
  const wednesday = nextMonday.plus({ days: 2 });
  await monday.getByLabel('New date').fill(wednesday.toISODate()!);
  await monday.getByLabel('New start').fill('10:00');
  await monday.getByLabel('New end').fill('11:00');
  await monday.getByRole('button', { name: 'Move this occurrence' }).click();
  const moved = occurrences.getByRole('listitem').filter({ hasText: `Moved from ${day(nextMonday)}` });
  await expect(moved).toContainText(`${day(wednesday)}, 10:00–11:00`);
  expect(
    count("select count(*) as n from marketing_exceptions where firm_id = ? and action = 'move' and to_date is not null", firm.id),
  ).toBe(1);

  // The week shows the holiday and no block on it, and the moved occurrence on Wednesday.
  await page.goto(`/schedule?who=${c.id}&week=${nextMonday.toISODate()}`);
  const fridayCard = page.locator(`[data-date="${friday.toISODate()}"]`);
  await expect(fridayCard.getByTestId('day-off')).toHaveText('Holiday: Founders Day');
  await expect(fridayCard.getByTestId('week-item')).toHaveCount(0);
  await expect(page.locator(`[data-date="${wednesday.toISODate()}"]`).getByTestId('week-item')).toContainText('10:00–11:00');
  await expect(page.locator(`[data-date="${nextMonday.toISODate()}"]`).getByTestId('week-item')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('week-holiday.png'), fullPage: true });
  expect(await serious(page)).toEqual([]);
});

test('a consultant records their own time off; their blocks do not happen then and nothing can be booked', async ({ page }) => {
  test.setTimeout(120_000);
  const firm = createFirm('TimeOff');
  const c = firm.consultant;
  workingHours(firm.id, c.id);
  const nextMonday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  await login(page, c);
  await page.goto('/schedule/marketing');
  await page.getByLabel('Every week').check();
  await page.getByLabel('Kind').selectOption('direct_mail');
  await page.getByLabel('First date (sets the weekday)').fill(nextMonday.plus({ days: 1 }).toISODate()!);
  await page.getByRole('button', { name: 'Add protected block' }).click();
  await expect(page.getByRole('status').first()).toContainText('every week on Tuesday');
  // Holidays are the owner's: a consultant sees no form for them.
  await expect(page.getByLabel('Holiday name')).toHaveCount(0);
  await page.getByLabel('First day off').fill(nextMonday.toISODate()!);
  await page.getByLabel('Last day off').fill(nextMonday.plus({ days: 2 }).toISODate()!);
  await page.getByLabel('Note (optional)').fill('Family visit');
  await page.getByRole('button', { name: 'Record time off' }).click();
  await expect(page.getByTestId('time-off')).toContainText('Family visit');
  await expect(
    page
      .getByTestId('occurrences')
      .getByRole('listitem')
      .filter({ hasText: day(nextMonday.plus({ days: 1 })) }),
  ).toHaveCount(0);
  // An appointment on a day off is refused next to the date.
  await page.goto(`/schedule/appointments/new?who=${c.id}`);
  await page.getByLabel('Title', { exact: true }).fill('Server work');
  await page.getByLabel('Date', { exact: true }).fill(nextMonday.plus({ days: 1 }).toISODate()!);
  await page.getByRole('button', { name: 'Add appointment' }).click();
  await expect(page.locator('#field-date-error')).toContainText('time off (Family visit)');
  await page.goto(`/schedule?who=${c.id}&week=${nextMonday.toISODate()}`);
  await expect(page.locator(`[data-date="${nextMonday.toISODate()}"]`).getByTestId('day-off')).toHaveText('Time off: Family visit');
});

/** The id of the firm's marketing rule at index `n` (0-based, in the order they were made). */
async function ruleIdOf(firmId: number, n: number): Promise<number> {
  const rows = testDb().$client.prepare('select id from marketing_blocks where firm_id = ? order by id').all(firmId) as { id: number }[];
  return rows[n]!.id;
}
