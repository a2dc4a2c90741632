import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import * as schema from '../db/schema';
import { DEFAULT_TIER_TERMS } from '../lib/invoices/terms';
import { serious } from './axe';
import { addClient, addEntry, createFirm, expect, login, snapshot, test, testDb, visitorPage } from './fixtures';

const SHOTS = '/work/shots/wt-notify';
const ZONE = 'America/New_York'; // the fixture firm's zone

const outbox = (firmId: number) => testDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).all();

test('a request from the page: the sender gets “we received” and staff a notice; booking it by hand mails “booked” with the feed’s event as .ics', async ({
  page,
  browser,
}, info) => {
  test.setTimeout(90_000);
  const firm = createFirm('Notify');
  for (let weekday = 1; weekday <= 5; weekday++)
    testDb()
      .insert(schema.workingHours)
      .values({ firmId: firm.id, userId: firm.consultant.id, weekday, startMinute: 480, endMinute: 1020 })
      .run();
  const clientId = addClient(firm.id, { name: 'Tiny Dental', seats: 3 });
  testDb().update(schema.clients).set({ email: 'front@tinydental.example' }).where(eq(schema.clients.id, clientId)).run();
  await login(page, firm.owner);
  // The owner opts out of optional mail (new-request notices) in their settings.
  await page.goto('/settings/profile');
  const optional = page.getByLabel('Email me optional notices, such as a new request from the request page.');
  await expect(optional).toBeChecked();
  await optional.uncheck();
  await page.getByRole('button', { name: 'Save email choice' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You will no longer get notices and reminders' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/profile-email-${info.project.name}.png`, fullPage: true });
  await page.goto('/settings/firm');
  await page.getByRole('button', { name: 'Switch on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'new link' })).toBeVisible();
  const url = await page.getByLabel('Link to give your clients').inputValue();

  const visitor = await visitorPage(browser);
  await visitor.goto(url);
  await visitor.getByLabel('Your name').fill('Pat Front');
  await visitor.getByLabel('Email').fill('front@tinydental.example');
  await visitor.getByLabel('Address of the site').fill('1 Main St, Springfield');
  await visitor.getByLabel('How many computers do you have?').fill('3');
  await visitor.getByRole('group', { name: 'Do you have a server?' }).getByLabel('No', { exact: true }).check();
  await visitor.getByLabel('What is wrong?').fill('The printer is offline');
  await visitor.getByLabel('How urgent is it?').selectOption('this_week');
  const day = visitor.getByRole('group', { name: 'Days that suit you (optional)' }).getByRole('checkbox').nth(1);
  const picked = (await day.getAttribute('value'))!;
  await day.check();
  await visitor.getByRole('button', { name: 'Send request' }).click();
  await expect(visitor).toHaveURL(/\/request\/status\/[A-Za-z0-9_-]{43}\?new=1$/);
  const statusPath = new URL(visitor.url()).pathname;
  await visitor.context().close();

  // Without SMTP_URL the demo keeps mail in the outbox; Settings → Email shows what would be sent.
  await page.goto('/settings/email');
  const messages = page.getByTestId('outbox-message');
  const received = messages.filter({ hasText: `We received your request — ${firm.name}` });
  await expect(received).toContainText('to front@tinydental.example');
  await expect(received).toContainText('Not sent: no mail server configured');
  // Office staff hear of it; the owner opted out; consultants do not look after requests.
  const notice = messages.filter({ hasText: 'New request from Pat Front' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(`to ${firm.staff.email}`);
  await expect(messages.filter({ hasText: `to ${firm.owner.email}` })).toHaveCount(0);
  await expect(messages.filter({ hasText: `to ${firm.consultant.email}` })).toHaveCount(0);
  // The status link in the sender's mail is what their browser was sent to.
  const stored = outbox(firm.id).find((m) => m.kind === 'request-received')!;
  expect(stored.body).toContain(statusPath);

  // Staff confirm the client and book it by hand on the picked day.
  await page.goto('/schedule');
  await page.getByTestId('unmatched-requests').getByRole('button', { name: 'Confirm client' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Request linked' })).toHaveText(
    'Request linked to the client; it is now in the open requests.',
  );
  const visitId = testDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.firmId, firm.id)).get()!.visitId!;
  await page.goto(`/schedule/visits/${visitId}`);
  await page.getByLabel('Date').fill(picked);
  await page.getByLabel('Start').fill('13:30');
  await page.getByRole('button', { name: 'Book at this time' }).click();
  // The booking's own answer, before leaving the page (leaving sooner could cut the action off).
  await expect(page.getByRole('status').filter({ hasText: 'Booked on' })).toBeVisible();
  await expect(page.getByTestId('visit-when')).toBeVisible();

  const when = `${DateTime.fromISO(picked).toFormat('ccc LLL d')}, 13:30–14:30`;
  await page.goto('/settings/email');
  const booked = page.getByTestId('outbox-message').filter({ hasText: `Your visit is booked for ${when}` });
  await expect(booked).toContainText('to front@tinydental.example');
  await expect(booked.getByTestId('outbox-attachment')).toHaveText(/Attached: visit\.ics \(text\/calendar, \d+ bytes\)/);
  await booked.getByText('Show the message').click();
  await expect(booked).toContainText('You get this because you requested this visit');
  await page.screenshot({ path: `${SHOTS}/settings-email-booked-${info.project.name}.png`, fullPage: true });
  expect(await serious(page), 'Settings → Email').toEqual([]);

  // The .ics is the feed's event: its UID, its time.
  const mail = outbox(firm.id).find((m) => m.kind === 'visit-booked')!;
  const ics = Buffer.from(mail.attachments![0]!.base64, 'base64').toString('utf8');
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
  const visit = testDb().select().from(schema.visits).where(eq(schema.visits.id, visitId)).get()!;
  expect(event.uid).toBe(`visit-${visitId}@sweetspot`);
  expect(event.startDate.toJSDate().getTime()).toBe(visit.startsAt);
  expect(event.startDate.toJSDate().getTime()).toBe(DateTime.fromISO(`${picked}T13:30`, { zone: ZONE }).toMillis());

  // The staff member follows the link in their notice: opening it only shows the choice; the button opts them out.
  const optOut = /\/mail\/opt-out\/[A-Za-z0-9_-]{43}/.exec(outbox(firm.id).find((m) => m.kind === 'new-request-notice')!.body)![0];
  const reader = await visitorPage(browser);
  await reader.goto(optOut);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(`Email from ${firm.name}`);
  await expect(reader.getByTestId('opt-out-state')).toHaveText(
    `${firm.staff.email.toLowerCase()} gets reminders and notices from ${firm.name}.`,
  );
  const recipient = () =>
    testDb().select().from(schema.mailRecipients).where(eq(schema.mailRecipients.email, firm.staff.email.toLowerCase())).get()!;
  expect(recipient().optedOutAt).toBeNull();
  await reader.screenshot({ path: `${SHOTS}/opt-out-${info.project.name}.png`, fullPage: true });
  expect(await serious(reader), 'the opt-out page').toEqual([]);
  await reader.getByRole('button', { name: 'Stop reminders and notices' }).click();
  await expect(reader.getByRole('status')).toHaveText(
    `${firm.staff.email.toLowerCase()} no longer gets reminders and notices from ${firm.name}.`,
  );
  expect(recipient().optedOutAt).not.toBeNull();
  await reader.goto('/mail/opt-out/' + 'x'.repeat(43));
  await expect(reader.getByRole('heading', { level: 1 })).not.toHaveText(/Email from/);
  await reader.context().close();
});

test('“Send by email” mails a finalised invoice with its stored PDF and marks it sent; without the client’s address nothing changes', async ({
  page,
}, info) => {
  const firm = createFirm('InvoiceMail');
  testDb()
    .update(schema.firms)
    .set({ tierTerms: { ...DEFAULT_TIER_TERMS, micro: { incrementMinutes: 1, minimumMinutes: 0, tripFeeCents: 0, paymentTermsDays: 30 } } })
    .where(eq(schema.firms.id, firm.id))
    .run();
  const clientId = addClient(firm.id, { name: 'Harbor Yoga', seats: 4, hourlyRateCents: 9_500 });
  const worked = DateTime.now().setZone(ZONE).startOf('month').minus({ days: 10 }).set({ hour: 10 });
  addEntry({
    firmId: firm.id,
    userId: firm.consultant.id,
    clientId,
    category: 'micro',
    startedAt: worked.toMillis(),
    minutes: 60,
    amountCents: 9_500,
  });
  await login(page, firm.staff);
  await page.goto('/invoices');
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Harbor Yoga' });
  await page.getByRole('button', { name: 'Prepare draft', exact: true }).click();
  await page.getByRole('button', { name: 'Finalise and number' }).click();
  await expect(page.getByTestId('invoice-state')).toHaveText('Finalised');
  const invoice = testDb().select().from(schema.invoices).where(eq(schema.invoices.firmId, firm.id)).get()!;

  // No address for the client: refused, and nothing changes.
  const before = snapshot([firm.id]);
  await page.getByRole('button', { name: 'Send by email' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'no email address' })).toBeVisible();
  expect(snapshot([firm.id])).toBe(before);
  expect(outbox(firm.id).filter((m) => m.kind === 'invoice')).toEqual([]);

  testDb().update(schema.clients).set({ email: 'billing@harboryoga.example' }).where(eq(schema.clients.id, clientId)).run();
  await page.reload();
  await page.getByRole('button', { name: 'Send by email' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent to' })).toHaveText(
    'Sent to billing@harboryoga.example, with the PDF attached.',
  );
  await expect(page.getByTestId('invoice-state')).toHaveText('Sent');
  await page.screenshot({ path: `${SHOTS}/invoice-sent-${info.project.name}.png`, fullPage: true });
  expect(testDb().select().from(schema.invoices).where(eq(schema.invoices.id, invoice.id)).get()!.sentAt).not.toBeNull();
  const pdf = testDb().select().from(schema.invoiceDocuments).where(eq(schema.invoiceDocuments.invoiceId, invoice.id)).get()!.pdf;
  const mail = outbox(firm.id).find((m) => m.kind === 'invoice')!;
  expect(Buffer.from(mail.attachments![0]!.base64, 'base64').equals(pdf)).toBe(true);

  await page.context().clearCookies();
  await login(page, firm.owner);
  await page.goto('/settings/email');
  const sent = page.getByTestId('outbox-message').filter({ hasText: `Invoice ${invoice.number} from ${firm.name}` });
  await expect(sent).toContainText('to billing@harboryoga.example');
  await expect(sent.getByTestId('outbox-attachment')).toHaveText(
    new RegExp(`Attached: invoice-${invoice.number}\\.pdf \\(application/pdf, \\d+ (KB|bytes)\\)`),
  );
  await page.screenshot({ path: `${SHOTS}/settings-email-invoice-${info.project.name}.png`, fullPage: true });
});
