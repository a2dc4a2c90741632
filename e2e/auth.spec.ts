import { randomUUID } from 'node:crypto';
import { apiLogin, count, createFirm, expect, login, logout, snapshot, test, testDb, uniqueEmail } from './fixtures';

test.describe('sign-up', () => {
  test.use({ timezoneId: 'Europe/Berlin' });

  test('creates a firm with the browser time zone; the owner confirms the address from the message before inviting anyone', async ({
    page,
  }, info) => {
    const email = uniqueEmail('signup');
    await page.goto('/signup');
    await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
    await page.getByLabel('Firm name').fill('Lakeside IT');
    await page.getByLabel('Your name').fill('Lee Lake');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create firm' }).click();
    await expect(page).toHaveURL(/\/signup\/check-email$/);
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await page.screenshot({ path: `/work/shots/wt-mail/signup-check-email-${info.project.name}.png`, fullPage: true });
    await login(page, { email, password: 'correct horse battery', role: 'owner' });
    await expect(page.getByTestId('firm-name')).toHaveText('Lakeside IT');
    // Until the address is confirmed: a banner, and no member can be added (nothing written).
    const banner = page.getByRole('region', { name: 'Confirm your email address' });
    await expect(banner).toContainText(`We sent a link to ${email}`);
    await expect(banner).toContainText('No mail server is configured: the message is under Settings → Email.');
    await page.screenshot({ path: `/work/shots/wt-mail/unconfirmed-banner-${info.project.name}.png`, fullPage: true });
    await page.goto('/settings/team');
    await page.getByLabel('Name', { exact: true }).fill('Nia New');
    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('nia'));
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Confirm your email address first' })).toBeVisible();
    const firmId = count('select firm_id as n from users where email = ?', email);
    expect(count('select count(*) as n from users where firm_id = ?', firmId)).toBe(1);
    // "Send the link again" makes a new link; the first one ends.
    const links = () =>
      (
        testDb().$client.prepare("select body from outbox where to_address = ? and kind = 'confirm-email' order by id").all(email) as {
          body: string;
        }[]
      ).map((m) => /(\/confirm-email\/[A-Za-z0-9_-]{43})/.exec(m.body)![1]!);
    expect(links()).toHaveLength(1);
    await banner.getByRole('button', { name: 'Send the link again' }).click();
    await expect(banner.getByRole('status')).toHaveText('We sent a new link; earlier links no longer work.');
    expect(links()).toHaveLength(2);
    await page.goto(links()[0]!);
    await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
    await page.goto(links()[1]!);
    await page.screenshot({ path: `/work/shots/wt-mail/confirm-email-${info.project.name}.png`, fullPage: true });
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('region', { name: 'Confirm your email address' })).toHaveCount(0);
    await page.goto('/settings/team');
    await page.getByLabel('Name', { exact: true }).fill('Nia New');
    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('nia'));
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The invitation to' })).toBeVisible();
    const row = testDb()
      .$client.prepare(
        'select u.role, f.time_zone as tz, u.password_hash as hash from users u join firms f on f.id = u.firm_id where u.email = ?',
      )
      .get(email) as { role: string; tz: string; hash: string } | undefined;
    expect(row?.role).toBe('owner');
    expect(row?.tz).toBe('Europe/Berlin');
    expect(row?.hash).toMatch(/^\$2[aby]\$/);
    expect(row?.hash).not.toContain('correct horse');
  });

  test('refuses a short password next to the field, keeps what was typed and creates nothing', async ({ page }) => {
    const email = uniqueEmail('short');
    await page.goto('/signup');
    await page.getByLabel('Firm name').fill('Tiny Co');
    await page.getByLabel('Your name').fill('Tia Tiny');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create firm' }).click();
    await expect(page.locator('#field-password-error')).toHaveText('Use at least 8 characters.');
    await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Firm name')).toHaveValue('Tiny Co');
    await expect(page.getByLabel('Email')).toHaveValue(email);
    expect(count('select count(*) as n from users where email = ?', email)).toBe(0);
    expect(count("select count(*) as n from firms where name = 'Tiny Co'")).toBe(0);
  });

  test('a crafted post with a line break in the firm or person name (text a browser field cannot send) is refused and creates nothing', async ({
    request,
  }) => {
    // The form as the page serves it, posted without JavaScript: its hidden fields name the action.
    const html = await (await request.get('/signup')).text();
    const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!;
    const hidden = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [
        m[1]!,
        (m[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
      ]),
    );
    const email = uniqueEmail('crlf');
    const lure = 'Evil\r\n\r\nYour account is locked: https://evil.example/login';
    for (const names of [
      { firmName: lure, name: 'Eve' },
      { firmName: 'Evil Co', name: `Eve\r\nSubject: pwned` },
    ]) {
      const answer = await request.post('/signup', {
        multipart: { ...hidden, ...names, timeZone: 'UTC', email, password: 'correct horse battery' },
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(200);
      expect(await answer.text()).toContain('Use one line of text, without line breaks or control characters.');
    }
    expect(count('select count(*) as n from users where email = ?', email)).toBe(0);
    expect(count('select count(*) as n from outbox where to_address = ?', email)).toBe(0);
    expect(count("select count(*) as n from firms where name like 'Evil%'")).toBe(0);
  });
});

