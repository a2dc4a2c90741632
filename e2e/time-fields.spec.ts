import { DateTime } from 'luxon';
import type { Page } from '@playwright/test';
import { count, createFirm, expect, login, test, testDb } from './fixtures';

/*
 * Time fields follow the firm's 12/24-hour clock, not the browser's locale (a native time input showed "09:00 AM" in a
 * 24-hour firm). Either way of writing a time is accepted; nonsense is refused next to the field and changes nothing.
 */

const ZONE = 'America/New_York'; // the fixture firm's zone
const nextMonday = () => DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;
const appointments = (firmId: number) => count('select count(*) as n from appointments where firm_id = ?', firmId);

async function newAppointment(page: Page, start: string, end: string) {
  await page.getByLabel('Title').fill('Server maintenance');
  await page.getByLabel('Date').fill(nextMonday());
  await page.getByLabel('Start').fill(start);
  await page.getByLabel('End').fill(end);
  await page.getByRole('button', { name: 'Add appointment' }).click();
}

test('in a 24-hour firm a time field shows no AM/PM and takes "14:30"', async ({ page }) => {
  const firm = createFirm('Clock24');
  await login(page, firm.consultant);
  await page.goto('/schedule/appointments/new');
  const start = page.getByLabel('Start');
  await expect(start).toHaveValue('13:00');
  await expect(start).toHaveAttribute('placeholder', '14:30');
  await expect(start).toHaveAttribute('inputmode', 'numeric');
  // What the field shows is its value: a native time field would draw "01:00 PM" in an en-US browser.
  await expect(start).not.toHaveAttribute('type', 'time');
  await newAppointment(page, '14:30', '15:30');
  await expect(page.getByTestId('week-item').filter({ hasText: 'Server maintenance' })).toContainText('14:30–15:30');
  expect(appointments(firm.id)).toBe(1);
});

test('in a 12-hour firm "2:30 PM" is taken and shown; nonsense is refused next to the field and changes nothing', async ({ page }) => {
  const firm = createFirm('Clock12');
  testDb().$client.prepare("update firms set hour_clock = '12h' where id = ?").run(firm.id);
  await login(page, firm.consultant);
  await page.goto('/schedule/appointments/new');
  const start = page.getByLabel('Start');
  await expect(start).toHaveValue('1:00 PM');
  await expect(page.getByLabel('End')).toHaveValue('3:00 PM');
  await expect(start).toHaveAttribute('placeholder', '2:30 PM');

  await newAppointment(page, 'half two', '3:30 PM');
  await expect(page.locator('#field-start-error')).toHaveText('Enter the start time as a time of day, like 14:30 or 2:30 PM.');
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  await expect(start).toHaveValue('half two');
  expect(appointments(firm.id)).toBe(0);

  await start.fill('2:30 PM');
  await page.getByRole('button', { name: 'Add appointment' }).click();
  await expect(page.getByTestId('week-item').filter({ hasText: 'Server maintenance' })).toContainText('2:30–3:30 PM');
  expect(appointments(firm.id)).toBe(1);
  const row = testDb().$client.prepare('select starts_at as s from appointments where firm_id = ?').get(firm.id) as { s: number };
  expect(DateTime.fromMillis(row.s, { zone: ZONE }).toFormat('HH:mm')).toBe('14:30');
});
