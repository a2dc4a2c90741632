import { DateTime } from 'luxon';
import type { Page } from '@playwright/test';
import { serious } from './axe';
import {
  actionId,
  addClient,
  addVisit,
  count,
  createFirm,
  expect,
  login,
  logout,
  postAction,
  snapshot,
  test,
  testDb,
  visitRow,
} from './fixtures';

const SCHEDULE_ACTIONS = 'app/(app)/schedule/actions.ts';
const ZONE = 'America/New_York'; // the fixture firm's zone

/** Next week's Monday and Tuesday in the firm's zone, as YYYY-MM-DD. */
function nextWeek() {
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  return { monday: monday.toISODate()!, tuesday: monday.plus({ days: 1 }).toISODate()! };
}

/** On a phone the schedule's page actions sit behind one menu button: open it (with the keyboard) when it is there. */
async function openScheduleMenu(page: Page) {
  const menu = page.locator('summary', { hasText: 'Schedule menu' });
  if (test.info().project.name !== 'phone') return expect(menu).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('details', { has: menu })).toHaveAttribute('open', '');
}

/** An open request for `clientId` (priority 3, an hour), its window from `from` to `to`, which only `allowed` may take when given. */
function openRequest(firmId: number, clientId: number, from: string, to: string, allowed: number[] = []): number {
  return (
    testDb()
      .$client.prepare(
        `insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, ?, 0) returning id`,
      )
      .get(firmId, clientId, from, to, JSON.stringify(allowed)) as { id: number }
  ).id;
}

