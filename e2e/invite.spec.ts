import { desc, eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { serious } from './axe';
import { acceptInvitation, createFirm, expect, inviteMember, login, logout, snapshot, test, testDb, uniqueEmail } from './fixtures';

const SHOTS = '/work/shots/wt-invites';

test('an owner invites a member; the mail waits in Settings → Email; the link makes their account once and signs them in', async ({
  page,
}, info) => {
  const firm = createFirm('Invite');
  const email = uniqueEmail('invited');
  await login(page, firm.owner);
  const path = await inviteMember(page, { name: 'Ivy Invited', email, role: 'consultant' });
  const row = page.getByTestId(`invitation-${email}`);
  await expect(row).toContainText('Ivy Invited · Consultant · sent');
  await expect(row).toContainText('Waiting · expires');
  await page.screenshot({ path: `${SHOTS}/team-invitation-${info.project.name}.png`, fullPage: true });
  expect(await serious(page)).toEqual([]);
  // The message the invitee gets carries the same link; the owner sees that it waits, not its words.
  const mail = testDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, email)).orderBy(desc(schema.outbox.id)).get()!;
  expect(mail.kind).toBe('invite');
  expect(mail.body).toContain(path);
  await page.goto('/settings/email');
  const shown = page.getByTestId('outbox-message').filter({ hasText: email });
  await expect(shown).toContainText(`${firm.owner.name} invited you to ${firm.name} on Sweetspot`);
  await expect(shown).toContainText('Not sent: no mail server configured');
  await shown.getByText('Show the message').click();
  await expect(shown).toContainText('Its words and link are for its recipient only');
  await expect(shown).not.toContainText(path);
  await logout(page);

  await page.goto(path);
  await expect(page.getByRole('heading', { name: `Join ${firm.name}` })).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('Ivy Invited');
  await page.getByLabel('Your name').fill('Ivy I. Invited');
  await page.screenshot({ path: `${SHOTS}/invite-accept-${info.project.name}.png`, fullPage: true });
  expect(await serious(page)).toEqual([]);
  // A refused form (passwords that differ) makes nothing.
  const before = snapshot([firm.id]);
  await page.getByLabel('New password', { exact: true }).fill('ivy chooses this');
  await page.getByLabel('New password again').fill('ivy chooses that');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page.getByText('The two new passwords do not match.')).toBeVisible();
  expect(snapshot([firm.id])).toBe(before);
  await page.getByLabel('New password', { exact: true }).fill('ivy chooses this');
  await page.getByLabel('New password again').fill('ivy chooses this');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveURL(/\/(dashboard|today)$/);
  await expect(page.getByText('Ivy I. Invited · Consultant')).toBeVisible();
  await logout(page);

  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'This invitation no longer works' })).toBeVisible();
  await login(page, { email, password: 'ivy chooses this', role: 'consultant' });
});

test('revoking an invitation kills its link; "Send again" too soon is refused and changes nothing', async ({ page, browser }) => {
  const firm = createFirm('Revoke');
  const email = uniqueEmail('revoked');
  await login(page, firm.owner);
  const path = await inviteMember(page, { name: 'Rex Revoked', email, role: 'staff' });
  const row = page.getByTestId(`invitation-${email}`);

  const before = snapshot([firm.id]);
  await row.getByRole('button', { name: `Send again to ${email}` }).click();
  await expect(row.getByRole('alert')).toContainText('sent less than 5 minutes ago');
  expect(snapshot([firm.id])).toBe(before);

  await row.getByRole('button', { name: `Revoke the invitation to ${email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke the invitation to ${email}?` });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);

  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  await invitee.goto(path);
  await expect(invitee.getByRole('heading', { name: 'This invitation no longer works' })).toBeVisible();
  await ctx.close();
  expect(testDb().select().from(schema.users).where(eq(schema.users.email, email)).all()).toEqual([]);
});

test('an invitation to an address that has an account by now makes nothing and says so to its holder', async ({ page, browser }, info) => {
  const firm = createFirm('Late');
  const other = createFirm('Taken');
  const email = uniqueEmail('late');
  await login(page, firm.owner);
  const path = await inviteMember(page, { name: 'Lou Late', email, role: 'consultant' });
  // The address gets an account elsewhere before the link is opened.
  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  const otherPath = await (async () => {
    await login(invitee, other.owner);
    const p = await inviteMember(invitee, { name: 'Lou Late', email, role: 'staff' });
    await logout(invitee);
    return p;
  })();
  await acceptInvitation(invitee, otherPath, 'lou-own-password');
  await logout(invitee);
  const before = snapshot([firm.id, other.id]);
  await invitee.goto(path);
  await expect(invitee.getByRole('heading', { name: 'This address already has an account' })).toBeVisible();
  await expect(invitee.getByRole('button', { name: 'Save and sign in' })).toHaveCount(0);
  await invitee.screenshot({ path: `${SHOTS}/invite-has-account-${info.project.name}.png`, fullPage: true });
  expect(snapshot([firm.id, other.id])).toBe(before);
  await ctx.close();
});
