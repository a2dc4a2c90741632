import { DateTime } from 'luxon';
import type { Page } from '@playwright/test';
import * as schema from '../db/schema';
import { serious } from './axe';
import { addClient, addOnceBlock, addVisit, createFirm, expect, login, snapshot, test, testDb, visitRow, type TestFirm } from './fixtures';

/**
 * Resizing a visit on the time grid: its bottom edge dragged (mouse on a desktop, a finger on a phone) or picked up by
 * keyboard changes its length through the same placement as the booking form; a length into a protected block is
 * refused where it was tried, with the rule's message, and nothing changes.
 */

const ZONE = 'America/New_York'; // the fixture firm's zone
const SHOTS = process.env.SHOTS_DIR;
const MIN = 60_000;

const nextMonday = () => DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toMillis();

/** Working hours Monday to Friday 08:00–17:00, a protected direct-mail block on `monday` 12:00–14:00, and a visit 09:00–10:00 with 15 min travel. */
function setUp(firm: TestFirm, monday: string): number {
  const db = testDb();
  const userId = firm.consultant.id;
  for (let weekday = 1; weekday <= 5; weekday++)
    db.insert(schema.workingHours).values({ firmId: firm.id, userId, weekday, startMinute: 480, endMinute: 1020 }).run();
  addOnceBlock(firm.id, userId, monday, 720, 840);
  const clientId = addClient(firm.id, { name: 'Resize Dental', seats: 3 });
  const id = addVisit(firm.id, clientId, userId, at(monday, '09:00'), 60, 15);
  db.$client.prepare('update visits set earliest_date = ?, latest_date = ? where id = ?').run(monday, monday, id);
  return id;
}

const visitItem = (page: Page) => page.locator('[data-testid="week-item"][data-type="visit"]').filter({ hasText: 'Resize Dental' });
const length = (id: number) => {
  const v = visitRow(id);
  return { minutes: v.durationMinutes, lasts: (v.endsAt! - v.startsAt!) / MIN };
};

/** A key as a person presses it: the grid moves the edge on the next frame. */
async function press(page: Page, key: string, times = 1) {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}

/**
 * Drags the visit's bottom edge `dy` pixels (a quarter hour is 15 px) and, before letting go, checks what the grid shows
 * and takes the screenshot. A desktop drags with the mouse; a phone with a finger: pressed a moment, then moved.
 */
