import AxeBuilder from '@axe-core/playwright';
import { serious } from './axe';
import { addClient, addVisit, createFirm, expect, login, logout, test, visitorPage } from './fixtures';

test('no serious or critical accessibility violations on the main pages', async ({ page }) => {
  test.setTimeout(120_000);
  const firm = createFirm('A11y');
  const clientId = addClient(firm.id, { name: 'Accessible Dental', seats: 3 });
  const visitId = addVisit(firm.id, clientId, firm.consultant.id, Date.now() - 30 * 60_000);
  await page.goto('/login');
  expect(await serious(page), '/login').toEqual([]);
  await login(page, firm.owner);
  for (const url of [
    '/dashboard',
    '/clients',
    `/clients/${clientId}`,
    '/clients/new',
    `/schedule?who=${firm.consultant.id}`,
    '/schedule?who=team',
    `/schedule/visits/${visitId}`,
    '/schedule/auto',
    `/schedule/marketing?who=${firm.consultant.id}`,
    `/schedule/hours?who=${firm.consultant.id}`,
    '/schedule/requests/new',
    '/timesheets',
    '/settings/firm',
    '/settings/team',
    '/settings/audit',
    '/settings/billing',
    '/invoices',
    '/invoices/receivables',
  ]) {
    await page.goto(url);
    expect(await serious(page), url).toEqual([]);
  }
  await logout(page);
  await login(page, firm.consultant);
  await page.goto('/today');
  expect(await serious(page), '/today').toEqual([]);
  await page.getByTestId('today-visit').getByRole('button', { name: 'Check in' }).click();
  await page.getByTestId('today-visit').getByRole('button', { name: 'Check out…' }).click();
  expect(await serious(page), '/today, check-out form open').toEqual([]);
  await page.goto('/settings/profile');
  await page.getByRole('button', { name: 'Create feed' }).click();
  await expect(page.getByLabel('Your feed address')).toBeVisible();
  expect(await serious(page), '/settings/profile with a feed').toEqual([]);
});

test('no serious or critical accessibility violations on the public request and status pages', async ({ page, browser }) => {
  const firm = createFirm('A11yRequest');
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Switch on' }).click();
  const url = await page.getByLabel('Link to give your clients').inputValue();
  expect(await serious(page), '/settings/firm with the request page on').toEqual([]);
  const visitor = await visitorPage(browser);
  await visitor.goto(url);
  expect(await serious(visitor), 'request page').toEqual([]);
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.locator('#field-name-error')).toHaveText('Enter your name.');
  expect(await serious(visitor), 'request page with errors').toEqual([]);
  await visitor.goto(url);
  await visitor.getByLabel('Your name').fill('Pat');
  await visitor.getByLabel('Phone').fill('555-0100');
  await visitor.getByLabel('What is wrong?').fill('No internet');
  await visitor.getByLabel('Address of the site').fill('1 Main St');
  await visitor.getByLabel('How many computers do you have?').fill('3');
  await visitor.getByRole('group', { name: 'Do you have a server?' }).getByLabel('No', { exact: true }).check();
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.getByTestId('request-status')).toBeVisible();
  // After the action's redirect Next.js sets the new title a moment after the content; check the settled page.
  await expect(visitor).toHaveTitle('Your request · Sweetspot');
  expect(await serious(visitor), 'status page').toEqual([]);
  await visitor.context().close();
});

test('the main navigation has the same names on a phone and a desktop, each link named by its visible text', async ({ page }) => {
  test.setTimeout(120_000);
  const firm = createFirm('Nav');
  const names = async () => {
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const texts = (await links.allInnerTexts()).map((t) => t.trim());
    // Label in name (WCAG 2.5.3): what a voice-control user reads on the link is its accessible name.
    for (const [i, text] of texts.entries()) await expect(links.nth(i)).toHaveAccessibleName(text);
    return texts;
  };
  const labelInName = async (where: string) => {
    const result = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
    expect(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      where,
    ).toEqual([]);
  };
  for (const [user, expected] of [
    [firm.owner, ['Dashboard', 'Clients', 'Schedule', 'Today', 'Timesheets', 'Invoices', 'Settings']],
    [firm.consultant, ['Dashboard', 'Clients', 'Schedule', 'Today', 'Timesheets', 'Settings']],
  ] as const) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await login(page, user);
    const sets: Record<number, string[]> = {};
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      for (const url of ['/dashboard', '/schedule', '/today']) {
        await page.goto(url);
        sets[width] = await names();
        await labelInName(`${user.role} at ${width} px on ${url}`);
      }
    }
    expect(sets[1280], `${user.role} on a desktop`).toEqual(expected);
    expect(sets[375], `${user.role} on a phone`).toEqual(expected);
    await logout(page);
  }
});
