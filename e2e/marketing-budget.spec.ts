import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { dayLabel } from '../lib/time/format';
import { serious } from './axe';
import { addClient, createFirm, expect, login, snapshot, test, testDb, visitorPage } from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone
const SHOTS = '/work/shots/wt-budget';

/**
 * A week where one more micro visit would break the marketing allotment: the
 * consultant works only on Mondays, 09:00–17:00, and owes the firm's default
 * 8 h of marketing each week — next Monday is all the room there is for it.
 */
function tightWeek() {
  const firm = createFirm('Budget');
  const d = testDb();
  d.insert(schema.workingHours)
    .values({ firmId: firm.id, userId: firm.consultant.id, weekday: 1, startMinute: 540, endMinute: 1020 })
    .run();
  const client = addClient(firm.id, { name: 'Corner Shop', seats: 3, hourlyRateCents: 12_000 });
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 }).toISODate()!;
  const visit = d
    .insert(schema.visits)
    .values({
      firmId: firm.id,
      clientId: client,
      durationMinutes: 60,
      travelMinutes: 20,
      priority: 3,
      earliestDate: monday,
      latestDate: DateTime.fromISO(monday).plus({ days: 4 }).toISODate()!,
      allowedUserIds: [firm.consultant.id],
    })
    .returning({ id: schema.visits.id })
    .get().id;
  return { firm, monday, visit };
}

const overrides = (firmId: number) =>
  testDb()
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.firmId, firmId), eq(schema.auditLog.action, 'visit.budget_override')))
    .all();

test('one more micro visit would break the week’s marketing: the preview and manual booking say so with the cost, the override needs a reason and is audited, the request page stops offering the week', async ({
  page,
  browser,
}, info) => {
  const { firm, monday, visit } = tightWeek();
  const size = info.project.name;
  await login(page, firm.staff);

  // The auto-schedule preview keeps Monday for marketing and leaves the request open, saying why and what it costs.
  await page.goto('/schedule/auto');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('kept-for-marketing')).toContainText(`Cole Consultant: ${dayLabel(monday)}, 09:00–17:00`);
  await expect(page.getByTestId('unplaced')).toContainText('Free time is kept for the marketing owed those weeks');
  await expect(page.getByTestId('unplaced')).toContainText('about $155 billed, 20 min travel each way');
  await page.screenshot({ path: `${SHOTS}/auto-preview-${size}.png`, fullPage: true });

  // Booking it by hand is refused with the cost, and nothing changes.
  await page.goto(`/schedule/visits/${visit}`);
  const before = snapshot([firm.id]);
  await page.getByLabel('Consultant').selectOption(String(firm.consultant.id));
  await page.getByLabel('Date').fill(monday);
  await page.getByLabel('Start').fill('10:00');
  await page.getByRole('button', { name: 'Book at this time' }).click();
  const reason = page.getByLabel('Reason to book it anyway (kept in the audit log)');
  await expect(reason).toBeVisible();
  await expect(page.getByRole('alert').first()).toContainText('unreachable: 8 h still owed');
  await expect(page.getByRole('alert').first()).toContainText('about $155 billed');
  await expect(page.getByRole('alert').first()).toContainText('1.67 h of this week’s marketing displaced');
  expect(snapshot([firm.id])).toBe(before);
  await page.screenshot({ path: `${SHOTS}/booking-refused-${size}.png`, fullPage: true });
  expect(await serious(page), 'the refused booking with its reason field').toEqual([]);

  // The override needs a reason.
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.locator('#field-overrideReason-error')).toHaveText('Give the reason to book it anyway.');
  await expect(page.getByRole('alert').first()).toContainText('Give the reason for booking over the marketing budget.');
  expect(snapshot([firm.id])).toBe(before);

  // With a reason it is booked, and the audit log keeps who, why and the cost.
  await reason.fill('Their only PC is down; no other day works');
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked on' })).toContainText(
    'The marketing budget override is in the audit log.',
  );
  const rows = overrides(firm.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.actorUserId).toBe(firm.staff.id);
  expect(rows[0]!.after).toMatchObject({ reason: 'Their only PC is down; no other day works', billedCents: 15_500, displacedMinutes: 100 });

  // The request page offers no day of a week whose allotment is unreachable.
  await page.context().clearCookies();
  await login(page, firm.owner);
  await page.goto('/settings/audit');
  await expect(page.getByText('Booked a visit over the marketing budget').first()).toBeVisible();
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Switch on' }).click();
  await expect(page.getByRole('status')).toContainText('new link');
  const link = await page.getByLabel('Link to give your clients').inputValue();
  const visitor = await visitorPage(browser);
  await visitor.goto(link);
  await expect(visitor.locator('input[name="preferredDates"]')).toHaveCount(0);
  await expect(visitor.locator(`input[name="preferredDates"][value="${monday}"]`)).toHaveCount(0);
  await visitor.screenshot({ path: `${SHOTS}/request-page-${size}.png`, fullPage: true });
  await visitor.close();
});

