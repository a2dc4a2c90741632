import { and, desc, eq, like } from 'drizzle-orm';
import * as schema from '../db/schema';
import { actionId, count, createFirm, expect, login, postAction, test, testDb, uniqueEmail } from './fixtures';

const SHOTS = '/work/shots/wt-mail';
const ANSWER = 'If an account exists for that address, we sent a link to it.';

/** The newest message to this address, as the outbox holds it (no mail server in the browser tests). */
function lastMessage(to: string) {
  return testDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, to)).orderBy(desc(schema.outbox.id)).get();
}
const linkPath = (body: string) => /https?:\/\/[^/\s]+(\/reset-password\/[A-Za-z0-9_-]{43})/.exec(body)?.[1];

async function askForLink(page: import('@playwright/test').Page, email: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toContainText(ANSWER);
}

test('forgot password: the link from the message sets a new password once and signs the person out everywhere else', async ({
  page,
  browser,
}, info) => {
  const firm = createFirm('Forgot');
  const user = firm.consultant;
  // The person is signed in on another device.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await login(otherPage, user);

  await askForLink(page, user.email);
  await page.screenshot({ path: `${SHOTS}/forgot-password-${info.project.name}.png`, fullPage: true });
  const mail = lastMessage(user.email)!;
  expect(mail).toMatchObject({ kind: 'password-reset', subject: 'Reset your Sweetspot password' });
  expect(mail.body).toContain(firm.name);
  expect(mail.body).toContain(`You get this because a password reset was asked for ${user.email}`);
  const path = linkPath(mail.body)!;
  expect(path).toBeTruthy();

  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('New password again').fill('short');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('my own new password');
  await page.getByLabel('New password again').fill('my own new password');
  await page.screenshot({ path: `${SHOTS}/reset-password-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=done$/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  // The other device's session is gone.
  await otherPage.goto('/timesheets');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  // The old password no longer works; the new one does.
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await login(page, { ...user, password: 'my own new password' });

  // Used once: the page refuses it, and so does the action posted directly, changing nothing.
  await page.context().clearCookies();
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/reset-password-used-${info.project.name}.png`, fullPage: true });
  const hashBefore = testDb().select({ h: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, user.id)).get()!.h;
  const res = await postAction(page.request, actionId('app/(auth)/password-actions.ts', 'resetPasswordAction'), {
    token: path.split('/').at(-1)!,
    newPassword: 'attacker password',
    confirmPassword: 'attacker password',
  });
  expect(res.body).toContain('This link has expired or was already used');
  expect(testDb().select({ h: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, user.id)).get()!.h).toBe(
    hashBefore,
  );
});

test('an expired reset link is refused', async ({ page }) => {
  const firm = createFirm('Expired');
  await askForLink(page, firm.staff.email);
  const path = linkPath(lastMessage(firm.staff.email)!.body)!;
  testDb()
    .update(schema.oneTimeLinks)
    .set({ expiresAt: Date.now() - 1 })
    .where(eq(schema.oneTimeLinks.userId, firm.staff.id))
    .run();
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
});

test('an unknown address gets the same answer and no mail; the request counts against the throttle like a known one', async ({ page }) => {
  const email = uniqueEmail('nobody');
  const attempts = () =>
    testDb()
      .select()
      .from(schema.loginAttempts)
      .where(and(like(schema.loginAttempts.email, `%${email}`)))
      .all().length;
  await askForLink(page, email);
  expect(count('select count(*) as n from outbox where to_address = ?', email)).toBe(0);
  expect(attempts()).toBe(1);
});
