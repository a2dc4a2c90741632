import fs from 'node:fs';
import path from 'node:path';
import { actionId, createFirm, expect, login, postAction, snapshot, test } from './fixtures';

const TEAM_ACTIONS = 'app/(app)/settings/team/actions.ts';

test("a second firm's owner cannot read or change the first firm's members by id", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'direct posts do not depend on the viewport');
  const first = createFirm('First');
  const second = createFirm('Second');
  await login(page, second.owner);

  await page.goto('/settings/team');
  await expect(page.getByRole('list', { name: 'Team members' })).toContainText(second.consultant.email);
  await expect(page.locator('body')).not.toContainText(first.consultant.email);
  await page.goto('/settings/audit');
  await expect(page.locator('body')).not.toContainText(first.consultant.email);

  const before = snapshot([first.id, second.id]);
  const target = String(first.consultant.id);
  for (const [name, fields] of [
    ['changeRoleAction', { userId: target, role: 'owner' }],
    ['deactivateMemberAction', { userId: target }],
    ['reactivateMemberAction', { userId: target }],
    ['resetPasswordAction', { userId: target }],
  ] as const) {
    const res = await postAction(page.request, actionId(TEAM_ACTIONS, name), fields);
    expect(res.body, name).toContain('That team member was not found.');
    expect(res.body, name).not.toContain(first.consultant.email);
  }
  expect(snapshot([first.id, second.id])).toBe(before);
});

test('without a session every page sends you to sign in and every action is refused, changing nothing', async ({
  page,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'direct posts do not depend on the viewport');
  const firm = createFirm();
  for (const route of [
    '/dashboard',
    '/clients',
    '/schedule',
    '/today',
    '/timesheets',
    '/settings',
    '/settings/firm',
    '/settings/team',
    '/settings/audit',
    '/settings/profile',
    '/change-password',
  ]) {
    await page.goto(route);
    await expect(page, route).toHaveURL(/\/login$/);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  // Public by design: sign-in, sign-up, sign-out, the client request page (whose secret token names the firm; an unknown one is
  // refused), and the mail links' forms (forgot password, a reset, confirmation or invitation link: each refuses a token it does not know).
  const open = new Set([
    'loginAction',
    'signupAction',
    'logoutAction',
    'submitRequestAction',
    'forgotPasswordAction',
    'resetPasswordAction',
    'confirmEmailAction',
    'acceptInviteAction',
    // The opt-out link's form: its token names the address (an unknown one is refused).
    'optOutAction',
  ]);
  const before = snapshot([firm.id]);
  let checked = 0;
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (open.has(entry.exportedName)) continue;
    const res = await postAction(request, id, { userId: String(firm.owner.id), name: 'x', role: 'staff', email: 'x@e2e.example' });
    expect(res.body, `${entry.filename} ${entry.exportedName}`).toContain('Your session has ended. Sign in again.');
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(6);
  const request_ = Object.entries(manifest.node).find(([, e]) => e.exportedName === 'submitRequestAction')![0];
  const res = await postAction(request, request_, {
    token: 'x'.repeat(32),
    name: 'x',
    email: 'x@e2e.example',
    problem: 'x',
    urgency: 'whenever',
  });
  expect(res.body).toContain('This request page is no longer available.');
  expect(snapshot([firm.id])).toBe(before);
});

test('an action posted with a foreign Origin is refused', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'direct posts do not depend on the viewport');
  const firm = createFirm();
  await login(page, firm.owner);
  const before = snapshot([firm.id]);
  const res = await postAction(
    page.request,
    actionId(TEAM_ACTIONS, 'deactivateMemberAction'),
    { userId: String(firm.staff.id) },
    { origin: 'https://evil.example' },
  );
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(snapshot([firm.id])).toBe(before);
  // The same post from our own origin does deactivate: the refusal above was the Origin check.
  const ok = await postAction(page.request, actionId(TEAM_ACTIONS, 'deactivateMemberAction'), { userId: String(firm.staff.id) });
  expect(ok.body).toContain('was deactivated');
});
