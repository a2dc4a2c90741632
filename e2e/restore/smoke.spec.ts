import { expect, test } from '@playwright/test';
import { DEMO_FIRM_NAME, DEMO_USERS } from '../../db/seed';

// Run by `npm run test:restore` only: the server was started on a restored backup.
const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
const marcus = DEMO_USERS.find((u) => u.email.startsWith('marcus'))!;

test('the app works on a restored backup: the backed-up data is there, later changes are gone, and it takes new writes', async ({
  page,
}) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // The firm name was changed after the backup was taken; the restore brings the old one back.
  await expect(page.getByTestId('firm-name')).toHaveText(DEMO_FIRM_NAME);
  await expect(page.getByTestId('stat-marketing')).toBeVisible();
  await expect(page.getByTestId('weekly-chart')).toBeVisible();

  // A client written while the backup was being taken is in it.
  await page.goto('/clients?q=Restore+Marker');
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await expect(page.getByTestId('client-row')).toContainText('Restore Marker Ltd');

  await page.goto('/schedule');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // The restored database takes new writes.
  await page.goto('/clients/new');
  await page.getByLabel('Name', { exact: true }).fill('After Restore Co');
  await page.getByLabel('Seats (PCs)').fill('4');
  await page.getByRole('button', { name: 'Create client' }).click();
  await expect(page.getByRole('heading', { name: 'After Restore Co' })).toBeVisible();
});

test('a consultant signs in on the restored copy and sees today', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(marcus.email);
  await page.getByLabel('Password').fill(marcus.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
