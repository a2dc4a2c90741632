import { request as playwrightRequest } from '@playwright/test';
import { DateTime } from 'luxon';
import { actionId, addClient, apiLogin, count, createFirm, expect, login, postAction, test, testDb } from './fixtures';

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3210}`;
const ZONE = 'America/New_York'; // the fixture firm's zone

/** Working hours on weekdays for the consultant and `n` open one-hour requests for next week. */
function openRequests(firm: ReturnType<typeof createFirm>, n: number) {
  const sqlite = testDb().$client;
  const clientId = addClient(firm.id, { name: `Jobs Client ${firm.id}`, seats: 3 });
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  for (let d = 1; d <= 5; d++)
    sqlite
      .prepare('insert into working_hours (firm_id, user_id, weekday, start_minute, end_minute) values (?, ?, ?, 480, 1020)')
      .run(firm.id, firm.consultant.id, d);
  const visit = sqlite.prepare(
    "insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, '[]', 0)",
  );
  for (let i = 0; i < n; i++) visit.run(firm.id, clientId, monday.toISODate(), monday.plus({ days: 4 }).toISODate());
}

test('the auto-scheduler runs in the background: leaving the page and coming back shows the preview; accepting or discarding it clears it', async ({
  page,
}) => {
  const firm = createFirm('Jobs');
  openRequests(firm, 4);
  await login(page, firm.staff);
  await page.goto('/schedule/auto');
  await page.getByRole('button', { name: 'Preview' }).click();
  // Leave at once, then come back: the run (or its result) is still there, nothing is booked.
  await page.goto('/schedule');
  await page.goto('/schedule/auto');
  await expect(page.getByTestId('proposal')).toHaveCount(4);
  expect(count(`select count(*) as n from visits where firm_id = ? and status = 'scheduled'`, firm.id)).toBe(0);
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('status')).toHaveText('Preview discarded; nothing was booked.');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Auto-schedule' })).toBeVisible();
  await expect(page.getByTestId('preview')).toHaveCount(0);

  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('proposal')).toHaveCount(4);
  await page.getByRole('button', { name: 'Accept and book' }).click();
  await expect(page.getByRole('status')).toHaveText('Booked 4 visits.');
  expect(count(`select count(*) as n from visits where firm_id = ? and status = 'scheduled'`, firm.id)).toBe(4);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Auto-schedule' })).toBeVisible();
  await expect(page.getByTestId('preview')).toHaveCount(0);
});

/** Where the screenshots of this spec go when SHOTS_DIR is set (1280 px desktop, 375 px phone): the screen at `at`. */
async function shot(page: import('@playwright/test').Page, name: string, project: string, at: import('@playwright/test').Locator) {
  if (!process.env.SHOTS_DIR) return;
  await at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${project}.png` });
}

test('the preview shows progress, then its quality against the best possible and each unplaced visit in words; a running preview can be cancelled and books nothing', async ({
  page,
}, info) => {
  test.setTimeout(90_000);
  const firm = createFirm('Quality');
  // 70 one-hour requests for a week of 45 working hours (long enough a search to watch), and one too long for any day.
  openRequests(firm, 70);
  const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
  testDb()
    .$client.prepare(
      'insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 600, 5, ?, ?, ?, 0)',
    )
    .run(
      firm.id,
      addClient(firm.id, { name: 'Long Job Ltd', seats: 2 }),
      monday.toISODate(),
      monday.plus({ days: 4 }).toISODate(),
      JSON.stringify([firm.consultant.id]),
    );
  const scheduled = () => count(`select count(*) as n from visits where firm_id = ? and status = 'scheduled'`, firm.id);
  await login(page, firm.staff);
  await page.goto('/schedule/auto');
  await page.getByRole('button', { name: 'Preview' }).click();
  // Progress first, as a progress bar a screen reader announces, then the result.
  await expect(page.getByRole('progressbar', { name: /^Scheduling/ })).toBeVisible();
  const quality = page.getByTestId('preview-quality');
  await expect(quality).toHaveText(/^Placed \d+ of 215 priority points; (the best possible|at most [\d.]+% below the best possible)\.$/, {
    timeout: 30_000,
  });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const unplaced = page.getByRole('list', { name: 'Unplaced requests' }).getByRole('listitem');
  await expect(unplaced.filter({ hasText: 'Long Job Ltd' })).toHaveText(
    'Long Job Ltd: longer than any free gap: it needs 10 h, more than any stretch of working hours of Cole Consultant',
  );
  await expect(unplaced.filter({ hasText: /no room in its window \(\w{3} \w{3} \d+ – \w{3} \w{3} \d+\)/ }).first()).toBeVisible();
  await shot(page, 'auto-schedule-preview', info.project.name, page.getByTestId('preview'));
  await shot(page, 'auto-schedule-unplaced', info.project.name, page.getByRole('heading', { name: 'Could not place' }));

  // Again, and cancelled while it runs: the page says so, nothing is booked, and coming back shows the same.
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Cancel preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preview cancelled' })).toHaveText(
    'Preview cancelled by Sam Staff; nothing was booked.',
  );
  await expect(page.getByTestId('preview')).toHaveCount(0);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await shot(page, 'auto-schedule-cancelled', info.project.name, page.getByRole('heading', { name: 'Auto-schedule' }));
  await page.reload();
  await expect(page.getByText('Preview cancelled by Sam Staff; nothing was booked.')).toBeVisible();
  expect(scheduled()).toBe(0);
});

