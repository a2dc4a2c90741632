import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { addClient, addVisit, createFirm, expect, login, test, testDb } from './fixtures';

// Links made before the database kept only hashes: they keep working, but Settings can no longer show them.
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

test('a feed address from before hashing still works; Settings says it cannot be shown, and a new one can be', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'covered on desktop; the settings form is the same');
  const firm = createFirm('OldFeed');
  const visitId = addVisit(firm.id, addClient(firm.id, { name: 'Old Feed Dental', seats: 3 }), firm.consultant.id, Date.now() + 86_400_000);
  const legacy = randomBytes(32).toString('base64url');
  testDb()
    .insert(schema.calendarFeeds)
    .values({ tokenHash: sha256(legacy), nonce: null, firmId: firm.id, userId: firm.consultant.id, createdByUserId: firm.consultant.id })
    .run();
  const anon = await page.context().browser()!.newContext();
  const old = await anon.request.get(`/feeds/${legacy}`);
  expect(old.status()).toBe(200);
  expect(await old.text()).toContain(`UID:visit-${visitId}@sweetspot`);

  await login(page, firm.consultant);
  await page.goto('/settings/profile');
  await expect(page.getByTestId('feed-hidden-me')).toContainText('cannot be shown again');
  await expect(page.getByLabel('Your feed address')).toHaveCount(0);
  await page.getByRole('button', { name: 'Make a new address' }).click();
  await page.getByRole('dialog', { name: 'Make a new feed address?' }).getByRole('button', { name: 'Yes, make a new address' }).click();
  await expect(page.getByLabel('Your feed address')).toBeVisible();
  const fresh = await page.getByLabel('Your feed address').inputValue();
  expect(fresh).toMatch(/\/feeds\/[A-Za-z0-9_-]{43}$/);
  expect((await anon.request.get(fresh)).status()).toBe(200);
  expect((await anon.request.get(`/feeds/${legacy}`)).status()).toBe(404);
  // The database holds the new address's hash, not the address.
  const stored = testDb().select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.firmId, firm.id)).all();
  expect(stored.map((r) => r.tokenHash)).toEqual([sha256(fresh.split('/').pop()!)]);
  await anon.close();
});

test('a request page link from before hashing still works; the owner is told to make a new one to see it', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'covered on desktop');
  const firm = createFirm('OldPage');
  const legacy = randomBytes(24).toString('base64url');
  testDb()
    .update(schema.firms)
    .set({ requestPageTokenHash: sha256(legacy), requestPageNonce: null })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const anon = await page.context().browser()!.newContext();
  expect((await anon.request.get(`/request/${legacy}`)).status()).toBe(200);

  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await expect(page.getByTestId('request-page-hidden')).toContainText('cannot be shown again');
  await page.getByRole('button', { name: 'Make a new link' }).click();
  // Asked first: the old link, which clients may have on paper, stops for good.
  const ask = page.getByRole('dialog', { name: 'Make a new request link?' });
  await expect(ask).toContainText('The current link stops working at once');
  await page.screenshot({ path: info.outputPath('request-link-asked.png'), fullPage: true });
  await ask.getByRole('button', { name: 'Keep it' }).click();
  expect((await anon.request.get(`/request/${legacy}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Make a new link' }).click();
  await ask.getByRole('button', { name: 'Yes, make a new link' }).click();
  await expect(page.getByLabel('Link to give your clients')).toBeVisible();
  const fresh = await page.getByLabel('Link to give your clients').inputValue();
  expect(fresh).toMatch(/\/request\/[A-Za-z0-9_-]{43}$/);
  expect((await anon.request.get(fresh)).status()).toBe(200);
  expect((await anon.request.get(`/request/${legacy}`)).status()).toBe(404);
  await anon.close();
});
