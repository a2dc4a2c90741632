import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { expandBlocks } from '../lib/time/recurrence';
import { dayLabel as dayLabelOf } from '../lib/time/format';
import {
  actionId,
  addClient,
  addVisit,
  count,
  createFirm,
  expect,
  login,
  postAction,
  snapshot,
  test,
  testDb,
  visitorPage,
  type TestFirm,
} from './fixtures';

const ZONE = 'America/New_York'; // the fixture firm's zone

/** Mon–Fri 08:00–17:00 for the consultant, with protected direct mail every weekday morning 08:00–12:00. */
function protectMornings(firm: TestFirm) {
  const d = testDb();
  const monday = DateTime.now().setZone(ZONE).startOf('week').toISODate()!;
  for (let weekday = 1; weekday <= 5; weekday++) {
    d.insert(schema.workingHours).values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 480, endMinute: 1020 }).run();
    d.insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId: firm.consultant.id,
        kind: 'direct_mail',
        title: 'Morning mailing',
        repeat: 'weekly',
        weekday,
        startMinute: 480,
        endMinute: 720,
        firstDate: monday,
      })
      .run();
  }
}

/** What the page asks about the site, as a direct post carries it. */
const SITE = { address: '1 Main St, Springfield', seats: '3', hasServer: 'no' };

/** Fills the site questions as a visitor would. */
async function fillSite(visitor: import('@playwright/test').Page, address = '1 Main St, Springfield', seats = '3', server = 'No') {
  await visitor.getByLabel('Address of the site').fill(address);
  await visitor.getByLabel('How many computers do you have?').fill(seats);
  await visitor.getByRole('group', { name: 'Do you have a server?' }).getByLabel(server, { exact: true }).check();
}

async function switchOnRequestPage(page: import('@playwright/test').Page, firm: TestFirm): Promise<string> {
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Switch on' }).click();
  await expect(page.getByRole('status')).toContainText('new link');
  return page.getByLabel('Link to give your clients').inputValue();
}

test('a client asks through the request page; staff confirm the suggested client, auto-schedule it, and the status page shows a time outside every marketing block', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const firm = createFirm('Requests');
  protectMornings(firm);
  const clientId = addClient(firm.id, { name: 'Tiny Dental', seats: 3 });
  testDb()
    .update(schema.clients)
    .set({ email: 'front@tinydental.example', defaultTravelMinutes: 15 })
    .where(eq(schema.clients.id, clientId))
    .run();
  const url = await switchOnRequestPage(page, firm);

  // The client, not signed in, on a phone-sized or desktop browser alike.
  const visitor = await visitorPage(browser);
  await visitor.goto(url);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(`Ask ${firm.name} for a visit`);
  await visitor.getByLabel('Your name').fill('Pat Front');
  await visitor.getByLabel('Email').fill('FRONT@tinydental.example');
  await fillSite(visitor);
  await visitor.getByLabel('What is wrong?').fill('The <b>printer</b> says <script>alert(1)</script> offline');
  await visitor.getByLabel('How urgent is it?').selectOption('this_week');
  const days = visitor.getByRole('group', { name: 'Days that suit you (optional)' }).getByRole('checkbox');
  expect(await days.count()).toBeGreaterThan(3);
  const picked = [await days.nth(1).getAttribute('value'), await days.nth(2).getAttribute('value')];
  await days.nth(1).check();
  await days.nth(2).check();
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor).toHaveURL(/\/request\/status\/[A-Za-z0-9_-]{43}\?new=1$/);
  await expect(visitor.getByTestId('request-status')).toHaveAttribute('data-state', 'received');
  const statusUrl = visitor.url();

  // The email matches Tiny Dental, but nobody has checked who sent it: no visit yet, only a request waiting for staff.
  const request = testDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.firmId, firm.id)).get()!;
  expect(request).toMatchObject({ clientId: null, visitId: null, email: 'front@tinydental.example', preferredDates: picked });
  expect(count('select count(*) as n from visits where firm_id = ?', firm.id)).toBe(0);
  await page.goto('/schedule');
  await expect(page.getByTestId('open-requests').getByRole('listitem')).toHaveCount(0);
  const pending = page.getByTestId('unmatched-requests').getByRole('listitem');
  await expect(pending).toHaveCount(1);
  await expect(pending.getByTestId('request-match')).toHaveText('Matches Tiny Dental by email');
  // The suggestion is preselected: confirming it is one click.
  await expect(pending.getByLabel('Client')).toHaveValue(String(clientId));
  await pending.getByRole('button', { name: 'Confirm client' }).click();
  // The one with something to say: the schedule grid's drag-and-drop announcer is an (empty) status region too.
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
    'Request linked to the client; it is now in the open requests.',
  );

  // Confirmed: now it is an open visit request for Tiny Dental, marked as from the page, over the two picked days.
  const linked = testDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.id, request.id)).get()!;
  expect(linked.clientId).toBe(clientId);
  const visit = testDb().select().from(schema.visits).where(eq(schema.visits.id, linked.visitId!)).get()!;
  expect(visit).toMatchObject({ clientId, status: 'open', earliestDate: picked[0], latestDate: picked[1], travelMinutes: 15 });
  const queued = page.getByTestId('open-requests').getByRole('listitem');
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText('Tiny Dental');
  await expect(queued.getByTestId('from-page')).toHaveText('From the request page');
  await expect(page.getByTestId('unmatched-requests')).toHaveCount(0);

  await page.goto('/schedule/auto');
  await page.getByLabel('Weeks ahead').fill('3');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('proposal')).toHaveCount(1);
  await page.getByRole('button', { name: 'Accept and book' }).click();
  await expect(page.getByRole('status')).toHaveText('Booked 1 visit.');

  const booked = testDb().select().from(schema.visits).where(eq(schema.visits.id, visit.id)).get()!;
  expect(booked.status).toBe('scheduled');
  const local = DateTime.fromMillis(booked.startsAt!, { zone: ZONE });
  expect(picked).toContain(local.toISODate());
  // The footprint (with 15 min travel each way) lies outside every occurrence of every block.
  const rules = testDb().select().from(schema.marketingBlocks).where(eq(schema.marketingBlocks.firmId, firm.id)).all();
  const occurrences = expandBlocks(rules, [], local.toISODate()!, local.toISODate()!, ZONE);
  expect(occurrences.length).toBeGreaterThan(0);
  for (const o of occurrences) expect(booked.startsAt! - 15 * 60_000 < o.endsAt && o.startsAt < booked.endsAt! + 15 * 60_000).toBe(false);

  await visitor.goto(statusUrl);
  await expect(visitor.getByTestId('request-status')).toHaveAttribute('data-state', 'scheduled');
  await expect(visitor.getByTestId('request-status')).toHaveText(
    `Scheduled for ${dayLabelOf(local.toISODate()!)}, ${local.toFormat('HH:mm')} ${local.offsetNameShort}.`,
  );
  await visitor.context().close();
});

