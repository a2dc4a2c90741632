import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { serious } from './axe';
import { addClient, count, createFirm, expect, login, logout, snapshot, test, testDb } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone

/**
 * A calendar as Google serves it: a weekly event in New York time, its
 * second week moved by a RECURRENCE-ID instance, plus an all-day event.
 */
function calendarFile(monday: string): string {
  const d = (date: string) => date.replaceAll('-', '');
  const plus = (days: number) => DateTime.fromISO(monday).plus({ days }).toISODate()!;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'TZNAME:EDT',
    'DTSTART:19700308T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'TZNAME:EST',
    'DTSTART:19701101T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:dentist@e2e.example',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=America/New_York:${d(monday)}T080000`,
    `DTEND;TZID=America/New_York:${d(monday)}T110000`,
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Dentist appointment',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:dentist@e2e.example',
    'DTSTAMP:20260101T000000Z',
    `RECURRENCE-ID;TZID=America/New_York:${d(plus(7))}T080000`,
    `DTSTART;TZID=America/New_York:${d(plus(8))}T140000`,
    `DTEND;TZID=America/New_York:${d(plus(8))}T150000`,
    'SUMMARY:Dentist appointment',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:offsite@e2e.example',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;VALUE=DATE:${d(plus(2))}`,
    `DTEND;VALUE=DATE:${d(plus(3))}`,
    'SUMMARY:Family day',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let server: http.Server;
let calendarUrl = '';
const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/s3cr3t-token-do-not-show/basic.ics')
      return void res.writeHead(200, { 'content-type': 'text/calendar' }).end(calendarFile(monday));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  calendarUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s3cr3t-token-do-not-show/basic.ics`;
});
test.afterAll(() => server.close());

const SHOTS = process.env.SHOTS_DIR;

test('an external calendar’s event becomes busy time: added in Settings, shown as busy, avoided by the auto-scheduler, refused to a manual booking', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  const firm = createFirm('ExtCal');
  const c = firm.consultant;
  const clientId = addClient(firm.id, { name: 'Tiny Dental', seats: 3 });
  // Monday 08:00–12:00 only: the calendar's 08:00–11:00 leaves one free hour.
  testDb()
    .$client.prepare('insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, 1, 480, 720)')
    .run(firm.id, c.id);
  // No marketing owed (the budget would rightly keep the one free hour for it): this test is about the other calendar.
  testDb().$client.prepare('update firms set weekly_marketing_target_minutes = 0 where id = ?').run(firm.id);
  const calendars = () => count('select count(*) as n from external_calendars where firm_id = ?', firm.id);

  // The consultant adds the private address of their own calendar; a bad one is refused next to the field.
  await login(page, c);
  await page.goto('/settings/profile');
  const field = page.getByLabel('Private address of your calendar (iCal)');
  await field.fill('file:///etc/passwd');
  await page.getByRole('button', { name: 'Add calendar' }).click();
  await expect(page.locator('#external-calendar-url-error')).toHaveText(
    'Enter a web address starting with https://, http:// or webcal://.',
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(calendars()).toBe(0);
  await field.fill(calendarUrl);
  await page.getByRole('button', { name: 'Add calendar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Calendar added.' })).toHaveText(
    'Calendar added. Read 4 events; they now count as busy time.',
  );
  const row = page.getByTestId('external-calendar').first();
  await expect(row).toContainText('127.0.0.1:');
  await expect(row.getByTestId('external-calendar-status')).toContainText('4 events from last week to 90 days ahead count as busy');
  // The address is a secret: even its owner sees it masked.
  await expect(page.locator('body')).not.toContainText('s3cr3t-token');
  // Read a moment ago: "Refresh now" waits a minute.
  await row.getByRole('button', { name: /^Refresh now/ }).click();
  await expect(row.getByRole('alert')).toHaveText('That calendar was read less than a minute ago; try again in a minute.');
  // An address nothing answers at is kept, with the reason as its status; it stops nothing else.
  await field.fill('http://127.0.0.1:1/calendar.ics');
  await page.getByRole('button', { name: 'Add calendar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Calendar added.' })).toHaveText(
    'Calendar added. It could not be read: The calendar’s server refused the connection.',
  );
  await expect(page.getByTestId('external-calendar')).toHaveCount(2);
  await expect(page.getByTestId('external-calendar-status').nth(1)).toContainText(
    'Could not be read: The calendar’s server refused the connection. Tried',
  );
  await expect(page.getByTestId('external-calendar-status').first()).toContainText('4 events');
  expect(await serious(page), 'settings with a calendar').toEqual([]);
  if (SHOTS)
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Your other calendars' }) })
      .screenshot({ path: `${SHOTS}/settings-other-calendars-${info.project.name}.png` });

  // Its owner sees the title on the schedule.
  await page.goto(`/schedule?view=day&day=${monday}&who=${c.id}`);
  const busy = page.locator('[data-testid="week-item"][data-type="busy"]');
  await expect(busy).toHaveCount(1);
  await expect(busy).toContainText('Dentist appointment');
  await expect(busy).toContainText('Other calendar');
  expect(await serious(page), 'the grid with a busy block').toEqual([]);
  await logout(page);

  // The office: everyone else sees only "Busy".
  const visitId = testDb()
    .$client.prepare(
      `insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, ?, 0) returning id`,
    )
    .get(firm.id, clientId, monday, monday, JSON.stringify([c.id])) as { id: number };
  await login(page, firm.owner);
  await page.goto(`/schedule?view=day&day=${monday}&who=${c.id}`);
  await expect(busy).toHaveCount(1);
  await expect(busy).toContainText('Busy');
  await expect(page.locator('body')).not.toContainText('Dentist appointment');

  // The auto-scheduler keeps clear of it: the only free hour is 11:00–12:00.
  await page.goto('/schedule/auto');
  await page.getByLabel('Weeks ahead').fill('2');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('proposal')).toHaveCount(1);
  await page.getByRole('button', { name: 'Accept and book' }).click();
  await expect(page.getByRole('status')).toHaveText('Booked 1 visit.');
  const booked = testDb().$client.prepare('select starts_at, ends_at from visits where id = ?').get(visitId.id) as {
    starts_at: number;
    ends_at: number;
  };
  const busyRows = testDb().$client.prepare('select starts_at, ends_at from external_busy where firm_id = ?').all(firm.id) as {
    starts_at: number;
    ends_at: number;
  }[];
  expect(busyRows).toHaveLength(4);
  for (const b of busyRows) expect(booked.starts_at < b.ends_at && b.starts_at < booked.ends_at).toBe(false);
  expect(DateTime.fromMillis(booked.starts_at, { zone: ZONE }).toFormat('yyyy-LL-dd HH:mm')).toBe(`${monday} 11:00`);
  if (SHOTS) {
    await page.goto(`/schedule?view=day&day=${monday}&who=${c.id}`);
    await expect(page.locator('[data-testid="week-item"][data-type="visit"]')).toHaveCount(1);
    // A phone's navigation bar is fixed to the bottom: a full-page picture would lay it over the grid.
    await page.locator('[data-testid="week-item"][data-type="visit"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: `${SHOTS}/grid-busy-${info.project.name}.png`, fullPage: info.project.name !== 'phone' });
  }

  // A manual booking over it is refused, naming why, and changes nothing.
  await page.goto(`/schedule/visits/${visitId.id}`);
  const before = snapshot([firm.id]);
  await page.getByLabel('Date').fill(monday);
  await page.getByLabel('Start').fill('09:00');
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.getByRole('alert').first()).toContainText(`${c.name} is busy then (their own calendar:`);
  expect(snapshot([firm.id])).toBe(before);
});
