import { addClient, addVisit, createFirm, expect, login, test } from './fixtures';

test('a consultant subscribes to their calendar feed; a new address or switching off makes the old one 404 at once', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'covered on desktop; the settings form is the same');
  const firm = createFirm('Feeds');
  const clientId = addClient(firm.id, { name: 'Feed Dental', seats: 3 });
  const visitId = addVisit(firm.id, clientId, firm.consultant.id, Date.now() + 86_400_000);
  await login(page, firm.consultant);
  await page.goto('/settings/profile');
  // Consultants get their own feed only.
  await expect(page.getByText('Whole-team feed')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create feed' }).click();
  const first = await page.getByLabel('Your feed address').inputValue();
  expect(first).toMatch(/^http:\/\/localhost:\d+\/feeds\/[A-Za-z0-9_-]{43}$/);

  const anon = await page.context().browser()!.newContext();
  const res = await anon.request.get(first);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/calendar');
  const body = await res.text();
  expect(body).toContain(`UID:visit-${visitId}@sweetspot`);
  expect(body).toContain('SUMMARY:Visit: Feed Dental');

  await page.getByRole('button', { name: 'Make a new address' }).click();
  await page.screenshot({ path: test.info().outputPath('feed-new-address-dialog.png') });
  await page.getByRole('dialog', { name: 'Make a new feed address?' }).getByRole('button', { name: 'Yes, make a new address' }).click();
  await expect(page.getByLabel('Your feed address')).not.toHaveValue(first);
  const second = await page.getByLabel('Your feed address').inputValue();
  expect((await anon.request.get(first)).status()).toBe(404);
  expect((await anon.request.get(second)).status()).toBe(200);

  await page.getByRole('button', { name: 'Switch off' }).click();
  await page.getByRole('dialog', { name: 'Switch this feed off?' }).getByRole('button', { name: 'Switch it off' }).click();
  await expect(page.getByText('No feed yet.')).toBeVisible();
  expect((await anon.request.get(second)).status()).toBe(404);
  await anon.close();
});

test('owner and staff can have a whole-team feed naming each consultant', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'covered on desktop');
  const firm = createFirm('TeamFeed');
  const clientId = addClient(firm.id, { name: 'Team Dental', seats: 3 });
  addVisit(firm.id, clientId, firm.consultant.id, Date.now() + 86_400_000);
  await login(page, firm.staff);
  await page.goto('/settings/profile');
  await page.getByRole('button', { name: 'Create feed' }).last().click();
  const url = await page.getByLabel('Whole-team feed address').inputValue();
  const body = await (await page.request.get(url)).text();
  expect(body).toContain(`SUMMARY:Visit: Team Dental (${firm.consultant.name})`);
});

test('the feed address has a copy button that says "Copied" (by keyboard too) and a webcal: link for calendar apps', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const firm = createFirm('FeedCopy');
  await login(page, firm.consultant);
  await page.goto('/settings/profile');
  await page.getByRole('button', { name: 'Create feed' }).click();
  const address = page.getByLabel('Your feed address');
  await expect(address).toHaveValue(/\/feeds\//);
  const url = await address.inputValue();

  const subscribe = page.getByRole('link', { name: 'Subscribe in your calendar app' });
  await expect(subscribe).toHaveAttribute('href', url.replace(/^http:\/\//, 'webcal://'));

  // Keyboard only: from the address field, Tab reaches the copy button and Enter copies.
  await address.focus();
  await page.keyboard.press('Tab');
  const copy = page.getByRole('button', { name: 'Copy address' });
  await expect(copy).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Copied', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
});