test('logout ends the session on the server: the old cookie no longer works', async ({ page, browser }) => {
  const firm = createFirm();
  await login(page, firm.owner);
  const cookies = await page.context().cookies();
  await logout(page);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login$/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const other = await replay.newPage();
  await other.goto('/dashboard');
  await expect(other).toHaveURL(/\/login$/);
  await replay.close();
});

test('the session cookie is HttpOnly, SameSite=Lax and changes at every login', async ({ page }) => {
  const firm = createFirm();
  await login(page, firm.owner);
  const first = (await page.context().cookies()).find((c) => c.name.endsWith('authjs.session-token'));
  expect(first?.httpOnly).toBe(true);
  expect(first?.sameSite).toBe('Lax');
  await logout(page);
  await login(page, firm.owner);
  const second = (await page.context().cookies()).find((c) => c.name.endsWith('authjs.session-token'));
  expect(second?.value).toBeTruthy();
  expect(second?.value).not.toBe(first?.value);
});

test('a wrong password and an unknown email get the same message', async ({ page }) => {
  const firm = createFirm();
  await page.goto('/login');
  await page.getByLabel('Email').fill(firm.owner.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page.getByLabel('Email')).toHaveValue(firm.owner.email);

  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login$/);
});

test('five failures lock the account for 15 minutes, even with the right password', async ({ page }) => {
  const firm = createFirm();
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Email').fill(firm.consultant.email);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
    // The same text stays; wait for the form to be idle before the next try.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await page.getByLabel('Email').fill(firm.consultant.email);
  await page.getByLabel('Password').fill(firm.consultant.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
  await expect(page).toHaveURL(/\/login$/);
  const sessions = testDb().$client.prepare('select count(*) as n from auth_sessions where user_id = ?').get(firm.consultant.id) as {
    n: number;
  };
  expect(sessions.n).toBe(0);
});

test('a password change signs out the other devices but not this one', async ({ page, browser }) => {
  const firm = createFirm();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await login(otherPage, firm.staff);
  await login(page, firm.staff);

  await page.goto('/settings/profile');
  await page.getByLabel('Current password').fill(firm.staff.password);
  await page.getByLabel('New password', { exact: true }).fill('a brand new password');
  await page.getByLabel('Repeat the new password').fill('a brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Password changed');

  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/dashboard$/);
  await otherPage.goto('/dashboard');
  await expect(otherPage).toHaveURL(/\/login$/);
  await other.close();

  await logout(page);
  await login(page, { email: firm.staff.email, password: 'a brand new password' });
});

test('behind an HTTPS proxy the session cookie is also Secure', async ({ request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'cookies do not depend on the viewport');
  const firm = createFirm();
  const https = { 'X-Forwarded-Proto': 'https' };
  const csrf = await request.get('/api/auth/csrf', { headers: https });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value.split(';')[0])
    .join('; ');
  const res = await request.post('/api/auth/callback/credentials', {
    headers: { ...https, Cookie: csrfCookie },
    form: { csrfToken, email: firm.owner.email, password: firm.owner.password, callbackUrl: '/dashboard' },
    maxRedirects: 0,
  });
  const session = res.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.includes('session-token'));
  expect(session?.value).toBeTruthy();
  expect(session!.value).toMatch(/^__Secure-authjs\.session-token=/);
  expect(session!.value).toMatch(/;\s*Secure/i);
  expect(session!.value).toMatch(/;\s*HttpOnly/i);
  expect(session!.value).toMatch(/;\s*SameSite=Lax/i);
});

