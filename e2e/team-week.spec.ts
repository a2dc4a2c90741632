import { DateTime } from 'luxon';
import type { Locator, Page } from '@playwright/test';
import * as schema from '../db/schema';
import { serious } from './axe';
import { addClient, addOnceBlock, addVisit, createFirm, expect, login, test, testDb, visitRow } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone
const SHOTS = process.env.SHOTS_DIR;
const TECHS = 30;

const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toMillis();

/**
 * A firm of 32 people (Cole, Olive and Tech 01–30, in the team's order by name), each working Monday to Friday
 * 08:00–17:00 with four half-hour appointments a day; the last one, Tech 30, also has on Monday a protected
 * direct-mail block, a visit and an appointment written over it, and a weekly micro cap below the visit's hour.
 */
function bigTeam(monday: string) {
  const firm = createFirm('Big team');
  const db = testDb();
  const techs = Array.from({ length: TECHS }, (_, i) =>
    db
      .insert(schema.users)
      .values({
        firmId: firm.id,
        name: `Tech ${String(i + 1).padStart(2, '0')}`,
        email: `tech-${i}-${firm.id}@e2e.example`,
        role: 'consultant',
        passwordHash: 'x',
      })
      .returning()
      .get(),
  );
  const insert = db.$client.transaction(() => {
    for (const user of [firm.consultant, firm.owner, ...techs]) {
      for (let weekday = 1; weekday <= 5; weekday++) {
        db.insert(schema.workingHours).values({ firmId: firm.id, userId: user.id, weekday, startMinute: 480, endMinute: 1020 }).run();
        const date = DateTime.fromISO(monday)
          .plus({ days: weekday - 1 })
          .toISODate()!;
        for (const [from, to] of [
          ['08:00', '08:30'],
          ['11:00', '11:30'],
          ['14:30', '15:00'],
          ['16:00', '16:30'],
        ] as const)
          db.insert(schema.appointments)
            .values({ firmId: firm.id, userId: user.id, title: `Call ${from}`, startsAt: at(date, from), endsAt: at(date, to) })
            .run();
      }
    }
  });
  insert();
  const last = techs.at(-1)!;
  addOnceBlock(firm.id, last.id, monday, 720, 840);
  const visitId = addVisit(firm.id, addClient(firm.id, { name: 'Far Dental', seats: 3 }), last.id, at(monday, '09:00'), 60);
  db.insert(schema.appointments)
    .values({ firmId: firm.id, userId: last.id, title: 'Vendor call', startsAt: at(monday, '09:30'), endsAt: at(monday, '10:30') })
    .run();
  db.$client.prepare('update users set micro_cap_minutes_per_week = 30 where id = ?').run(last.id);
  return { firm, last, visitId };
}

/** Elements drawn for the team's week (its sections), as the browser holds them. */
const gridElements = (page: Page) => page.locator('main').evaluate((main) => main.querySelectorAll('section *').length);

async function shoot(page: Page, name: string, clipOf?: Locator) {
  if (!SHOTS) return;
  const file = `${SHOTS}/${name}-${test.info().project.name}.png`;
  if (!clipOf) return page.screenshot({ path: file });
  // Where the element is on the page, without scrolling to it (which would draw its grid).
  const box = await clipOf.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY - 40, width: r.width, height: Math.min(r.height + 40, 700) };
  });
  await page.screenshot({ path: file, fullPage: true, clip: box });
}

