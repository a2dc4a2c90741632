import { addClient, createFirm, expect, login, test } from './fixtures';

/**
 * The production server answers repeated views of the main list pages from
 * its page cache (lib/page-cache.ts). Whatever it serves must be what a fresh
 * render would show: after an edit, and to each person their own page.
 */
test('a cached page never outlives an edit and is never shown to another person', async ({ page, browser }, info) => {
  test.skip(info.project.name === 'phone', 'the cache is the same for every screen');
  const firm = createFirm('Cache');
  const clientId = addClient(firm.id, { name: 'Cached Dental', seats: 3 });
  await login(page, firm.owner);

  // Page loads (not router fetches) go through the cache; other tests write
  // in parallel and empty it, so look until two loads in a row meet.
  await expect
    .poll(async () => {
      await page.goto('/clients');
      return (await page.goto('/clients'))?.headers()['x-sweetspot-cache'];
    })
    .toBe('hit');
  await expect(page.getByRole('link', { name: 'Cached Dental' })).toBeVisible();

  await page.goto(`/clients/${clientId}/edit`);
  await page.getByLabel('Name', { exact: true }).fill('Renamed Dental');
  await page.getByRole('button', { name: 'Save client' }).click();
  await expect(page.getByRole('heading', { name: 'Renamed Dental' })).toBeVisible();
  const after = await page.goto('/clients');
  expect(after?.headers()['x-sweetspot-cache']).toBeDefined();
  await expect(page.getByRole('link', { name: 'Renamed Dental' })).toBeVisible();
  await expect(page.getByText('Cached Dental')).toHaveCount(0);

  // The owner's dashboard is cached; the consultant asking for the same URL gets their own.
  await expect
    .poll(async () => {
      await page.goto('/dashboard');
      return (await page.goto('/dashboard'))?.headers()['x-sweetspot-cache'];
    })
    .toBe('hit');
  await expect(page.getByText(`${firm.owner.name} · Owner`)).toBeVisible();
  const other = await browser.newContext();
  const consultantPage = await other.newPage();
  await login(consultantPage, firm.consultant);
  await consultantPage.goto('/dashboard');
  await expect(consultantPage.getByText(`${firm.consultant.name} · Consultant`)).toBeVisible();
  await expect(consultantPage.getByText(firm.owner.name)).toHaveCount(0);
  await other.close();
});