test('a consultant signing in on a phone lands on Today; at a desk, and office staff, on the dashboard; a page asked for wins', async ({
  page,
}, info) => {
  test.setTimeout(90_000); // three sign-ins on a shared machine
  const firm = createFirm('Landing');
  const phone = info.project.name === 'phone';
  const signIn = async (user: { email: string; password: string }, path = '/login') => {
    await page.goto(path);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.locator('input[name="screen"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  await signIn(firm.consultant);
  await expect(page).toHaveURL(phone ? /\/today$/ : /\/dashboard$/);
  await expect(page.getByRole('heading', { name: phone ? 'Today' : 'Dashboard', level: 1 })).toBeVisible();
  await logout(page);
  // The other roles on the same screen (the owner's and office staff's landing for every screen is in lib/landing.test.ts).
  await signIn(firm.staff);
  await expect(page).toHaveURL(/\/dashboard$/);
  await logout(page);
  await signIn(firm.consultant, '/login?next=/clients');
  await expect(page).toHaveURL(/\/clients$/);
});

test('a next parameter that would leave the site is ignored: signing in lands on our own dashboard', async ({ page }) => {
  const firm = createFirm();
  const base = new URL(test.info().project.use.baseURL ?? `http://localhost:${process.env.E2E_PORT ?? 3210}`);
  const elsewhere: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).host !== base.host) elsewhere.push(req.url());
  });
  // The tab passes a "starts with one slash" check; the browser then drops it and reads //other.example/.
  await page.goto('/login?next=/%09/other.example/');
  await page.getByLabel('Email').fill(firm.owner.email);
  await page.getByLabel('Password').fill(firm.owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base.origin}/dashboard`);
  await expect(page.getByTestId('firm-name')).toHaveText(firm.name);
  expect(elsewhere).toEqual([]);
});

test('/api/auth/session never shows the session id, and shows nobody once the session row has ended', async ({ playwright }, info) => {
  test.skip(info.project.name === 'phone', 'an HTTP-level test; runs once');
  const firm = createFirm();
  const baseURL = info.project.use.baseURL;
  for (const [user, end] of [
    [firm.owner, (id: number) => testDb().$client.prepare('delete from auth_sessions where user_id = ?').run(id)],
    [
      firm.staff,
      (id: number) =>
        testDb()
          .$client.prepare('update auth_sessions set expires_at = ? where user_id = ?')
          .run(Date.now() - 1000, id),
    ],
  ] as const) {
    const request = await playwright.request.newContext({ baseURL });
    await apiLogin(request, user);
    const sid = (testDb().$client.prepare('select id from auth_sessions where user_id = ?').get(user.id) as { id: string }).id;
    const live = await request.get('/api/auth/session');
    const liveText = await live.text();
    expect((JSON.parse(liveText) as { user?: { email?: string } }).user?.email).toBe(user.email);
    expect(liveText).not.toContain(sid);
    expect(liveText).not.toContain('"sid"');

    end(user.id);
    const ended = await request.get('/api/auth/session');
    const endedText = await ended.text();
    expect(endedText).not.toContain(user.email);
    expect(endedText).not.toContain(user.name);
    expect(endedText).not.toContain(sid);
    const body = JSON.parse(endedText) as Record<string, unknown> | null;
    expect(body === null || Object.keys(body).length === 0, endedText).toBe(true);
    await request.dispose();
  }
});

test('sign-up with an email already in use does not say so, creates nothing and tells the account’s owner', async ({ page }, info) => {
  // Runs once: sign-ups are throttled per client address, and every e2e test shares one.
  test.skip(info.project.name === 'phone', 'sign-ups are throttled per address; runs once');
  const firm = createFirm();
  const firmName = `Copycat ${randomUUID().slice(0, 6)}`;
  const before = snapshot([firm.id]);
  await page.goto('/signup');
  await page.getByLabel('Firm name').fill(firmName);
  await page.getByLabel('Your name').fill('Cary Copycat');
  await page.getByLabel('Email').fill(firm.owner.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create firm' }).click();
  // The very page a new firm gets: nothing here says the address had an account.
  await expect(page).toHaveURL(/\/signup\/check-email$/);
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  expect(count('select count(*) as n from firms where name = ?', firmName)).toBe(0);
  // The account's owner is told instead; apart from that message, their firm is unchanged.
  const notice = testDb()
    .$client.prepare("select id, subject from outbox where to_address = ? and kind = 'signup-attempt'")
    .all(firm.owner.email) as { id: number; subject: string }[];
  expect(notice.map((m) => m.subject)).toEqual(['Someone tried to sign up with your address']);
  testDb().$client.prepare('delete from outbox where id = ?').run(notice[0]!.id);
  expect(snapshot([firm.id])).toBe(before);
});
