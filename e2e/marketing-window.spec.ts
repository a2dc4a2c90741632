import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { serious } from './axe';
import { createFirm, expect, login, snapshot, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone
const SHOTS = '/work/shots/wt-flex';
mkdirSync(SHOTS, { recursive: true });

/** The consultant works Monday to Friday, 09:00–17:00, with no marketing block: next week owes the firm's 8 h. */
function owingWeek() {
  const firm = createFirm('Window');
  const d = testDb();
  for (const weekday of [1, 2, 3, 4, 5])
    d.insert(schema.workingHours).values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 540, endMinute: 1020 }).run();
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  return { firm, monday, day: (n: number) => monday.plus({ days: n }).toISODate()! };
}

const windowRow = (userId: number) =>
  testDb().select().from(schema.marketingWindows).where(eq(schema.marketingWindows.userId, userId)).get() ?? null;

test('a person sets their flexible marketing window; the kept time lands inside it on the week, and a bad window changes nothing', async ({
  page,
}, info) => {
  const { firm, monday, day } = owingWeek();
  await login(page, firm.consultant);
  await page.goto('/schedule/hours');
  const section = page.getByRole('region', { name: 'Flexible marketing hours' });
  for (const d of ['Tuesday', 'Wednesday', 'Thursday']) await section.getByRole('checkbox', { name: d }).check();
  await section.getByLabel('From').fill('08:00');
  await section.getByLabel('Until').fill('12:00');
  await section.getByRole('button', { name: 'Save marketing window' }).click();
  await expect(section.getByRole('status')).toHaveText('Marketing window saved: Tue–Thu, 08:00–12:00.');
  expect(windowRow(firm.consultant.id)).toMatchObject({ weekdays: 0b1110, startMinute: 480, endMinute: 720 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/window-saved-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'the hours page with the window').toEqual([]);

  // A window that ends before it starts: the message is next to "Until", and nothing is stored.
  const before = snapshot([firm.id]);
  await section.getByRole('checkbox', { name: 'Monday' }).check();
  await section.getByLabel('From').fill('12:00');
  await section.getByLabel('Until').fill('08:00');
  await section.getByRole('button', { name: 'Save marketing window' }).click();
  await expect(section.locator('#field-windowEnd-error')).toHaveText('The end must be after the start (the window stays within one day).');
  await expect(section.getByLabel('Until')).toHaveAttribute('aria-invalid', 'true');
  // What was sent stays in the form to fix: Monday is still ticked.
  await expect(section.getByRole('checkbox', { name: 'Monday' })).toBeChecked();
  expect(snapshot([firm.id])).toBe(before);
  expect(windowRow(firm.consultant.id)).toMatchObject({ weekdays: 0b1110, startMinute: 480, endMinute: 720 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/window-refused-${info.project.name}.png`, fullPage: true });

  // Next week owes 8 h: the window's 9 free hours (Tue–Thu 09:00–12:00, her day starting at 09:00) hold them,
  // latest first — Thursday and Wednesday mornings, Tuesday from 10:00. Friday, kept before, is free.
  await page.goto(`/schedule?week=${monday.toISODate()}`);
  const kept = page.getByRole('listitem', { name: /^Kept for marketing \(owed\)/ });
  await expect(kept).toHaveCount(3);
  const inDay = (n: number) => page.locator(`[data-date="${day(n)}"]`).getByRole('listitem', { name: /Kept for marketing/ });
  await expect(inDay(1)).toHaveAccessibleName(/10:00–12:00$/);
  await expect(inDay(2)).toHaveAccessibleName(/09:00–12:00$/);
  await expect(inDay(3)).toHaveAccessibleName(/09:00–12:00$/);
  await expect(inDay(4)).toHaveCount(0);
  await expect(inDay(1)).toHaveAttribute('data-protected', 'true');
  await inDay(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/week-kept-in-window-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'the week with the kept window').toEqual([]);
});

test('Today lists the time kept for marketing today as protected time', async ({ page }, info) => {
  const firm = createFirm('Kept today');
  const d = testDb();
  // Joined a month ago, nothing logged: this week owes 16 h (8 h and last week's 8 h carried). She works around the
  // clock every day and wants her marketing on today's weekday, all day: the kept time ends at midnight tonight.
  d.update(schema.users)
    .set({ createdAt: DateTime.now().minus({ days: 30 }).toMillis() })
    .where(eq(schema.users.id, firm.consultant.id))
    .run();
  for (const weekday of [1, 2, 3, 4, 5, 6, 7])
    d.insert(schema.workingHours).values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 0, endMinute: 1440 }).run();
  const weekday = DateTime.now().setZone(ZONE).weekday;
  d.insert(schema.marketingWindows)
    .values({ firmId: firm.id, userId: firm.consultant.id, weekdays: 1 << (weekday - 1), startMinute: 0, endMinute: 1440 })
    .run();
  await login(page, firm.consultant);
  await page.goto('/today');
  const kept = page.getByTestId('today-block').filter({ hasText: 'Kept for marketing (owed)' });
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('Protected');
  await expect(kept).toContainText(/–(00:00|12:00 AM)/);
  await page.screenshot({ path: `${SHOTS}/today-kept-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'Today with kept time').toEqual([]);
});