test('the team’s week of a big firm draws only the people near the screen; the others are a summary with the same flags, drawn as they come near, and still move by drag', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;
  const { firm, last, visitId } = bigTeam(monday);
  await login(page, firm.staff);
  await page.goto(`/schedule?who=team&week=${monday}&day=${monday}`);

  // Every person has their section, heading and weekly figures; far ones hold a day-by-day summary, not their bookings.
  const sections = page.locator('section[data-testid^="week-"]');
  await expect(sections).toHaveCount(TECHS + 2);
  // Drawn whole, these 32 weeks were 19,933 elements (the 50-person firm's 18,978); with only the people near the
  // screen drawn and the rest in short, 2,038.
  expect(await gridElements(page)).toBeLessThan(4_000);
  const far = page.getByTestId(`week-${last.id}`);
  await expect(far.getByRole('heading', { name: last.name })).toBeAttached();
  await expect(far.getByTestId('micro-cap')).toContainText('over the cap');
  await expect(far.getByTestId('week-item')).toHaveCount(0);
  const summary = far.getByTestId('week-summary');
  const monday1 = summary.locator(`[data-testid="day-summary"][data-day="${monday}"]`);
  // Protected time, and what breaks a rule, shown where it is: that person, that day.
  await expect(monday1).toContainText('1 visit, 5 appointments · 4 h booked');
  await expect(monday1).toContainText(/Protected \(\d+\)/);
  await expect(monday1).toHaveAttribute('data-flags', 'Overlaps (2),Over cap (1)');
  await expect(summary.locator('[data-testid="day-summary"]').nth(1)).toHaveAttribute('data-flags', '');
  expect(await serious(page), '/schedule team week').toEqual([]);
  await shoot(page, 'team-week-top');
  await shoot(page, 'team-week-summary', far);

  // Scrolled near, the grid replaces the summary at the same height (nothing below moves), with the flags on the bookings.
  const height = (await far.boundingBox())!.height;
  await far.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const visit = far.locator('[data-testid="week-item"][data-type="visit"]');
  await expect(visit).toHaveAttribute('data-flags', 'Overlaps,Over cap');
  await expect(far.locator('[data-testid="week-item"][data-type="block"]')).toContainText('Protected');
  await expect(far.locator('[data-testid="week-item"][data-type="appointment"]').filter({ hasText: 'Vendor call' })).toHaveAttribute(
    'data-flags',
    'Overlaps',
  );
  expect(Math.abs((await far.boundingBox())!.height - height)).toBeLessThanOrEqual(1);
  await shoot(page, 'team-week-drawn');

  // Dragging still works on a grid drawn late: the vendor call down half an hour with the mouse, into the free time
  // after the visit (stored).
  const call = far.locator('[data-testid="week-item"][data-type="appointment"]').filter({ hasText: 'Vendor call' });
  await call.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const box = (await call.getByTestId('move-handle').boundingBox())!;
  await page.mouse.move(box.x + 8, box.y + 6);
  await page.mouse.down();
  await page.mouse.move(box.x + 10, box.y + 14, { steps: 3 });
  await expect(far.getByTestId('allowed-slot').first()).toBeAttached();
  await page.mouse.move(box.x + 8, box.y + 6 + 30, { steps: 12 });
  await page.mouse.up();
  await expect
    .poll(() =>
      testDb().$client.prepare("select starts_at as s from appointments where user_id = ? and title = 'Vendor call'").get(last.id),
    )
    .toEqual({ s: at(monday, '10:00') });
  expect(visitRow(visitId).startsAt).toBe(at(monday, '09:00'));
});

test('the keyboard reaches every person of a big team’s week: focus on a summary draws that grid, and the next Tab is on its bookings; a phone shows the day asked for', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;
  const wednesday = DateTime.fromISO(monday).plus({ days: 2 }).toISODate()!;
  const { firm, last } = bigTeam(monday);
  await login(page, firm.staff);
  await page.goto(`/schedule?who=team&week=${monday}&day=${wednesday}`);
  const far = page.getByTestId(`week-${last.id}`);
  const summary = far.getByTestId('week-summary');
  await expect(summary).toHaveAttribute('tabindex', '0');
  await summary.focus();
  await expect(far.getByTestId('week-item').first()).toBeAttached();
  if (info.project.name === 'phone') {
    // A grid drawn late opens on the day asked for, as the ones drawn with the page do (one day shows at a time).
    await expect(far.locator(`[data-scroller] li[data-date="${wednesday}"]`)).toBeInViewport({ ratio: 0.9 });
    await expect(far.locator(`[data-scroller] li[data-date="${monday}"]`)).not.toBeInViewport();
  }
  await page.keyboard.press('Tab');
  await expect(far.locator(':focus')).toHaveCount(1);
  await expect(far.locator('[data-date] :focus')).toHaveCount(1);
});