test('blocks and requests, auto-schedule, accept: the visits show in the week and none overlaps a protected block; a manual move into a block is refused', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const firm = createFirm('Sched');
  const clientId = addClient(firm.id, { name: 'Tiny Dental', seats: 3 });
  const { monday, tuesday } = nextWeek();
  const c = firm.consultant;
  await login(page, firm.owner);

  // Working hours for the consultant, Monday to Friday.
  await page.goto(`/schedule/hours?who=${c.id}`);
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
    await page.getByRole('textbox', { name: day, exact: true }).fill('08:00-12:00, 13:00-17:00');
  await page.getByRole('button', { name: 'Save working hours' }).click();
  await expect(page.getByRole('status')).toHaveText('Working hours saved.');

  // A weekly direct-mail block on Mondays 09:00–12:00 and a one-off expo on Tuesday afternoon.
  await page.goto(`/schedule/marketing?who=${c.id}`);
  await page.getByLabel('Kind').selectOption('direct_mail');
  await page.getByLabel('First date (sets the weekday)').fill(monday);
  await page.getByLabel('Start', { exact: true }).fill('09:00');
  await page.getByLabel('End', { exact: true }).fill('12:00');
  await page.getByRole('button', { name: 'Add protected block' }).click();
  await expect(page.getByRole('status').first()).toContainText('Protected block added: every week on Monday');
  await page.getByLabel('Once (an expo day, a seminar evening)').check();
  await page.getByLabel('Kind').selectOption('expo');
  await page.getByLabel('Title (optional)').fill('Main Street Expo');
  await page.getByLabel('Date', { exact: true }).fill(tuesday);
  await page.getByLabel('Start', { exact: true }).fill('13:00');
  await page.getByLabel('End', { exact: true }).fill('17:00');
  await page.getByRole('button', { name: 'Add protected block' }).click();
  await expect(page.getByTestId('marketing-rules')).toContainText('Main Street Expo');

  // Three requests of 90 minutes with 15 minutes of travel each way, for Monday or Tuesday.
  for (let i = 0; i < 3; i++) {
    await page.goto('/schedule/requests/new');
    await page.getByLabel('Client', { exact: true }).selectOption(String(clientId));
    await page.getByLabel('Duration (minutes)').fill('90');
    await page.getByLabel('Travel each way (minutes)').fill('15');
    await page.getByLabel('Earliest date').fill(monday);
    await page.getByLabel('Latest date').fill(tuesday);
    await page.getByLabel('Notes (what is wrong)').fill(`Printer problem ${i + 1}`);
    await page.getByRole('button', { name: 'Add request' }).click();
    await expect(page).toHaveURL(/\/schedule\?added=request/);
  }
  await expect(page.getByTestId('open-requests').getByRole('listitem')).toHaveCount(3);
  // Each shows its window as days people read, not ISO dates.
  const day = (d: string) => {
    const t = DateTime.fromISO(d);
    return t.toFormat(t.year === new Date().getUTCFullYear() ? 'ccc LLL d' : 'ccc LLL d, yyyy'); // late December: next week is next year
  };
  await expect(page.getByTestId('open-requests').getByRole('listitem').first()).toContainText(
    `90 min · priority 3 · ${day(monday)} – ${day(tuesday)}`,
  );

  // Auto-schedule: a preview first, nothing booked until accepted.
  await page.goto('/schedule/auto');
  await page.getByLabel('Weeks ahead').fill('2');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('proposal')).toHaveCount(3);
  expect(count(`select count(*) as n from visits where firm_id = ? and status = 'scheduled'`, firm.id)).toBe(0);
  await page.getByRole('button', { name: 'Accept and book' }).click();
  await expect(page.getByRole('status')).toHaveText('Booked 3 visits.');

  // The week view shows the three visits and both blocks, and no visit's footprint touches a block.
  await page.goto(`/schedule?who=${c.id}&week=${monday}`);
  const items = await page.getByTestId('week-item').evaluateAll((els) =>
    els.map((el) => ({
      type: el.getAttribute('data-type'),
      protected: el.getAttribute('data-protected'),
      starts: Number(el.getAttribute('data-starts')),
      ends: Number(el.getAttribute('data-ends')),
    })),
  );
  const visits = items.filter((i) => i.type === 'visit');
  const blocks = items.filter((i) => i.type === 'block' && i.protected === 'true');
  expect(visits).toHaveLength(3);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  for (const v of visits) for (const b of blocks) expect(v.starts - 15 * 60_000 < b.ends && b.starts < v.ends + 15 * 60_000).toBe(false);
  await expect(page.getByText('Main Street Expo')).toBeVisible();

  // Moving a visit into the Monday block is refused, naming the block, and changes nothing.
  await page
    .getByTestId('week-item')
    .filter({ has: page.getByRole('link', { name: 'Tiny Dental' }) })
    .first()
    .getByRole('link')
    .click();
  await expect(page.getByRole('heading', { name: 'Visit to Tiny Dental' })).toBeVisible();
  await expect(page.getByText(`${day(monday)} – ${day(tuesday)}`)).toBeVisible(); // the request's window, as on the schedule
  const before = snapshot([firm.id]);
  await page.getByLabel('Date').fill(monday);
  await page.getByLabel('Start').fill('09:30');
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.getByRole('alert').first()).toContainText('protected marketing block “Direct mail”');
  expect(snapshot([firm.id])).toBe(before);
});

test('a consultant adds an appointment from the schedule, sees it as busy time in the week, removes it there and undoes that', async ({
  page,
}, info) => {
  const firm = createFirm('Appt');
  const { monday } = nextWeek();
  const c = firm.consultant;
  await login(page, c);
  await page.goto('/schedule');
  await openScheduleMenu(page);
  await page.getByRole('link', { name: 'New appointment' }).click();
  await page.getByLabel('Title').fill('Server maintenance at Acme');
  await page.getByLabel('Date').fill(monday);
  await page.getByLabel('Start').fill('13:00');
  await page.getByLabel('End').fill('15:00');
  await page.getByRole('button', { name: 'Add appointment' }).click();
  await expect(page).toHaveURL(new RegExp(`/schedule\\?who=${c.id}&week=${monday}`));
  const item = page.getByTestId('week-item').filter({ hasText: 'Server maintenance at Acme' });
  await expect(item).toContainText('13:00–15:00');
  await expect(item).toContainText('Busy');
  expect(count('select count(*) as n from appointments where firm_id = ? and user_id = ?', firm.id, c.id)).toBe(1);

  // Removing asks first; "Keep it" leaves the appointment where it was.
  await item.getByRole('button', { name: 'Remove appointment Server maintenance at Acme' }).click();
  const ask = page.getByRole('dialog', { name: 'Remove the appointment “Server maintenance at Acme”?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Keep it' }).click();
  await expect(ask).toBeHidden();
  expect(count('select count(*) as n from appointments where firm_id = ?', firm.id)).toBe(1);
  await item.getByRole('button', { name: 'Remove appointment Server maintenance at Acme' }).click();
  const row = testDb().$client.prepare('select * from appointments where firm_id = ?').get(firm.id);
  await ask.getByRole('button', { name: 'Remove it' }).click();
  await expect(item).toHaveCount(0);
  expect(count('select count(*) as n from appointments where firm_id = ?', firm.id)).toBe(0);

  // The week it was in offers Undo, which puts back exactly the row that was removed.
  const notice = page.getByTestId('removed-notice');
  await expect(notice).toContainText('Removed “Server maintenance at Acme”');
  await page.screenshot({ path: info.outputPath('appointment-removed.png'), fullPage: true });
  await notice.getByRole('button', { name: 'Undo removing Server maintenance at Acme' }).click();
  await expect(notice).toContainText('is back in the week');
  await expect(item).toContainText('13:00–15:00');
  expect(testDb().$client.prepare('select * from appointments where firm_id = ?').get(firm.id)).toEqual(row);
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'appointment.restore'", firm.id)).toBe(1);
});

