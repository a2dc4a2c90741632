import { eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { createFirm, expect, login, test, testDb } from './fixtures';

const SHOTS = '/work/shots/wt-mail';

function addMessage(firmId: number, to: string, subject: string, extra: Partial<typeof schema.outbox.$inferInsert> = {}) {
  return testDb()
    .insert(schema.outbox)
    .values({
      firmId,
      kind: 'test',
      toAddress: to,
      subject,
      body: `Hello.\n\n-- \nSweetspot. You are the firm's owner.\n`,
      messageKey: crypto.randomUUID(),
      ...extra,
    })
    .returning()
    .get().id;
}

test('Settings → Email: the owner sees what would be sent without a mail server, why one failed, and sends it again', async ({
  page,
}, info) => {
  const firm = createFirm('Mail');
  addMessage(firm.id, firm.owner.email, 'Waiting message');
  const failed = addMessage(firm.id, firm.consultant.email, 'Refused message', {
    status: 'failed',
    attempts: 1,
    lastError: 'The mail server refused it: 550 No such mailbox here',
  });
  await login(page, firm.owner);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Email', exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByRole('note')).toContainText('No mail server is configured');
  const waiting = page.getByTestId('outbox-message').filter({ hasText: 'Waiting message' });
  await expect(waiting).toContainText('Not sent: no mail server configured');
  const refused = page.getByTestId('outbox-message').filter({ hasText: 'Refused message' });
  await expect(refused).toContainText('Failed');
  await expect(refused).toContainText('Why: The mail server refused it: 550 No such mailbox here');
  await refused.getByText('Show the message').click();
  await expect(refused.getByText("Sweetspot. You are the firm's owner.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/settings-email-${info.project.name}.png`, fullPage: true });

  await refused.getByRole('button', { name: 'Send again: Refused message' }).click();
  // The message is back in the queue: its button goes with its failure.
  await expect(refused.getByRole('button', { name: /Send again/ })).toHaveCount(0);
  const row = testDb().select().from(schema.outbox).where(eq(schema.outbox.id, failed)).get()!;
  expect(row).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
  await expect(page.getByTestId('outbox-message').filter({ hasText: 'Refused message' })).toContainText(
    'Not sent: no mail server configured',
  );
});

test('Settings → Email is the owner’s: a consultant has no tab and is told so on the page', async ({ page }) => {
  const firm = createFirm('MailDenied');
  addMessage(firm.id, firm.owner.email, 'Owner only message');
  await login(page, firm.consultant);
  await page.goto('/settings/team');
  await expect(page.getByRole('link', { name: 'Email', exact: true })).toHaveCount(0);
  await page.goto('/settings/email');
  await expect(page.getByRole('alert').filter({ hasText: 'Only' })).toContainText('Only the firm’s owner can see the firm’s email');
  await expect(page.getByText('Owner only message')).toHaveCount(0);
});

test('a password reset asked for the owner’s own address shows no link in Settings → Email: a signed-in session cannot set a new password through it', async ({
  page,
  browser,
}) => {
  const firm = createFirm('MailReset');
  await login(page, firm.owner);
  // Someone else (or the holder of a copied session) asks for a reset of the owner's password.
  const other = await browser.newContext();
  const asker = await other.newPage();
  await asker.goto('/forgot-password');
  await asker.getByLabel('Email').fill(firm.owner.email);
  await asker.getByRole('button', { name: 'Send me a link' }).click();
  await expect(asker.getByRole('status')).toContainText('If an account exists');
  await other.close();
  await page.goto('/settings/email');
  const message = page.getByRole('listitem').filter({ hasText: 'Reset your Sweetspot password' });
  await expect(message).toContainText('(hidden: only the recipient can open this link)');
  expect(await page.content()).not.toMatch(/reset-password\/[A-Za-z0-9_-]{43}/);
});
