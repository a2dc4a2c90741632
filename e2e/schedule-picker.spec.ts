import type { Browser, Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { addClient, createFirm, expect, login, test, testDb, type TestUser } from './fixtures';

/*
 * Picking whose schedule to see on a phone: the person picker sits in the schedule's menu there. It must open by touch
 * and keyboard before the page's script has run (a slow phone, or none), and lead to "no working hours — set them".
 */

const phone = () => test.info().project.name === 'phone';

/** A page signed in as `user`, in a browser that runs no script: what a tap meets before the page has hydrated. */
async function pageWithoutScript(browser: Browser, page: Page, user: TestUser): Promise<Page> {
  await login(page, user);
  const ctx = await browser.newContext({
    ...test.info().project.use,
    baseURL: test.info().project.use.baseURL,
    storageState: await page.context().storageState(),
    javaScriptEnabled: false,
  });
  return ctx.newPage();
}

/** On a phone, opens the schedule's menu by tapping it. */
async function openMenu(page: Page) {
  const menu = page.locator('summary', { hasText: 'Schedule menu' });
  if (!phone()) return expect(menu).toBeHidden();
  await expect(page.getByLabel('Whose week')).toBeHidden();
  await menu.click();
}

for (const role of ['owner', 'staff'] as const) {
  test(`${role}: picks a person in the week, sets their missing working hours, and picks on the hours and blocks pages, script or none`, async ({
    browser,
    page,
  }) => {
    const firm = createFirm('Picker');
    const p = await pageWithoutScript(browser, page, firm[role]);
    await p.goto('/schedule');
    await openMenu(p);
    await p.getByLabel('Whose week').selectOption({ label: firm.consultant.name });
    await p.getByRole('button', { name: 'Show' }).click();
    await expect(p).toHaveURL(new RegExp(`who=${firm.consultant.id}`));
    await expect(p.getByRole('heading', { name: firm.consultant.name, level: 2 })).toBeVisible();

    // The new consultant has no working hours: the week says so, and the link goes to setting them.
    const noHours = p.getByTestId('no-hours');
    await expect(noHours).toContainText('No working hours');
    await noHours.getByRole('link', { name: `Set ${firm.consultant.name}’s working hours` }).click();
    await expect(p).toHaveURL(new RegExp(`/schedule/hours\\?who=${firm.consultant.id}$`));
    await expect(p.getByRole('heading', { name: `Working hours — ${firm.consultant.name}` })).toBeVisible();

    for (const [path, what] of [
      ['/schedule/hours', 'working hours'],
      ['/schedule/marketing', 'marketing blocks'],
    ] as const) {
      await p.goto(path);
      await p.getByLabel(`Whose ${what}`).selectOption({ label: firm.consultant.name });
      await p.getByRole('button', { name: 'Show' }).click();
      await expect(p).toHaveURL(new RegExp(`${path}\\?who=${firm.consultant.id}$`));
      await expect(p.getByLabel(`Whose ${what}`)).toHaveValue(String(firm.consultant.id));
    }
    await p.context().close();
  });
}

test('the schedule menu by keyboard: Enter opens it, Tab goes into it first, Escape closes it and keeps focus', async ({ page }) => {
  test.skip(!phone(), 'the menu is a phone layout');
  const firm = createFirm('MenuKeys');
  const clientId = addClient(firm.id, { name: 'Waiting Dental', seats: 3 });
  const from = DateTime.now().plus({ days: 7 }).toISODate()!;
  testDb()
    .$client.prepare(
      'insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes) values (?, ?, 60, 3, ?, ?, ?, 0)',
    )
    .run(firm.id, clientId, from, from, '[]');
  await login(page, firm.staff);
  await page.goto('/schedule');
  const menu = page.locator('summary', { hasText: 'Schedule menu' });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Whose week')).toBeVisible();
  // The open requests' link stays beside the menu, not a second time inside it.
  await expect(page.locator('main a[href="#open-requests"]').filter({ visible: true })).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '← Previous week' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Whose week')).toBeHidden();
  await expect(menu).toBeFocused();
});
