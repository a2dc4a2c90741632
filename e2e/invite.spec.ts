import { desc, eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { createFirm, expect, login, logout, test, testDb, uniqueEmail } from './fixtures';

const SHOTS = '/work/shots/wt-mail';

test('an owner invites a member by email; the link lets them choose their own password once and signs them in', async ({ page }, info) => {
  const firm = createFirm('Invite');
  const email = uniqueEmail('invited');
  await login(page, firm.owner);
  await page.goto('/settings/team');
  await page.getByLabel('Name', { exact: true }).fill('Ivy Invited');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Send them a link to choose their own').check();
  await page.screenshot({ path: `${SHOTS}/team-invite-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ivy Invited was added' })).toContainText(
    'the invitation waits in Settings → Email',
  );
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  const mail = testDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, email)).orderBy(desc(schema.outbox.id)).get()!;
  expect(mail.kind).toBe('invite');
  const path = /https?:\/\/[^/\s]+(\/invite\/[A-Za-z0-9_-]{43})/.exec(mail.body)![1]!;
  // The owner sees the message in Settings → Email, without the member's link.
  await page.goto('/settings/email');
  const shown = page.getByTestId('outbox-message').filter({ hasText: email });
  await shown.getByText('Show the message').click();
  await expect(shown).toContainText('(hidden: only the recipient can open this link)');
  await expect(shown).not.toContainText(path);
  await logout(page);

  await page.goto(path);
  await expect(page.getByRole('heading', { name: `Join ${firm.name}` })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('ivy chooses this');
  await page.getByLabel('New password again').fill('ivy chooses this');
  await page.screenshot({ path: `${SHOTS}/invite-accept-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveURL(/\/(dashboard|today)$/);
  await expect(page.getByText('Ivy Invited · Consultant')).toBeVisible();
  await logout(page);

  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'This invitation no longer works' })).toBeVisible();
  await login(page, { email, password: 'ivy chooses this', role: 'consultant' });
});
