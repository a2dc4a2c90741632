import {
  acceptInvitation,
  actionId,
  count,
  createFirm,
  expect,
  inviteMember,
  login,
  postAction,
  snapshot,
  test,
  testDb,
  uniqueEmail,
} from './fixtures';

const TEAM_ACTIONS = 'app/(app)/settings/team/actions.ts';
const FIRM_ACTIONS = 'app/(app)/settings/firm/actions.ts';

test('an owner invites a consultant, who accepts the link, is signed in, and cannot see or change firm settings', async ({
  page,
  browser,
}) => {
  const firm = createFirm();
  const email = uniqueEmail('newhire');
  await login(page, firm.owner);
  const path = await inviteMember(page, { name: 'Nia Newhire', email, role: 'consultant' });
  await expect(page.getByTestId(`invitation-${email}`)).toContainText('Nia Newhire · Consultant');
  // No account until the invitation is accepted.
  await expect(page.getByTestId(`member-${email}`)).toHaveCount(0);
  expect(count('select count(*) as n from users where email = ?', email)).toBe(0);

  const ctx = await browser.newContext();
  const hire = await ctx.newPage();
  await acceptInvitation(hire, path, 'nia-own-password');
  await page.reload();
  await expect(page.getByTestId(`member-${email}`)).toContainText('Consultant');
  await expect(page.getByTestId(`invitation-${email}`)).toHaveCount(0);

  await hire.goto('/settings/firm');
  await expect(hire.getByRole('heading', { name: /Only the firm.s owner can see firm settings/ })).toBeVisible();
  await expect(hire.getByLabel('Firm name')).toHaveCount(0);
  await expect(hire.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Firm' })).toHaveCount(0);

  const before = snapshot([firm.id]);
  const res = await postAction(hire.request, actionId(FIRM_ACTIONS, 'updateFirmSettingsAction'), {
    name: 'Hijacked',
    timeZone: 'UTC',
    microMaxSeats: '5',
    sweetSpotMinSeats: '10',
    largeMinSeats: '100',
    sweetSpotMinRevenueCents: '5000',
    targetHourlyRateCents: '1',
    weeklyMarketingTargetMinutes: '0',
    billingIncrementMinutes: '15',
    hourClock: '24h',
  });
  expect(res.body).toContain('You do not have permission to do that.');
  expect(snapshot([firm.id])).toBe(before);
  await ctx.close();
});

test('deactivating a member ends their session at once; reactivating lets them back in', async ({ page, browser }) => {
  const firm = createFirm();
  const ctx = await browser.newContext();
  const consultant = await ctx.newPage();
  await login(consultant, firm.consultant);

  await login(page, firm.owner);
  await page.goto('/settings/team');
  const row = page.getByTestId(`member-${firm.consultant.email}`);
  // It asks first, in a dialog that Escape closes with nothing changed.
  await row.getByRole('button', { name: /Deactivate/ }).click();
  const ask = page.getByRole('dialog', { name: `Deactivate ${firm.consultant.name}?` });
  await expect(ask).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('team-deactivate-dialog.png') });
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(row).not.toContainText('Deactivated');
  await row.getByRole('button', { name: /Deactivate/ }).click();
  await ask.getByRole('button', { name: 'Deactivate' }).click();
  await expect(ask).toBeHidden();
  await expect(row).toContainText('Deactivated');

  await consultant.goto('/dashboard');
  await expect(consultant).toHaveURL(/\/login$/);
  await consultant.getByLabel('Email').fill(firm.consultant.email);
  await consultant.getByLabel('Password').fill(firm.consultant.password);
  await consultant.getByRole('button', { name: 'Sign in' }).click();
  await expect(consultant.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');

  await row.getByRole('button', { name: /Reactivate/ }).click();
  await expect(row).not.toContainText('Deactivated');
  await login(consultant, firm.consultant);
  await ctx.close();

  await page.goto('/settings/audit');
  const log = page.getByRole('list', { name: 'Audit entries' });
  await expect(log).toContainText('Deactivated a team member');
  await expect(log).toContainText('Reactivated a team member');
});

test('an owner changes a role and it is in the audit log with before and after', async ({ page }) => {
  const firm = createFirm();
  await login(page, firm.owner);
  await page.goto('/settings/team');
  const row = page.getByTestId(`member-${firm.staff.email}`);
  await row.getByLabel(`Role of ${firm.staff.name}`).selectOption('consultant');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByRole('status')).toHaveText(`${firm.staff.name} is now a consultant.`);
  const role = testDb().$client.prepare('select role from users where id = ?').get(firm.staff.id) as { role: string };
  expect(role.role).toBe('consultant');
  await page.goto('/settings/audit');
  const entry = page.getByRole('listitem').filter({ hasText: 'Changed a role' }).first();
  await expect(entry).toContainText('Role: Office staff → Consultant');
});

