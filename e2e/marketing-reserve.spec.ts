import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { serious } from './axe';
import { createFirm, expect, login, test, testDb } from './fixtures';

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