async function dragEdge(page: Page, dy: number, whileHeld: () => Promise<void>) {
  const item = visitItem(page);
  await item.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const handle = item.getByTestId('resize-handle');
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (test.info().project.name === 'phone') {
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', py: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: py, id: 1 }] });
    await touch('touchStart', y);
    await page.waitForTimeout(400); // the press that tells a drag from a scroll
    for (let i = 1; i <= 10; i++) await touch('touchMove', y + (dy * i) / 10);
    await whileHeld();
    await touch('touchEnd', y + dy);
    return;
  }
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + 8, { steps: 3 });
  await page.mouse.move(x, y + dy, { steps: 12 });
  await whileHeld();
  await page.mouse.up();
}

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}-${test.info().project.name}.png` });
}

test('resize a visit by its bottom edge and by keyboard: the new length is stored; into a protected block it is refused and nothing changes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const firm = createFirm('Resize');
  const monday = nextMonday();
  const visitId = setUp(firm, monday);
  await login(page, firm.staff);
  await page.goto(`/schedule?who=${firm.consultant.id}&week=${monday}&day=${monday}`);
  await expect(visitItem(page)).toContainText('09:00–10:00');
  const handle = () => visitItem(page).getByTestId('resize-handle');
  await expect(handle()).toHaveAccessibleName(/^Change the end of the visit to Resize Dental/);
  if (test.info().project.name === 'phone') {
    // A finger needs a target: the phone's grip is 44 × 24 px.
    const box = (await handle().boundingBox())!;
    expect([box.width, box.height]).toEqual([44, 24]);
  }
  expect(await serious(page), '/schedule grid with resize handles').toEqual([]);

  // Down half an hour: while held, the new end and length show, and how far the rules let it go (11:45, travel back by 12:00).
  await dragEdge(page, 30, async () => {
    await expect(page.getByTestId('resize-preview')).toHaveText('Ends 10:30 (09:00–10:30, 1 h 30 min)');
    await expect(page.getByTestId('allowed-end')).toHaveCount(1);
    await shoot(page, 'resize');
  });
  await expect.poll(() => length(visitId)).toEqual({ minutes: 90, lasts: 90 });
  expect(visitRow(visitId).startsAt).toBe(at(monday, '09:00'));
  // The stored start and end, on the firm's clock: "Now Mon Dec 7, 09:00–10:30."
  await expect(page.getByTestId('grid-status')).toHaveText(/^Now \w{3} \w{3} \d{1,2}(, \d{4})?, 09:00–10:30\.$/);
  await page.reload();
  await expect(visitItem(page)).toContainText('09:00–10:30');

  // The keyboard: the end picked up with Space, down two quarter hours (said aloud), kept with Enter.
  await handle().focus();
  await press(page, 'Space');
  await expect(handle()).toHaveAttribute('aria-pressed', 'true');
  await press(page, 'ArrowDown', 2);
  await expect(page.getByTestId('resize-preview')).toContainText('Ends 11:00');
  await expect(page.locator('[id^="DndLiveRegion"]')).toContainText('Now ends 11:00, 2 h.');
  await page.keyboard.press('Enter');
  await expect.poll(() => length(visitId)).toEqual({ minutes: 120, lasts: 120 });
  await expect(visitItem(page)).toContainText('09:00–11:00');

  // Escape puts the end back: nothing is sent, nothing changes.
  const kept = snapshot([firm.id]);
  await handle().focus();
  await press(page, 'Space');
  await press(page, 'ArrowUp', 3);
  await page.keyboard.press('Escape');
  await expect(page.locator('[id^="DndLiveRegion"]')).toContainText('Length unchanged.');
  expect(snapshot([firm.id])).toBe(kept);

  // Into the protected block: to 12:00 its travel back runs into the block. Refused where it was tried, with the rule's
  // message; the database is unchanged, and so is the card, after a reload too.
  await dragEdge(page, 60, async () => {
    await expect(page.getByTestId('resize-preview')).toHaveText('Ends 12:00 (09:00–12:00, 3 h)');
  });
  await expect(page.getByTestId('grid-refusal')).toContainText(
    'Length not changed: That overlaps the protected marketing block “Direct mail”',
  );
  await expect(page.getByTestId('refused-drop')).toContainText('09:00–12:00 refused');
  await shoot(page, 'resize-refused');
  expect(snapshot([firm.id])).toBe(kept);
  expect(length(visitId)).toEqual({ minutes: 120, lasts: 120 });
  await page.reload();
  await expect(visitItem(page)).toContainText('09:00–11:00');

  // By keyboard into the block: the same refusal.
  await handle().focus();
  await press(page, 'Space');
  await press(page, 'ArrowDown', 5);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('grid-refusal')).toContainText('protected marketing block');
  expect(snapshot([firm.id])).toBe(kept);
});

test('the booking form changes a visit’s length by the same rules: stored when it fits; nonsense, too long or into a block refused, nothing changed', async ({
  page,
}) => {
  const firm = createFirm('Form length');
  const monday = nextMonday();
  const visitId = setUp(firm, monday);
  await login(page, firm.staff);
  await page.goto(`/schedule/visits/${visitId}`);
  const duration = page.getByLabel('Duration (minutes)');
  await expect(duration).toHaveValue('60');
  const book = () => page.getByRole('button', { name: 'Book at this time' }).click();

  // Not a number, and longer than a visit may last: refused next to the field, nothing stored.
  const before = snapshot([firm.id]);
  for (const [bad, said] of [
    ['an hour', 'Enter the duration in minutes as a whole number.'],
    ['601', 'The duration in minutes must be at most 600.'],
  ]) {
    await duration.fill(bad!);
    await book();
    await expect(page.locator('#field-durationMinutes-error')).toHaveText(said!);
    await expect(duration).toHaveValue(bad!);
    expect(snapshot([firm.id])).toBe(before);
  }

  // 90 minutes fits before the block: stored, and said as the stored span.
  await duration.fill('90');
  await book();
  await expect(page.getByRole('status').filter({ hasText: 'Now' })).toHaveText(/^Now \w{3} \w{3} \d{1,2}(, \d{4})?, 09:00–10:30\.$/);
  await expect.poll(() => length(visitId)).toEqual({ minutes: 90, lasts: 90 });
  await shoot(page, 'form-length');

  // Three hours: the travel back runs into the protected block at 12:00. Refused with the rule; nothing changes.
  const kept = snapshot([firm.id]);
  await duration.fill('180');
  await book();
  await expect(page.getByRole('alert').first()).toContainText('protected marketing block');
  expect(snapshot([firm.id])).toBe(kept);
  expect(length(visitId)).toEqual({ minutes: 90, lasts: 90 });
});