test('an unknown sender waits for staff to create the client; HTML is shown as text; the page shows nothing else of the firm', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const firm = createFirm('Unmatched');
  protectMornings(firm);
  addClient(firm.id, { name: 'Secret Existing Client', seats: 4 });
  addVisit(firm.id, addClient(firm.id, { name: 'Another Secret Client', seats: 2 }), firm.consultant.id, Date.now() + 2 * 86_400_000);
  const url = await switchOnRequestPage(page, firm);

  const visitor = await visitorPage(browser);
  let dialogs = 0;
  visitor.on('dialog', (d) => (dialogs++, d.dismiss()));
  page.on('dialog', (d) => (dialogs++, d.dismiss()));
  await visitor.goto(url);
  const html = await visitor.content();
  for (const secret of [
    'Secret Existing Client',
    'Another Secret Client',
    firm.consultant.name,
    firm.owner.name,
    firm.owner.email,
    'Morning mailing',
    'mailing',
  ])
    expect(html, secret).not.toContain(secret);

  // Bad input: a message next to the field, nothing stored.
  const before = snapshot([firm.id]);
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.locator('#field-name-error')).toHaveText('Enter your name.');
  await expect(visitor.locator('#field-problem-error')).toHaveText('Tell us briefly what is wrong.');
  await visitor.getByLabel('Your name').fill('Sam <img src=x onerror=alert(1)>');
  await visitor.getByLabel('What is wrong?').fill('Email broken');
  await fillSite(visitor);
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.locator('#field-email-error')).toHaveText('Give an email address or a phone number so we can reach you.');
  expect(snapshot([firm.id])).toBe(before);

  await visitor.goto(url);
  await visitor.getByLabel('Your name').fill('Sam <img src=x onerror=alert(1)>');
  await visitor.getByLabel('What is wrong?').fill('Email broken');
  await fillSite(visitor);
  await visitor.getByLabel('Company (optional)').fill('New Bakery <script>alert(2)</script>');
  await visitor.getByLabel('Phone').fill('555-0100');
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.getByTestId('request-status')).toHaveAttribute('data-state', 'received');

  await page.goto('/schedule');
  const pending = page.getByTestId('unmatched-requests').getByRole('listitem');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText('Sam <img src=x onerror=alert(1)> · New Bakery <script>alert(2)</script>');
  await pending.getByRole('button', { name: 'Confirm client' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
    'Client created from the request; it is now in the open requests.',
  );
  await expect(page.getByTestId('unmatched-requests')).toHaveCount(0);
  await expect(page.getByTestId('open-requests').getByTestId('from-page')).toHaveCount(1);
  expect(count('select count(*) as n from clients where firm_id = ? and name = ?', firm.id, 'New Bakery <script>alert(2)</script>')).toBe(
    1,
  );
  expect(dialogs).toBe(0);
  await visitor.context().close();
});

