import { request as playwrightRequest, type Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { serious } from './axe';
import { count, createFirm, expect, login, test, testDb, type TestFirm } from './fixtures';

/**
 * "Prepare the month's drafts" runs in the jobs worker thread, on its own
 * connection to the database: the page shows progress, other pages answer
 * meanwhile, and a running preparation can be cancelled — it stops after a
 * client and the drafts it made stay.
 */
const ZONE = 'America/New_York'; // the fixtures' firm zone
const BASE = `http://localhost:${process.env.E2E_PORT ?? 3210}`;

/** A firm with `n` micro clients, each with an hour of unbilled work this month: `n` drafts to prepare. */
function bigFirm(label: string, n: number): TestFirm {
  const firm = createFirm(label);
  const sqlite = testDb().$client;
  const worked = DateTime.now().setZone(ZONE).startOf('month').set({ hour: 10 }).toMillis();
  const client = sqlite.prepare(
    `insert into clients (firm_id, name, seats, has_server, hourly_rate_cents, growth, status, tier, tier_reason) values (?, ?, 3, 0, 9000, 'flat', 'active', 'micro', '')`,
  );
  const entry = sqlite.prepare(
    `insert into time_entries (firm_id, user_id, client_id, category, started_at, minutes, amount_cents) values (?, ?, ?, 'micro', ?, 60, 9000)`,
  );
  sqlite.transaction(() => {
    for (let i = 1; i <= n; i++) entry.run(firm.id, firm.consultant.id, client.run(firm.id, `Client ${i}`).lastInsertRowid, worked);
  })();
  return firm;
}

/** Where the screenshots go when SHOTS_DIR is set: the screen with the prepare card at its top. */
async function shot(page: Page, name: string, project: string) {
  if (!process.env.SHOTS_DIR) return;
  await page.getByRole('region', { name: 'Prepare a month’s invoices' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${project}.png` });
}

/** The firm's running job's id, as the page polls it. */
async function jobIdOf(page: Page): Promise<string> {
  const res = await page.waitForResponse((r) => r.url().includes('/api/jobs/'));
  return /\/api\/jobs\/([\w-]+)/.exec(res.url())![1]!;
}

test('the month is prepared in the background: progress shows, /login answers while it runs, and it finishes', async ({ page }, info) => {
  test.setTimeout(180_000);
  const N = 3000;
  const firm = bigFirm('Prepare Worker', N);
  await login(page, firm.staff);
  await page.goto('/invoices');
  const prepare = page.getByRole('region', { name: 'Prepare a month’s invoices' });
  const polled = jobIdOf(page);
  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  await expect(prepare.getByTestId('job-progress')).toContainText(/Looked at [\d,]+ of 3,000 clients for /);
  const jobId = await polled;

  // Someone signing in meanwhile: the sign-in page answers while the preparation is still running.
  const anonymous = await playwrightRequest.newContext({ baseURL: BASE });
  const answer = await anonymous.get('/login');
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain('Sign in');
  await anonymous.dispose();
  const meanwhile = (await (await page.request.get(`/api/jobs/${jobId}`)).json()) as { status: string; progress: { done: number } };
  expect(meanwhile.status, '/login answered only after the preparation had ended').toBe('running');
  expect(meanwhile.progress.done).toBeLessThan(N);

  await expect(prepare.getByTestId('prepare-outcome')).toContainText('Prepared 3,000 drafts for', { timeout: 150_000 });
  await expect(page.getByTestId('invoice-count')).toHaveText('Showing 1–50 of 3,000 invoices');
  expect(count('select count(*) as n from invoices where firm_id = ?', firm.id)).toBe(N);
  expect(await serious(page)).toEqual([]);
  await shot(page, 'prepare-done', info.project.name);
});

test('a running preparation can be cancelled: it stops after a client, says how far it got, and the drafts made stay', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const N = 3000;
  const firm = bigFirm('Prepare Cancel', N);
  await login(page, firm.owner);
  await page.goto('/invoices');
  const prepare = page.getByRole('region', { name: 'Prepare a month’s invoices' });
  await prepare.getByRole('button', { name: 'Prepare the month’s drafts' }).click();
  const progress = prepare.getByTestId('job-progress');
  await expect(progress).toContainText(/Looked at [\d,]+ of 3,000 clients for /);
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await shot(page, 'prepare-running', info.project.name);
  await progress.getByRole('button', { name: 'Cancel' }).click();

  const outcome = prepare.getByTestId('prepare-outcome');
  await expect(outcome).toContainText(/Cancelled after [\d,]+ of 3,000 clients by /, { timeout: 60_000 });
  const [, looked, made] = /Cancelled after ([\d,]+) of 3,000 clients by .*: ([\d,]+) drafts? made/.exec(
    (await outcome.textContent()) ?? '',
  )!;
  const drafts = Number(made!.replace(/,/g, ''));
  expect(Number(looked!.replace(/,/g, ''))).toBeLessThan(N);
  expect(drafts).toBeLessThan(N);
  // What it made is in the database, whole: each draft bills its client's hour.
  expect(count('select count(*) as n from invoices where firm_id = ?', firm.id)).toBe(drafts);
  expect(count('select count(*) as n from time_entries where firm_id = ? and invoice_line_id is not null', firm.id)).toBe(drafts);
  expect(count('select count(*) as n from invoices where firm_id = ? and total_cents <= 0', firm.id)).toBe(0);
  await expect(prepare.getByTestId('job-progress')).toHaveCount(0);
  expect(await serious(page)).toEqual([]);
  await shot(page, 'prepare-cancelled', info.project.name);
});
