import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { serious } from './axe';
import { createFirm, expect, login, snapshot, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone
const SHOTS = '/work/shots/wt-budget2';
mkdirSync(SHOTS, { recursive: true });

/** The consultant works Monday to Friday, 09:00–17:00, with no marketing block: next week owes the firm's 8 h. */
function owingWeek() {
  const firm = createFirm('Reserve');
  const d = testDb();
  for (const weekday of [1, 2, 3, 4, 5])
    d.insert(schema.workingHours).values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 540, endMinute: 1020 }).run();
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  return { firm, monday, friday: monday.plus({ days: 4 }).toISODate()! };
}

test('a person owing marketing sees the time kept for it on the week view, as protected time nothing can drag', async ({ page }, info) => {
  const { firm, monday, friday } = owingWeek();
  await login(page, firm.consultant);
  await page.goto(`/schedule?week=${monday.toISODate()}`);
  // The latest free time of the week is kept: all of Friday, 09:00–17:00.
  const kept = page.getByRole('listitem', { name: /^Kept for marketing \(owed\), .* 09:00–17:00$/ });
  await expect(kept).toHaveCount(1);
  await expect(page.locator(`[data-date="${friday}"]`).getByRole('listitem', { name: /Kept for marketing/ })).toBeVisible();
  await expect(kept).toHaveAttribute('data-type', 'reserve');
  await expect(kept).toHaveAttribute('data-protected', 'true');
  await expect(kept).toContainText('Protected');
  await expect(kept).toContainText('Kept for marketing (owed)');
  // Not a booking: nothing in it to drag or to follow.
  await expect(kept.getByTestId('move-handle')).toHaveCount(0);
  await expect(kept.getByRole('button')).toHaveCount(0);
  await expect(kept.getByRole('link')).toHaveCount(0);
  await kept.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/week-kept-for-marketing-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'the week with kept time').toEqual([]);
});

test('the owner sets a person’s weekly marketing allotment next to their hours; a bad value is refused, and the dashboard budget follows', async ({
  page,
}, info) => {
  const firm = createFirm('Allotment');
  const d = testDb();
  // Cole joined a month ago and logged no marketing: this week owes the allotment plus last week's, carried over.
  d.update(schema.users)
    .set({ createdAt: DateTime.now().minus({ days: 30 }).toMillis() })
    .where(eq(schema.users.id, firm.consultant.id))
    .run();
  await login(page, firm.owner);
  await page.goto('/dashboard');
  const cole = page.getByTestId('marketing-budget').getByRole('row', { name: /Cole Consultant/ });
  await expect(cole).toContainText('8 h8 h16 h');

  await page.goto(`/schedule/hours?who=${firm.consultant.id}`);
  const field = page.getByLabel('Weekly marketing allotment (hours)');
  await expect(field).toHaveValue('');
  const before = snapshot([firm.id]);
  await field.fill('41');
  await page.getByRole('button', { name: 'Save allotment' }).click();
  await expect(page.locator('#field-allotmentHours-error')).toHaveText('The allotment must be at most 40 hours a week.');
  expect(snapshot([firm.id])).toBe(before);
  await page.screenshot({ path: `${SHOTS}/allotment-refused-${info.project.name}.png`, fullPage: true });

  await field.fill('4');
  await page.getByRole('button', { name: 'Save allotment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'allotment' })).toHaveText('Weekly marketing allotment set to 4 h.');
  await page.screenshot({ path: `${SHOTS}/allotment-saved-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'the hours page with the allotment').toEqual([]);
  expect(d.select().from(schema.users).where(eq(schema.users.id, firm.consultant.id)).get()!.weeklyMarketingMinutes).toBe(240);

  await page.goto('/dashboard');
  await expect(cole).toContainText('4 h4 h8 h');
});