test('a consultant cannot dispatch, and another firm cannot touch this firm’s visits', async ({ page }) => {
  const firm = createFirm('Guard');
  const other = createFirm('Other');
  const clientId = addClient(firm.id, { name: 'Guarded Client', seats: 2 });
  const { monday } = nextWeek();
  const visitId = testDb()
    .$client.prepare(
      `insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, '[]', 0) returning id`,
    )
    .get(firm.id, clientId, monday, monday) as { id: number };

  await login(page, firm.consultant);
  const before = snapshot([firm.id, other.id]);
  const place = await postAction(page.request, actionId(SCHEDULE_ACTIONS, 'placeVisitAction'), {
    visitId: String(visitId.id),
    userId: String(firm.consultant.id),
    date: monday,
    start: '10:00',
  });
  expect(place.body).toContain('You do not have permission to do that.');
  const block = await postAction(page.request, actionId(SCHEDULE_ACTIONS, 'createBlockAction'), {
    userId: String(firm.owner.id),
    kind: 'expo',
    repeat: 'once',
    firstDate: monday,
    start: '09:00',
    end: '10:00',
  });
  expect(block.body).toContain('You do not have permission to do that.');
  expect((await page.goto('/schedule/auto'))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Only the owner and office staff can see the auto-scheduler' })).toBeVisible();
  expect(snapshot([firm.id, other.id])).toBe(before);

  await logout(page);
  await login(page, other.owner);
  const beforeOther = snapshot([firm.id, other.id]); // signing in adds a session and refreshes tiers
  expect((await page.goto(`/schedule/visits/${visitId.id}`))?.status()).toBe(404);
  await expect(page.locator('body')).not.toContainText('Guarded Client');
  const r = await postAction(page.request, actionId(SCHEDULE_ACTIONS, 'cancelVisitAction'), {
    visitId: String(visitId.id),
    reason: 'not ours',
  });
  expect(r.body).toContain('That visit was not found.');
  const mass = await postAction(page.request, actionId(SCHEDULE_ACTIONS, 'createRequestAction'), {
    clientId: String(clientId),
    durationMinutes: '60',
    priority: '3',
    earliestDate: monday,
    latestDate: monday,
  });
  expect(mass.body).toContain('Choose a client from the list.');
  expect(snapshot([firm.id, other.id])).toBe(beforeOther);
});

test('nonsense dates are refused next to the field, and a date in another year shows its year', async ({ page }, info) => {
  test.slow(); // many round trips; on a busy machine they outlast the default budget
  const firm = createFirm('Dates');
  const clientId = addClient(firm.id, { name: 'Corner Bakery', seats: 3 });
  const today = DateTime.now().setZone(ZONE).startOf('day');
  await login(page, firm.owner);
  const before = snapshot([firm.id]);

  // An appointment a year ago (a typo for this year): refused next to the date, with the span allowed.
  await page.goto('/schedule/appointments/new');
  await page.getByLabel('Title').fill('Network upgrade');
  await page.getByLabel('Date').fill(today.minus({ years: 1 }).plus({ days: 7 }).toISODate()!);
  await page.getByLabel('Start').fill('09:00');
  await page.getByLabel('End').fill('10:00');
  await page.getByRole('button', { name: 'Add appointment' }).click();
  await expect(page.getByLabel('Date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/^The date is in the past \(\w{3} \w{3} \d+, \d{4}\)\. Choose today, /).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('appointment-past.png'), fullPage: true });

  // A request whose window is over, and one ending two years out.
  await page.goto('/schedule/requests/new');
  const request = async (from: DateTime, to: DateTime) => {
    await page.getByLabel('Client', { exact: true }).selectOption(String(clientId));
    await page.getByLabel('Duration (minutes)').fill('60');
    await page.getByLabel('Earliest date').fill(from.toISODate()!);
    await page.getByLabel('Latest date').fill(to.toISODate()!);
    await page.getByRole('button', { name: 'Add request' }).click();
  };
  await request(today.minus({ days: 40 }), today.minus({ days: 31 }));
  await expect(page.getByLabel('Earliest date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/^The earliest date is in the past/).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('request-past.png'), fullPage: true });
  await request(today, today.plus({ years: 2 }));
  await expect(page.getByLabel('Latest date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/^The latest date is more than a year ahead/).first()).toBeVisible();
  expect(snapshot([firm.id])).toBe(before);

  // Early January of next year is a fine window, and it says which year.
  const january = today.plus({ years: 1 }).startOf('year').plus({ days: 3 });
  await request(january, january.plus({ days: 2 }));
  await expect(page).toHaveURL(/\/schedule\?added=request/);
  await expect(page.getByTestId('open-requests').getByRole('listitem').first()).toContainText(
    `${january.toFormat('ccc LLL d, yyyy')} – ${january.plus({ days: 2 }).toFormat('ccc LLL d, yyyy')}`,
  );
});

test('office staff pick whose working hours and marketing blocks; a consultant gets only their own and cannot open or change another’s', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const firm = createFirm('Whose');
  await login(page, firm.staff);
  await page.goto('/schedule');
  await openScheduleMenu(page);
  await page.getByRole('link', { name: 'Working hours', exact: true }).click();
  // Office staff have no bookable time of their own: the page asks whose, it does not open Sam's empty hours.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working hours');
  await expect(page.getByRole('textbox', { name: 'Monday', exact: true })).toHaveCount(0);
  await page.getByLabel('Whose working hours').selectOption(String(firm.consultant.id));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working hours — Cole Consultant');
  await expect(page.getByLabel('Whose working hours')).toHaveValue(String(firm.consultant.id));
  await page.getByRole('textbox', { name: 'Monday', exact: true }).fill('09:00-17:00');
  await page.getByRole('button', { name: 'Save working hours' }).click();
  await expect(page.getByRole('status')).toHaveText('Working hours saved.');
  expect(count('select count(*) as n from working_hours where firm_id = ? and user_id = ?', firm.id, firm.consultant.id)).toBe(1);

  await page.goto('/schedule');
  await openScheduleMenu(page);
  await page.getByRole('link', { name: 'Marketing blocks', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Protected marketing time');
  await page.getByLabel('Whose marketing blocks').selectOption(String(firm.owner.id));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Protected marketing time — Olive Owner');
  await expect(page.getByRole('button', { name: 'Add protected block' })).toBeVisible();

  // A consultant: their own pages, no picker; another person's is "not found", and a forged save changes nothing.
  await logout(page);
  await login(page, firm.consultant);
  await page.goto('/schedule/hours');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working hours — Cole Consultant');
  await expect(page.getByRole('textbox', { name: 'Monday', exact: true })).toHaveValue('09:00-17:00');
  await expect(page.getByLabel('Whose working hours')).toHaveCount(0);
  await page.goto('/schedule/marketing');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Protected marketing time — Cole Consultant');
  await expect(page.getByLabel('Whose marketing blocks')).toHaveCount(0);
  expect((await page.goto(`/schedule/hours?who=${firm.owner.id}`))?.status()).toBe(404);
  expect((await page.goto(`/schedule/marketing?who=${firm.owner.id}`))?.status()).toBe(404);
  const before = snapshot([firm.id]);
  const forged = await postAction(page.request, actionId(SCHEDULE_ACTIONS, 'saveWorkingHoursAction'), {
    userId: String(firm.owner.id),
    day1: '01:00-02:00',
  });
  expect(forged.body).toContain('You do not have permission to do that.');
  expect(snapshot([firm.id])).toBe(before);
});

test('a member with no working hours is named in the team week, on their hours page and as the reason a request only they may take stays open', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const firm = createFirm('NoHours');
  const clientId = addClient(firm.id, { name: 'Only Cole Dental', seats: 3 });
  const { monday } = nextWeek();
  openRequest(firm.id, clientId, monday, DateTime.fromISO(monday).plus({ days: 4 }).toISODate()!, [firm.consultant.id]);
  await login(page, firm.staff);

  await page.goto('/schedule?who=team');
  const cole = page.getByTestId(`week-${firm.consultant.id}`);
  await expect(cole.getByTestId('no-hours')).toContainText('No working hours');
  await expect(page.getByTestId(`week-${firm.owner.id}`).getByTestId('no-hours')).toContainText('No working hours');

  // The auto-scheduler says why the request stays open, with the way to fix it.
  await page.goto('/schedule/auto');
  await page.getByRole('button', { name: 'Preview' }).click();
  const unplaced = page.getByTestId('unplaced');
  await expect(unplaced).toContainText('Only Cole Dental: Cole Consultant has no working hours — set them');
  await unplaced.getByRole('link', { name: 'Set Cole Consultant’s working hours' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working hours — Cole Consultant');
  await expect(page.getByTestId('no-hours')).toContainText('No working hours yet');
  // An empty day shows nothing that looks like hours already set.
  for (const day of ['Saturday', 'Sunday', 'Monday']) {
    const field = page.getByRole('textbox', { name: day, exact: true });
    await expect(field).toHaveValue('');
    await expect(field).toHaveAttribute('placeholder', 'Not working');
  }
  await page.getByRole('textbox', { name: 'Monday', exact: true }).fill('08:00-17:00');
  await page.getByRole('button', { name: 'Save working hours' }).click();
  await expect(page.getByRole('status')).toHaveText('Working hours saved.');

  await page.goto('/schedule?who=team');
  await expect(page.getByTestId(`week-${firm.consultant.id}`).getByTestId('no-hours')).toHaveCount(0);
  await expect(page.getByTestId(`week-${firm.owner.id}`).getByTestId('no-hours')).toContainText('No working hours');
  await page.getByTestId(`week-${firm.owner.id}`).getByRole('link', { name: 'Set Olive Owner’s working hours' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working hours — Olive Owner');
});

test('the schedule: on a phone the actions are in one menu, today is marked with a jump to it, and the open requests are reachable from the top', async ({
  page,
}) => {
  const firm = createFirm('Layout');
  const clientId = addClient(firm.id, { name: 'Waiting Dental', seats: 3 });
  const { monday } = nextWeek();
  openRequest(firm.id, clientId, monday, DateTime.fromISO(monday).plus({ days: 4 }).toISODate()!);
  await login(page, firm.staff);
  await page.goto('/schedule');
  const phone = test.info().project.name === 'phone';
  const menu = page.locator('summary', { hasText: 'Schedule menu' });
  const menuOpen = page.locator('details', { has: menu });
  const tools = page.getByRole('navigation', { name: 'Schedule tools' });
  const requestsLink = page.getByRole('link', { name: 'Open requests (1)' });

  if (phone) {
    // Before the week, only the menu and two links: not eight buttons and a picker.
    await expect(tools).toBeHidden();
    await expect(page.getByLabel('Whose week')).toBeHidden();
    const weekTop = (await page.locator('[data-testid^="week-"]').first().boundingBox())!.y;
    const controlsAbove = await page
      .locator('main')
      .locator('a, button, summary, select, input')
      .evaluateAll((els, top) => els.filter((el) => el.checkVisibility() && el.getBoundingClientRect().top < top).length, weekTop);
    expect(controlsAbove).toBe(3);
    await expect(requestsLink).toBeInViewport();
    // The menu is a disclosure a keyboard opens and Escape closes.
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(menuOpen).toHaveAttribute('open', '');
    await expect(tools.getByRole('link')).toHaveCount(5);
    await expect(page.getByLabel('Whose week')).toBeVisible();
    expect(await serious(page), '/schedule with the menu open').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(menuOpen).not.toHaveAttribute('open');
    await expect(menu).toBeFocused();
    await expect(tools).toBeHidden();
    // The open requests come after the whole team's week; the link at the top brings them into view.
    await requestsLink.click();
    await expect(page.getByRole('heading', { name: 'Open requests (1)' })).toBeInViewport();
  } else {
    // The desktop keeps its actions in sight, and the requests beside the week.
    await expect(menu).toBeHidden();
    await expect(tools.getByRole('link')).toHaveCount(5);
    await expect(page.getByLabel('Whose week')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Open requests (1)' })).toBeInViewport();
  }

  // Jump to today ("This week" on a desktop): this week (on a weekend the page opens on the next), today marked for each person, in view.
  await page.getByRole('link', { name: phone ? 'Jump to today' : 'This week' }).click();
  const today = DateTime.now().setZone(ZONE);
  await expect(page.locator('[aria-current="date"]')).toHaveCount(2);
  await expect(page.locator('#today')).toBeInViewport();
  await expect(page.locator('#today')).toHaveAttribute('aria-current', 'date');
  await expect(page.locator('#today')).toContainText('Today');
  await expect(page.locator('#today')).toHaveAttribute('data-date', today.toISODate()!);
});

test('cancelling a visit asks why in a dialog, audits the reason, and Restore books it in its old time again', async ({ page }, info) => {
  test.setTimeout(120_000); // several round trips on a shared, busy machine
  const firm = createFirm('Undo');
  const clientId = addClient(firm.id, { name: 'Undo Dental', seats: 3 });
  const { monday } = nextWeek();
  const c = firm.consultant;
  testDb()
    .$client.prepare('insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, 1, 480, 1020)')
    .run(firm.id, c.id);
  const startsAt = DateTime.fromISO(`${monday}T10:00`, { zone: ZONE }).toMillis();
  const visitId = addVisit(firm.id, clientId, c.id, startsAt);
  await login(page, firm.staff);
  await page.goto(`/schedule/visits/${visitId}`);

  await page.getByRole('button', { name: 'Cancel this visit' }).click();
  const ask = page.getByRole('dialog', { name: 'Cancel the visit to Undo Dental?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByLabel('Why? (kept in the audit log)')).toBeFocused();
  await page.screenshot({ path: info.outputPath('visit-cancel-dialog.png') });
  expect(await serious(page), 'the cancel dialog').toEqual([]);
  // No reason, no cancellation: the error sits by the field, in the dialog.
  await ask.getByRole('button', { name: 'Cancel the visit' }).click();
  await expect(ask.locator('#cancel-reason-error')).toContainText('Say why');
  expect(visitRow(visitId).status).toBe('scheduled');
  await ask.getByLabel('Why? (kept in the audit log)').fill('Office closed for a funeral');
  await ask.getByRole('button', { name: 'Cancel the visit' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole('button', { name: 'Restore this visit' })).toBeVisible();
  expect(visitRow(visitId).status).toBe('cancelled');
  const audit = testDb().$client.prepare("select after from audit_log where firm_id = ? and action = 'visit.cancel'").get(firm.id) as {
    after: string;
  };
  expect(JSON.parse(audit.after)).toEqual({ status: 'cancelled', reason: 'Office closed for a funeral' });
  await page.screenshot({ path: info.outputPath('visit-cancelled.png'), fullPage: true });

  await page.getByRole('button', { name: 'Restore this visit' }).click();
  await expect(page.getByRole('button', { name: 'Cancel this visit' })).toBeVisible();
  expect(visitRow(visitId)).toMatchObject({ status: 'scheduled', userId: c.id, startsAt });
});

test('a skipped block occurrence can be un-skipped, and then protects its time again', async ({ page }, info) => {
  test.setTimeout(120_000); // several round trips on a shared, busy machine
  const firm = createFirm('Unskip');
  const { monday } = nextWeek();
  const c = firm.consultant;
  await login(page, c);
  await page.goto(`/schedule/marketing?who=${c.id}`);
  await page.getByLabel('Kind').selectOption('direct_mail');
  await page.getByLabel('First date (sets the weekday)').fill(monday);
  await page.getByLabel('Start', { exact: true }).fill('09:00');
  await page.getByLabel('End', { exact: true }).fill('11:00');
  await page.getByRole('button', { name: 'Add protected block' }).click();
  // A firm on the 12-hour clock: the occurrence, its forms' names and the messages read that way, never ISO dates.
  testDb().$client.prepare("update firms set hour_clock = '12h' where id = ?").run(firm.id);
  await page.reload();
  const first = page.getByTestId('occurrences').getByRole('listitem').first();
  const mondayLabel = DateTime.fromISO(monday).toFormat(
    DateTime.fromISO(monday).year === new Date().getUTCFullYear() ? 'ccc LLL d' : 'ccc LLL d, yyyy',
  );
  await expect(first).toContainText(`${mondayLabel}, 9:00–11:00 AM`);
  await first.getByText('Skip or move this one…').click();
  await expect(first.getByRole('form', { name: `Skip ${mondayLabel}, 9:00 AM` })).toBeVisible();
  await first.getByLabel('Why skip it? (audited)').fill('Out at a client all morning');
  await first.getByRole('button', { name: 'Skip this occurrence' }).click();
  await expect(first).toContainText('Skipped: Out at a client all morning');
  // The skip form is gone (the occurrence now offers Un-skip), yet its confirmation stays, and focus lands on it.
  const skippedMessage = first
    .getByRole('status')
    .filter({ hasText: `Skipped the occurrence of ${mondayLabel}; the reason is in the audit log.` });
  await expect(skippedMessage).toBeVisible();
  await expect(skippedMessage.locator('xpath=../..')).toBeFocused();
  await page.screenshot({ path: info.outputPath('marketing-skipped.png'), fullPage: true });
  await first.getByRole('button', { name: `Un-skip ${mondayLabel}, 9:00 AM` }).click();
  await expect(first).not.toContainText('Skipped:');
  await expect(first.getByRole('status')).toHaveText(`The occurrence of ${mondayLabel} protects its time again.`);
  await expect(first.getByRole('button', { name: `Un-skip ${mondayLabel}, 9:00 AM` })).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('marketing-unskipped.png'), fullPage: true });
  expect(count("select count(*) as n from marketing_exceptions where firm_id = ? and action = 'skip'", firm.id)).toBe(0);
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'marketing.unskip'", firm.id)).toBe(1);
});

test('a request’s badges wrap whole on a phone, never breaking inside their pill', async ({ page }, info) => {
  const firm = createFirm('Badges');
  const { monday } = nextWeek();
  const d = testDb().$client;
  const clientId = addClient(firm.id, { name: 'Harbor Yoga and Wellness Studio', seats: 3 });
  d.prepare('update clients set details_to_confirm = 1 where id = ?').run(clientId);
  const visit = d
    .prepare(
      `insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, '[]', 0) returning id`,
    )
    .get(firm.id, clientId, monday, monday) as { id: number };
  d.prepare(
    `insert into public_requests (firm_id, status_token_hash, name, company, email, phone, problem, urgency, preferred_dates, client_id, visit_id)
     values (?, ?, 'Dana', 'Harbor Yoga', 'dana@harbor.example', '', 'Printer', 'whenever', '[]', ?, ?)`,
  ).run(firm.id, `badge-${firm.id}`, clientId, visit.id);
  await login(page, firm.owner);
  await page.goto('/schedule?who=team');
  const request = page.getByTestId('open-requests').getByRole('listitem');
  for (const badge of [request.getByTestId('from-page'), request.getByTestId('new-client')]) {
    await expect(badge).toBeVisible();
    // An inline box broken over two lines has two client rectangles.
    expect(await badge.evaluate((el) => el.getClientRects().length)).toBe(1);
  }
  await request.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('request-badges.png'), fullPage: true });
});