test('the last active owner cannot be demoted or deactivated, even by a direct post', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'direct posts do not depend on the viewport');
  const firm = createFirm();
  await login(page, firm.owner);
  const before = snapshot([firm.id]);
  const demote = await postAction(page.request, actionId(TEAM_ACTIONS, 'changeRoleAction'), {
    userId: String(firm.owner.id),
    role: 'staff',
  });
  expect(demote.body).toContain('The firm needs at least one active owner');
  const deactivate = await postAction(page.request, actionId(TEAM_ACTIONS, 'deactivateMemberAction'), { userId: String(firm.owner.id) });
  expect(deactivate.body).toContain('The firm needs at least one active owner');
  expect(snapshot([firm.id])).toBe(before);
});

test('extra fields such as firmId or role are refused and change nothing', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'direct posts do not depend on the viewport');
  const firm = createFirm();
  const victim = createFirm('Victim');
  await login(page, firm.owner);
  const before = snapshot([firm.id, victim.id]);
  const res = await postAction(page.request, actionId(TEAM_ACTIONS, 'addTeamMemberAction'), {
    name: 'Mallory',
    email: uniqueEmail('mallory'),
    role: 'consultant',
    firmId: String(victim.id),
  });
  expect(res.body).toContain('Unexpected field: firmId.');
  const owner = await postAction(page.request, actionId(TEAM_ACTIONS, 'addTeamMemberAction'), {
    name: 'Mallory',
    email: uniqueEmail('mallory'),
    role: 'owner',
  });
  expect(owner.body).toContain('Choose consultant or office staff.');
  expect(snapshot([firm.id, victim.id])).toBe(before);
});

test('inviting an address that has an account in another firm looks exactly like inviting a new one', async ({ page }) => {
  const firm = createFirm();
  const other = createFirm('Other');
  const fresh = uniqueEmail('fresh');
  await login(page, firm.owner);
  const otherBefore = snapshot([other.id]);
  await page.goto('/settings/team');
  const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add member' }) });
  const answers: string[] = [];
  const rows: string[] = [];
  for (const email of [other.consultant.email, fresh]) {
    await add.getByLabel('Name').fill('Otto Other');
    await add.getByLabel('Email').fill(email);
    await add.getByLabel('Role').selectOption('consultant');
    await add.getByRole('button', { name: 'Add member' }).click();
    const status = add.getByRole('status');
    await expect(status).toContainText(email);
    answers.push((await status.innerText()).replaceAll(email, '<address>'));
    const row = page.getByTestId(`invitation-${email}`);
    await expect(row).toContainText('Waiting');
    // The link is there for both (no mail server): its token differs, nothing else.
    await expect(row.getByTestId('invitation-link')).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
    // Times to the minute could straddle one between the two; they are not what is compared.
    rows.push(
      (await row.innerText())
        .replaceAll(email, '<address>')
        .replace(/\/invite\/[A-Za-z0-9_-]{43}/, '')
        .replace(/\d{1,2}:\d{2}/g, '<time>'),
    );
  }
  expect(answers[0]).toBe(answers[1]);
  expect(rows[0]).toBe(rows[1]);
  await expect(page.getByText(/already (exists|has)|in use|taken/i)).toHaveCount(0);
  // Settings → Email shows both messages alike: the same subject and the same withheld body.
  await page.goto('/settings/email');
  const shown: string[] = [];
  for (const email of [other.consultant.email, fresh]) {
    const m = page.getByTestId('outbox-message').filter({ hasText: email });
    await m.getByText('Show the message').click();
    await expect(m).toContainText('Its words and link are for its recipient only');
    shown.push((await m.innerText()).replaceAll(email, '<address>').replace(/\d{1,2}:\d{2}/g, '<time>'));
  }
  expect(shown[0]).toBe(shown[1]);
  // The other firm is untouched; this one holds an invitation for each and no new account.
  expect(snapshot([other.id])).toBe(otherBefore);
  expect(count('select count(*) as n from invitations where firm_id = ?', firm.id)).toBe(2);
  expect(count('select count(*) as n from users where firm_id = ?', firm.id)).toBe(3);
});

test('resetting a member’s password is asked first (it signs them out and stops their feeds); Keep it changes nothing', async ({
  page,
}, info) => {
  const firm = createFirm();
  await login(page, firm.owner);
  await page.goto('/settings/team');
  const before = snapshot([firm.id]);
  const reset = page.getByRole('button', { name: `Reset password of ${firm.consultant.name}` });
  await reset.click();
  const dialog = page.getByRole('dialog', { name: `Reset ${firm.consultant.name}’s password?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Their calendar feed addresses stop working');
  await page.screenshot({ path: info.outputPath('team-reset-asked.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  expect(snapshot([firm.id])).toBe(before);

  await reset.click();
  await dialog.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByText(`${firm.consultant.name} has a new temporary password and was signed out everywhere`)).toBeVisible();
  await expect(page.getByTestId('temporary-password')).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  // Deactivate, a row's destructive action, is outlined, not a filled button that looks like the thing to press.
  const deactivate = page.getByRole('button', { name: `Deactivate ${firm.consultant.name}` });
  expect(await deactivate.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: info.outputPath('team-reset-done.png'), fullPage: true });
});