test('the dashboard and Today warn when the week is nearly booked while marketing is owed, with the budget and the displaced-marketing trend', async ({
  page,
}, info) => {
  const firm = createFirm('Budget view');
  const d = testDb();
  const size = info.project.name;
  // Cole joined a month ago and logged no marketing: this week owes 8 h plus 8 h carried from last week.
  d.update(schema.users)
    .set({ createdAt: DateTime.now().minus({ days: 30 }).toMillis() })
    .where(eq(schema.users.id, firm.consultant.id))
    .run();
  const monday = DateTime.now().setZone(ZONE).startOf('week');
  for (let weekday = 1; weekday <= 5; weekday++) {
    d.insert(schema.workingHours).values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 540, endMinute: 1020 }).run();
    // Booked 09:00–17:00 every weekday but Friday's last hour: 39 of 40 h, 98 %.
    const day = monday.plus({ days: weekday - 1 });
    d.insert(schema.appointments)
      .values({
        firmId: firm.id,
        userId: firm.consultant.id,
        title: 'Vista server move',
        startsAt: day.set({ hour: 9 }).toMillis(),
        endsAt: day.set({ hour: weekday === 5 ? 16 : 17 }).toMillis(),
      })
      .run();
  }
  // Last week: 6 h of micro work and no marketing → 6 h of micro displaced marketing.
  const client = addClient(firm.id, { name: 'Corner Shop', seats: 3, hourlyRateCents: 12_000 });
  d.insert(schema.timeEntries)
    .values({
      firmId: firm.id,
      userId: firm.consultant.id,
      clientId: client,
      category: 'micro',
      startedAt: monday.minus({ days: 6 }).set({ hour: 9 }).toMillis(),
      minutes: 360,
    })
    .run();

  await login(page, firm.owner);
  await page.goto('/dashboard');
  const alert = page.getByTestId('budget-alerts').getByRole('alert');
  await expect(alert).toHaveText('Cole Consultant: 98 % of this week’s free time is booked and 16 h of marketing is still owed.');
  const budget = page.getByTestId('marketing-budget');
  await expect(budget.getByRole('row', { name: /Cole Consultant/ })).toContainText('8 h8 h16 h0 h16 h98 %');
  await expect(budget.locator('figcaption')).toHaveText('Micro hours that displaced marketing, last 12 weeks: 6 h');
  await page.screenshot({ path: `${SHOTS}/dashboard-${size}.png`, fullPage: true });
  await budget.screenshot({ path: `${SHOTS}/dashboard-budget-${size}.png` });
  expect(await serious(page), 'the dashboard with the budget').toEqual([]);

  await page.context().clearCookies();
  await login(page, firm.consultant);
  await page.goto('/today');
  await expect(page.getByTestId('budget-alerts').getByRole('alert')).toContainText('98 % of this week’s free time is booked');
  await page.screenshot({ path: `${SHOTS}/today-${size}.png`, fullPage: true });
  expect(await serious(page), 'Today with the alert').toEqual([]);
});