test('a large CSV is checked in the background with progress; coming back shows the check, every bad row, and nothing saved until confirmed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const firm = createFirm('Csv');
  const rows = 12_000;
  const lines = ['name,seats'];
  for (let i = 1; i <= rows; i++) lines.push(i % 3000 === 0 ? `Bulk ${i},many` : `Bulk ${i},${1 + (i % 20)}`);
  await login(page, firm.owner);
  await page.goto('/clients/import');
  await page.getByLabel('CSV file').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByLabel('Or paste the CSV text')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByTestId('job-progress').or(page.getByTestId('import-preview'))).toBeVisible();
  await page.goto('/clients');
  await page.goto('/clients/import');
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText(`${rows - 4} new clients ready to import.`, { timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'Problems' }).getByRole('listitem')).toHaveText(
    [3000, 6000, 9000, 12_000].map((n) => `Line ${n + 1}, seats: Enter the number of seats as a whole number.`),
  );
  // The first thousand are listed by name, the rest counted.
  await expect(page.getByRole('list', { name: 'Clients to import' }).getByRole('listitem')).toHaveCount(1000);
  await expect(preview).toContainText(`…and ${rows - 4 - 1000} more.`);
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  expect(count('select count(*) as n from clients where firm_id = ?', firm.id)).toBe(0);
});

test('a job is read by its own firm’s managers only: another firm’s owner gets 404, a consultant 403, no session 401', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'direct requests do not depend on the viewport');
  const firm = createFirm('Owner');
  const other = createFirm('Prying');
  openRequests(firm, 2);
  await login(page, firm.owner);
  const started = await postAction(page.request, actionId('app/(app)/schedule/actions.ts', 'previewAutoScheduleAction'), { weeks: '2' });
  const id = /"jobId":"([\w-]+)"/.exec(started.body)?.[1];
  expect(id).toBeTruthy();
  await expect.poll(async () => ((await (await page.request.get(`/api/jobs/${id}`)).json()) as { status: string }).status).toBe('done');
  const body = await (await page.request.get(`/api/jobs/${id}`)).text();
  expect(body).toContain(`Jobs Client ${firm.id}`);

  const as = async (user: { email: string; password: string } | null) => {
    const ctx = await playwrightRequest.newContext({ baseURL: BASE });
    if (user) await apiLogin(ctx, user);
    const res = await ctx.get(`/api/jobs/${id}`);
    const answer = { status: res.status(), body: await res.text() };
    await ctx.dispose();
    return answer;
  };
  for (const [who, user, status] of [
    ['another firm’s owner', other.owner, 404],
    ['a consultant of the firm', firm.consultant, 403],
    ['no session', null, 401],
    ['the firm’s office staff', firm.staff, 200],
  ] as const) {
    const res = await as(user);
    expect(res.status, who).toBe(status);
    if (status !== 200) expect(res.body, who).not.toContain('Jobs Client');
  }
  // Another firm cannot discard it either, and the firm's own job is still there afterwards.
  const otherCtx = await playwrightRequest.newContext({ baseURL: BASE });
  await apiLogin(otherCtx, other.owner);
  const discard = await postAction(otherCtx, actionId('app/(app)/schedule/actions.ts', 'discardPreviewAction'), { jobId: id! });
  expect(discard.body).not.toContain('"status":"ok"');
  // Nor cancel it, nor may a consultant of the firm: the job and its result stay.
  const cancel = actionId('app/(app)/schedule/actions.ts', 'cancelPreviewAction');
  expect((await postAction(otherCtx, cancel, { jobId: id! })).body).not.toContain('"status":"ok"');
  await otherCtx.dispose();
  const consultantCtx = await playwrightRequest.newContext({ baseURL: BASE });
  await apiLogin(consultantCtx, firm.consultant);
  expect((await postAction(consultantCtx, cancel, { jobId: id! })).body).not.toContain('"status":"ok"');
  await consultantCtx.dispose();
  const kept = (await (await page.request.get(`/api/jobs/${id}`)).json()) as { status: string; result?: unknown };
  expect(kept.status).toBe('done');
  expect(kept.result).toBeTruthy();
  // The firm's own manager may: its result is dropped.
  expect((await postAction(page.request, cancel, { jobId: id! })).body).toContain('Preview cancelled; nothing was booked.');
  const cancelled = (await (await page.request.get(`/api/jobs/${id}`)).json()) as { status: string; result?: unknown };
  expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: firm.owner.name });
  expect(cancelled.result).toBeUndefined();
});
