import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { totpCode } from '../lib/two-factor';
import { serious } from './axe';
import { count, createFirm, expect, landingFor, login, logout, test, testDb, visitorPage, type TestUser } from './fixtures';

/** Each screen of the feature: no serious accessibility violation; a screenshot for review when SHOTS names a folder. */
async function look(page: Page, name: string) {
  expect(await serious(page), name).toEqual([]);
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/${name}-${test.info().project.name}.png`, fullPage: true });
}

/** A six-digit code that is none of the codes the server's window takes now. */
function wrongCode(secret: string): string {
  const now = Date.now();
  const taken = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, now + d * 30_000)));
  for (let n = 123_456; ; n++) if (!taken.has(String(n))) return String(n);
}

/**
 * A code of the step after now: the server's window takes one step ahead, and
 * the step now may already be spent (each code works once).
 */
const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000);

const hasSession = async (page: Page) => (await page.context().cookies()).some((c) => c.name.endsWith('authjs.session-token'));

/** Settings → Your account: set up with the key shown (as a person would type it into their app); the secret and recovery codes. */
async function turnOn(page: Page, start = '/settings/profile') {
  await page.goto(start);
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  await look(page, start === '/settings/profile' ? 'settings-setup' : 'gate-setup');
  await page.getByLabel('Code from your app').fill(wrongCode(secret));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.locator('#two-factor-code-error')).toContainText('That code is not right');
  await page.getByLabel('Code from your app').fill(totpCode(secret, Date.now()));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  const items = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(items).toHaveCount(10);
  await look(page, start === '/settings/profile' ? 'settings-codes' : 'gate-codes');
  return { secret, codes: await items.allTextContents() };
}

async function passwordStep(page: Page, user: TestUser) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.locator('input[name="screen"]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Code from your authenticator app')).toBeVisible();
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel('Code from your authenticator app').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
}

test('two-factor on: sign-in asks for the code, a wrong code is refused by the field with no session, a recovery code works once', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const firm = createFirm('Two factor');
  const me = firm.consultant;
  await login(page, me);
  const { secret, codes } = await turnOn(page);
  // At rest: sealed secret, hashed codes.
  const row = testDb().select().from(schema.users).where(eq(schema.users.id, me.id)).get()!;
  expect(row.totpSecret).toBeTruthy();
  expect(row.totpSecret).not.toContain(secret);
  expect(count('select count(*) as n from recovery_codes where user_id = ? and used_at is null', me.id)).toBe(10);
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'user.two_factor_enabled'", firm.id)).toBe(1);
  await page.goto('/settings/profile');
  await expect(page.getByText('10 recovery codes left.')).toBeVisible();
  await expect(page.getByTestId('totp-secret')).toHaveCount(0);
  await logout(page);

  // The password alone opens nothing: the form asks for the code, and no session cookie exists.
  await passwordStep(page, me);
  expect(await hasSession(page)).toBe(false);
  await look(page, 'login-code');
  await codeStep(page, wrongCode(secret));
  await expect(page.locator('#field-code-error')).toHaveText(
    'That code is not right. Enter the code your app shows now, or a recovery code.',
  );
  await expect(page.getByLabel('Code from your authenticator app')).toHaveAttribute('aria-invalid', 'true');
  expect(await hasSession(page)).toBe(false);
  await look(page, 'login-wrong-code');
  await codeStep(page, nextCode(secret));
  await expect(page).toHaveURL(landingFor(page, me.role));
  expect(await hasSession(page)).toBe(true);
  await logout(page);

  // A recovery code signs in once.
  await passwordStep(page, me);
  await codeStep(page, codes[0]!);
  await expect(page).toHaveURL(landingFor(page, me.role));
  await logout(page);
  await passwordStep(page, me);
  await codeStep(page, codes[0]!);
  await expect(page.locator('#field-code-error')).toContainText('That code is not right');
  expect(await hasSession(page)).toBe(false);
  expect(count('select count(*) as n from recovery_codes where user_id = ? and used_at is not null', me.id)).toBe(1);

  // Turning it off takes the password and a code; a wrong password is refused by its field and changes nothing.
  await codeStep(page, codes[1]!);
  await expect(page).toHaveURL(landingFor(page, me.role));
  await page.goto('/settings/profile');
  await expect(page.getByText('8 recovery codes left.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('not-my-password');
  await page.getByLabel('Code', { exact: true }).fill(codes[2]!);
  await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  await expect(page.locator('#two-factor-off-password-error')).toHaveText('Your password is not correct.');
  await look(page, 'settings-turn-off-refused');
  expect(testDb().select().from(schema.users).where(eq(schema.users.id, me.id)).get()!.totpSecret).toBe(row.totpSecret);
  await page.getByLabel('Password', { exact: true }).fill(me.password);
  await page.getByLabel('Code', { exact: true }).fill(codes[2]!);
  await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  await expect(page.getByText('Two-factor sign-in is off.')).toBeVisible();
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'user.two_factor_disabled'", firm.id)).toBe(1);
  await logout(page);
  await login(page, me);
});

test('wrong codes are throttled like wrong passwords: after five, even the right code is refused for the window', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'the throttle does not depend on the viewport');
  test.setTimeout(90_000);
  const firm = createFirm('Two factor throttle');
  const me = firm.owner;
  await login(page, me);
  const { secret } = await turnOn(page);
  await logout(page);
  await passwordStep(page, me);
  const failures = () => count('select count(*) as n from login_attempts where email = ? and succeeded = 0', me.email);
  for (let i = 1; i <= 5; i++) {
    await codeStep(page, wrongCode(secret));
    // Each answer in before the next code is typed: the form is reset when its answer lands.
    await expect.poll(failures).toBe(i);
    await expect(page.getByRole('button', { name: 'Verify and sign in' })).toBeEnabled();
    await expect(page.locator('#field-code-error')).toContainText('That code is not right');
  }
  await codeStep(page, nextCode(secret));
  await expect(page.locator('#field-code-error')).toContainText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
  expect(await hasSession(page)).toBe(false);
  await look(page, 'login-throttled');
  expect(count('select count(*) as n from auth_sessions where user_id = ?', me.id)).toBe(0);
});

test('Auth.js’s own sign-in endpoint gives no session for the password alone or with a wrong code', async ({ page }, info) => {
  test.skip(info.project.name === 'phone', 'direct posts do not depend on the viewport');
  const firm = createFirm('Two factor API');
  const me = firm.staff;
  await login(page, me);
  const { secret } = await turnOn(page);
  await logout(page);
  const sessionsBefore = count('select count(*) as n from auth_sessions where user_id = ?', me.id);
  for (const extra of [{}, { code: wrongCode(secret) }] as Record<string, string>[]) {
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await page.request.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: me.email, password: me.password, callbackUrl: '/dashboard', ...extra },
      maxRedirects: 0,
    });
    expect(res.headers()['location']).toContain('/login?error=CredentialsSignin');
    expect(res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie' && /session-token=[^;]+/.test(h.value))).toEqual([]);
  }
  expect(count('select count(*) as n from auth_sessions where user_id = ?', me.id)).toBe(sessionsBefore);
});

test('the owner requires two-factor sign-in: a member without it is sent to set it up before anything else', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const firm = createFirm('Required');
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Require two-factor sign-in for everyone' }).click();
  await expect(page.getByText('Turn on two-factor sign-in for yourself first')).toBeVisible();
  await turnOn(page);
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Require two-factor sign-in for everyone' }).click();
  await expect(page.getByText('Two-factor sign-in is now required.')).toBeVisible();
  await look(page, 'firm-required');
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'firm.two_factor_required'", firm.id)).toBe(1);

  const member = await visitorPage(browser);
  await member.goto('/login');
  await member.getByLabel('Email').fill(firm.consultant.email);
  await member.getByLabel('Password').fill(firm.consultant.password);
  await member.locator('input[name="screen"]').waitFor({ state: 'attached' });
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member).toHaveURL(/\/two-factor-setup$/);
  await expect(member.getByText('Your firm requires a code from an authenticator app')).toBeVisible();
  for (const path of ['/dashboard', '/clients', '/settings/profile']) {
    await member.goto(path);
    await expect(member, path).toHaveURL(/\/two-factor-setup$/);
  }
  await turnOn(member, '/two-factor-setup');
  await member.getByRole('link', { name: 'I have saved them — continue' }).click();
  await expect(member).toHaveURL(/\/dashboard$/);
  await expect(member.getByRole('heading', { level: 1 })).toBeVisible();
  await member.context().close();

  // The owner sees who has it on.
  await page.goto('/settings/team');
  for (const who of [firm.owner, firm.consultant]) {
    await expect(page.getByTestId(`member-${who.email}`).getByText('Two-factor on')).toBeVisible();
  }
  await expect(page.getByTestId(`member-${firm.staff.email}`).getByText('Two-factor on')).toHaveCount(0);
  await look(page, 'team');
});

test('a member who lost their phone: the owner resets their two-factor, they are signed out and sign in with the password again', async ({
  page,
  browser,
}) => {
  const firm = createFirm('Lost phone');
  const member = await visitorPage(browser);
  await login(member, firm.consultant);
  await turnOn(member);
  expect(count('select count(*) as n from recovery_codes where user_id = ?', firm.consultant.id)).toBe(10);

  await login(page, firm.owner);
  await page.goto('/settings/team');
  const row = page.getByTestId(`member-${firm.consultant.email}`);
  await row.getByRole('button', { name: `Reset two-factor of ${firm.consultant.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Turn it off' }).click();
  await expect(row.getByText(/two-factor sign-in is off and they were signed out everywhere/)).toBeVisible();
  await expect(row.getByText('Two-factor on')).toHaveCount(0);
  expect(count('select count(*) as n from recovery_codes where user_id = ?', firm.consultant.id)).toBe(0);
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'user.two_factor_reset'", firm.id)).toBe(1);
  await look(page, 'team-reset-two-factor');

  // Their old session is over; the password alone signs them in now.
  await member.goto('/dashboard');
  await expect(member).toHaveURL(/\/login/);
  await login(member, firm.consultant);
  await expect(member).toHaveURL(landingFor(member, 'consultant'));
  await member.context().close();
});