test('impersonation: a stranger naming a client by company or email gets no visit, and the status page says only "received", until staff confirm', async ({
  page,
  browser,
}, info) => {
  test.skip(info.project.name === 'phone', 'direct posts do not depend on the viewport');
  test.setTimeout(90_000);
  const firm = createFirm('Impersonation');
  protectMornings(firm);
  const elm = addClient(firm.id, { name: 'Elm Street Insurance', seats: 12, hasServer: true });
  testDb().update(schema.clients).set({ email: 'office@elmstreet.example' }).where(eq(schema.clients.id, elm)).run();
  const url = await switchOnRequestPage(page, firm);
  const token = url.split('/').pop()!;
  const id = actionId('app/request/[token]/actions.ts', 'submitRequestAction');
  const visitor = await visitorPage(browser);
  const anon = visitor.request;

  const byCompany = await postAction(
    anon,
    id,
    {
      token,
      name: 'Mallory',
      company: 'elm street insurance',
      phone: '555-0199',
      problem: 'Server down, send someone today and call me',
      urgency: 'today',
      ...SITE,
    },
    { url: `/request/${token}` },
  );
  const byEmail = await postAction(
    anon,
    id,
    { token, name: 'Mallory', email: 'OFFICE@elmstreet.example', problem: 'Reset the admin password please', urgency: 'today', ...SITE },
    { url: `/request/${token}` },
  );
  for (const res of [byCompany, byEmail]) expect(res.body).not.toContain('"status":"error"');

  // Both wait for staff; nothing is work for Elm Street yet, and the sender learns nothing.
  const requests = () =>
    testDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.firmId, firm.id)).orderBy(schema.publicRequests.id).all();
  expect(requests()).toHaveLength(2);
  expect(requests().map((r) => [r.clientId, r.visitId])).toEqual([
    [null, null],
    [null, null],
  ]);
  expect(count('select count(*) as n from visits where firm_id = ?', firm.id)).toBe(0);
  const state = async (statusToken: string) => {
    await visitor.goto(new URL(`/request/status/${statusToken}`, url).href);
    return visitor.getByTestId('request-status').getAttribute('data-state');
  };
  // The status link is shown once, to the sender (the database keeps only its hash).
  const [companyToken, emailToken] = [byCompany, byEmail].map((r) => /^\/request\/status\/([A-Za-z0-9_-]+)/.exec(r.redirect)?.[1]) as [
    string,
    string,
  ];
  expect(companyToken).toBeTruthy();
  expect(await state(companyToken)).toBe('received');
  expect(await state(emailToken)).toBe('received');

  // Staff see the likely client; they turn one away and confirm the other.
  await page.goto('/schedule');
  const pending = page.getByTestId('unmatched-requests').getByRole('listitem');
  await expect(pending).toHaveCount(2);
  await expect(pending.nth(0).getByTestId('request-match')).toHaveText('Matches Elm Street Insurance by email');
  await expect(pending.nth(1).getByTestId('request-match')).toHaveText('Matches Elm Street Insurance by company name');
  await pending.nth(1).getByRole('button', { name: 'Turn away' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText('Request turned away; its status page now says so.');
  expect(count('select count(*) as n from visits where firm_id = ?', firm.id)).toBe(0);
  expect(await state(companyToken)).toBe('declined');
  await expect(pending).toHaveCount(1);
  await pending.getByRole('button', { name: 'Confirm client' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
    'Request linked to the client; it is now in the open requests.',
  );
  expect(count('select count(*) as n from visits where firm_id = ? and client_id = ? and status = ?', firm.id, elm, 'open')).toBe(1);
  // Open but not scheduled: still only "received".
  expect(await state(emailToken)).toBe('received');
  await visitor.context().close();
});

test('abuse: 50 rapid submissions from one address are throttled, the honeypot stores nothing, a switched-off page is gone', async ({
  page,
}, info) => {
  test.skip(info.project.name === 'phone', 'direct posts do not depend on the viewport');
  test.setTimeout(90_000);
  const firm = createFirm('Abuse');
  protectMornings(firm);
  const url = await switchOnRequestPage(page, firm);
  const token = url.split('/').pop()!;
  const id = actionId('app/request/[token]/actions.ts', 'submitRequestAction');
  const anon = page.context().request;
  await page.context().clearCookies();

  // No token, a wrong one, or one of the right shape that opens no page: refused, and nothing at all is written, however big the post.
  const orphanAttempts = () =>
    count(
      "select count(*) as n from request_attempts where cast(substr(address, 1, instr(address, '|') - 1) as integer) not in (select id from firms)",
    );
  const pageAttempts = () => count('select count(*) as n from request_attempts where address like ?', `${firm.id}|%`);
  const before = snapshot([firm.id]);
  const big = 'x'.repeat(15_000);
  const refusals: string[] = [];
  for (const wrong of [null, 'A'.repeat(32), 'not a token']) {
    for (let i = 0; i < 5; i++) {
      const res = await postAction(
        anon,
        id,
        {
          ...(wrong === null ? {} : { token: wrong }),
          name: 'Nobody',
          email: 'x@spam.example',
          problem: big,
          urgency: 'whenever',
          website: big,
        },
        { url: `/request/${token}` },
      );
      refusals.push(res.body);
    }
  }
  expect(orphanAttempts()).toBe(0);
  expect(pageAttempts()).toBe(0);
  expect(snapshot([firm.id])).toBe(before);
  // Never throttled either: there is nothing to count.
  expect(refusals.filter((b) => b.includes('This request page is no longer available'))).toHaveLength(15);

  // A bot filling the hidden field is told "received" and nothing is stored (it still counts against the address).
  const trap = await postAction(
    anon,
    id,
    { token, name: 'Bot', email: 'bot@spam.example', problem: 'buy now', urgency: 'whenever', website: 'http://spam.example', ...SITE },
    { url: `/request/${token}` },
  );
  expect(trap.body).toContain('your request was received');
  expect(count('select count(*) as n from public_requests where firm_id = ?', firm.id)).toBe(0);

  const bodies: string[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await postAction(
      anon,
      id,
      { token, name: `Flood ${i}`, email: `flood${i}@spam.example`, problem: 'flood', urgency: 'whenever', ...SITE },
      { url: `/request/${token}` },
    );
    bodies.push(res.body);
  }
  const stored = count('select count(*) as n from public_requests where firm_id = ?', firm.id);
  // Five submissions per address every ten minutes, the honeypot post included.
  expect(stored).toBe(4);
  expect(bodies.filter((b) => b.includes('Too many requests')).length).toBe(46);
  // A refused post writes nothing either: the address's rows stop at the limit, each a short key.
  expect(pageAttempts()).toBe(5);
  expect(count('select coalesce(max(length(address)), 0) as n from request_attempts')).toBeLessThanOrEqual(80);

  // Switched off: the old link is gone at once.
  await login(page, firm.owner);
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Switch off' }).click();
  // Asked first; keeping it changes nothing and the link still answers.
  const ask = page.getByRole('dialog', { name: 'Switch the request page off?' });
  await ask.getByRole('button', { name: 'Keep it' }).click();
  expect((await page.request.get(`/request/${token}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Switch off' }).click();
  await ask.getByRole('button', { name: 'Switch it off' }).click();
  await expect(page.getByText('The request page is off.')).toBeVisible();
  expect((await page.request.get(`/request/${token}`)).status()).toBe(404);
  const off = await postAction(
    anon,
    id,
    { token, name: 'Late', email: 'late@spam.example', problem: 'late', urgency: 'whenever', ...SITE },
    { url: `/request/${token}` },
  );
  expect(off.body).toContain('This request page is no longer available');
  expect(pageAttempts()).toBe(5);
  expect(orphanAttempts()).toBe(0);
  // The server still answers.
  expect((await anon.get('/api/health')).status()).toBe(200);
});

test('the page asks the site (refused next to each question, nothing stored); staff confirm a new client before its first visit, booked only on a day it picked', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const firm = createFirm('Thin');
  protectMornings(firm);
  const url = await switchOnRequestPage(page, firm);
  const visitor = await visitorPage(browser);
  await visitor.goto(url);
  await visitor.getByLabel('Your name').fill('Rita Oak');
  await visitor.getByLabel('Company (optional)').fill('Oak Dental');
  await visitor.getByLabel('Phone').fill('555-0123');
  await visitor.getByLabel('What is wrong?').fill('Printer offline');
  // Two days with an offered day between them, which the client does not want.
  const days = visitor.getByRole('group', { name: 'Days that suit you (optional)' }).getByRole('checkbox');
  const [first, skipped, second] = await Promise.all([0, 1, 2].map((i) => days.nth(i).getAttribute('value')));
  await days.nth(0).check();
  await days.nth(2).check();

  // Nothing about the site: a message next to each question, nothing stored, the picked days kept.
  const before = snapshot([firm.id]);
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.locator('#field-address-error')).toHaveText('Enter the address where we should come.');
  await expect(visitor.locator('#field-seats-error')).toHaveText('Enter how many computers you have.');
  await expect(visitor.locator('#field-hasServer-error')).toHaveText('Tell us whether you have a server.');
  await expect(visitor.getByLabel('Address of the site')).toHaveAttribute('aria-invalid', 'true');
  await expect(days.nth(0)).toBeChecked();
  await expect(days.nth(1)).not.toBeChecked();
  await expect(days.nth(2)).toBeChecked();
  await fillSite(visitor, '14 Oak Ave, Springfield', 'twelve', 'Yes');
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.locator('#field-seats-error')).toHaveText('Enter the number of computers as a whole number, like 4.');
  await expect(visitor.locator('#field-address-error')).toHaveText('');
  expect(snapshot([firm.id])).toBe(before);
  await visitor.getByLabel('How many computers do you have?').fill('12');
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor.getByTestId('request-status')).toHaveAttribute('data-state', 'received');
  await visitor.context().close();

  // Staff see the site and create the client from it: flagged in the open requests.
  await page.goto('/schedule');
  const pending = page.getByTestId('unmatched-requests').getByRole('listitem');
  await expect(pending.getByTestId('unmatched-site')).toHaveText('14 Oak Ave, Springfield · 12 computers · has a server');
  await pending.getByRole('button', { name: 'Confirm client' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
    'Client created from the request; it is now in the open requests.',
  );
  const client = testDb().select().from(schema.clients).where(eq(schema.clients.firmId, firm.id)).get()!;
  expect(client).toMatchObject({
    name: 'Oak Dental',
    address: '14 Oak Ave, Springfield',
    seats: 12,
    hasServer: true,
    detailsToConfirm: true,
  });
  const queued = page.getByTestId('open-requests').getByRole('listitem');
  await expect(queued).toContainText(`${dayLabelOf(first!)}, ${dayLabelOf(second!)}`);
  await queued.getByRole('link', { name: 'New client — confirm details' }).click();

  // The visit page asks for the confirmation before any booking form; the travel time must be stated.
  await expect(page.getByTestId('confirm-first')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Book at this time' })).toHaveCount(0);
  await expect(page.getByLabel('Address')).toHaveValue('14 Oak Ave, Springfield');
  await expect(page.getByLabel('Seats (computers)')).toHaveValue('12');
  await expect(page.getByLabel('Has a real server')).toBeChecked();
  await page.getByRole('button', { name: 'Confirm client details' }).click();
  await expect(page.locator('#confirm-defaultTravelMinutes-error')).toHaveText('Enter the travel minutes each way.');
  expect(testDb().select().from(schema.clients).where(eq(schema.clients.id, client.id)).get()!.detailsToConfirm).toBe(true);
  await page.getByLabel('Travel minutes each way').fill('20');
  await page.getByRole('button', { name: 'Confirm client details' }).click();
  await expect(page.getByRole('status')).toHaveText('Details confirmed: its visits can be booked now.');
  expect(testDb().select().from(schema.clients).where(eq(schema.clients.id, client.id)).get()!.detailsToConfirm).toBe(false);
  expect(count("select count(*) as n from audit_log where firm_id = ? and action = 'client.details_confirmed'", firm.id)).toBe(1);

  // Booking the day between the two picked ones is refused next to the date; a picked day is booked.
  await page.reload();
  await expect(page.getByTestId('visit-window')).toHaveText(
    `Only the days the client picked: ${dayLabelOf(first!)}, ${dayLabelOf(second!)}`,
  );
  await page.getByLabel('Date').fill(skipped!);
  await page.getByLabel('Start').fill('13:30');
  const open = snapshot([firm.id]);
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.locator('#field-date-error')).toContainText('only have the visit on the days they picked');
  expect(snapshot([firm.id])).toBe(open);
  await page.getByLabel('Date').fill(second!);
  await page.getByRole('button', { name: 'Book at this time' }).click();
  await expect(page.getByTestId('visit-when')).toContainText(dayLabelOf(second!));
  const visit = testDb().select().from(schema.visits).where(eq(schema.visits.clientId, client.id)).get()!;
  expect(visit).toMatchObject({ status: 'scheduled', travelMinutes: 20 });
});
