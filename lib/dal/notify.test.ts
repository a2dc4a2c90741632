import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { enqueueDueReminders, OVERDUE_EVERY_DAYS } from '@/lib/mail/reminders';
import { messageOf } from '@/lib/mail/sender';
import { addDays, mondayOf, today } from '@/lib/time/zoned';
import { DAY_MS, HOUR_MS } from '@/lib/time/units';
import { publicRequestSchema } from '@/lib/validations/requests';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { acceptProposals } from './auto-schedule';
import { feedCalendar, regenerateFeed } from './feeds';
import { finaliseInvoice, recordPayment } from './invoice-lifecycle';
import { NoClientEmailError, sendInvoice } from './invoice-mail';
import { addInvoiceLine, createDraftInvoice } from './invoices';
import { getsOptionalMail, optOutView, setOptionalMail, setOptOutByLink } from './mail-preferences';
import { confirmRequestClient, publicFirm, publicRequestStatus, setRequestPage, submitPublicRequest } from './requests';
import { cancelVisit, placeVisit, restoreVisit } from './visits';

const ZONE = 'America/Chicago'; // the factories' firm zone
// A Monday at 06:00 next week in Chicago: every weekday of it lies ahead of the real clock too (placement checks it).
const monday = addDays(mondayOf(today(ZONE)), 7);
const NOW = DateTime.fromISO(`${monday}T06:00`, { zone: ZONE }).toMillis();
const tuesday = addDays(monday, 1);
const at = (date: string, hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toMillis();

const outboxOf = (firmId: number) =>
  getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).orderBy(schema.outbox.id).all();
const mailsTo = (firmId: number, to: string) => outboxOf(firmId).filter((m) => m.toAddress === to);

function setup({ confirmed = true } = {}) {
  const firm = makeFirm('Lakeside IT');
  const owner = asMember(makeUser(firm.id, 'owner', { name: 'Olive', emailConfirmed: confirmed }));
  const staff = asMember(makeUser(firm.id, 'staff', { name: 'Sam' }));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  for (let weekday = 1; weekday <= 5; weekday++)
    getDb().insert(schema.workingHours).values({ firmId: firm.id, userId: ana.userId, weekday, startMinute: 540, endMinute: 1020 }).run();
  const client = getDb()
    .insert(schema.clients)
    .values({
      firmId: firm.id,
      name: 'Harbor Yoga',
      seats: 3,
      tier: 'micro',
      tierReason: '',
      email: 'mia@harbor.example',
      address: '1 Pier Rd',
    })
    .returning()
    .get();
  const token = setRequestPage(owner, true)!;
  return { firm, owner, staff, ana, client, pf: publicFirm(token)! };
}

const REQUEST = {
  name: 'Mia',
  company: 'Harbor Yoga',
  email: 'mia@harbor.example',
  phone: '',
  problem: 'The printer is offline',
  urgency: 'this_week',
  address: '1 Pier Rd',
  seats: '3',
  hasServer: 'no',
};

function request(s: ReturnType<typeof setup>, extra: Record<string, unknown> = {}) {
  const input = publicRequestSchema.parse({ ...REQUEST, preferredDates: [], ...extra });
  const statusToken = submitPublicRequest(s.pf, input, NOW);
  const row = getDb()
    .select()
    .from(schema.publicRequests)
    .where(eq(schema.publicRequests.firmId, s.firm.id))
    .orderBy(schema.publicRequests.id)
    .all()
    .at(-1)!;
  return { statusToken, requestId: row.id };
}

/** A page request confirmed as the existing client: an open visit waiting to be booked. */
function openVisit(s: ReturnType<typeof setup>) {
  const { requestId, statusToken } = request(s);
  return { visitId: confirmRequestClient(s.owner, requestId, s.client.id, NOW), statusToken };
}

function icsOf(mail: ReturnType<typeof outboxOf>[number]) {
  const file = mail.attachments?.find((a) => a.filename.endsWith('.ics'));
  expect(file?.contentType).toMatch(/^text\/calendar/);
  const vcal = new ICAL.Component(ICAL.parse(Buffer.from(file!.base64, 'base64').toString('utf8')));
  const [vevent] = vcal.getAllSubcomponents('vevent');
  const e = new ICAL.Event(vevent);
  return {
    uid: e.uid,
    start: e.startDate.toJSDate().getTime(),
    end: e.endDate.toJSDate().getTime(),
    sequence: e.sequence,
    status: vevent!.getFirstPropertyValue('status'),
  };
}

describe('mail about a request from the request page', () => {
  it('answers the sender "we received" with their status link, and tells the owner and office staff (not consultants), in the same transaction', () => {
    const s = setup();
    const { statusToken } = request(s);
    const [received] = mailsTo(s.firm.id, 'mia@harbor.example');
    expect(received).toMatchObject({ kind: 'request-received', subject: 'We received your request — Lakeside IT' });
    expect(received!.body).toContain(`/request/status/${statusToken}`);
    expect(received!.body).toContain('You get this because a visit was requested from Lakeside IT with mia@harbor.example');
    // The address is unverified: the mail repeats nothing the sender typed but their name.
    expect(received!.body).not.toContain('The printer is offline');
    const notices = outboxOf(s.firm.id).filter((m) => m.kind === 'new-request-notice');
    expect(notices.map((m) => m.toAddress).sort()).toEqual([s.owner.email, s.staff.email].sort());
    expect(notices[0]!.body).toContain('The printer is offline');
    expect(notices[0]!.body).toMatch(/To stop messages like this one: http\S+\/mail\/opt-out\/[A-Za-z0-9_-]{43}/);
    expect(notices[0]!.body).toContain('You get this because you are an owner or office staff of Lakeside IT');
  });

  it('writes no message when the request is refused (a day without room), and none for a firm whose owner has not confirmed their address', () => {
    const s = setup();
    const before = outboxOf(s.firm.id).length;
    const sunday = addDays(monday, 6);
    expect(() => request(s, { preferredDates: [sunday] })).toThrow(/no longer has room/);
    expect(outboxOf(s.firm.id).length).toBe(before);

    const quiet = setup({ confirmed: false });
    request(quiet);
    expect(outboxOf(quiet.firm.id)).toEqual([]);
  });

  it('leaves out the notice for a member who opted out in their settings; the requester’s "received" still goes', () => {
    const s = setup();
    setOptionalMail(s.staff, false, NOW);
    expect(getsOptionalMail(s.staff)).toBe(false);
    request(s);
    expect(mailsTo(s.firm.id, s.staff.email)).toEqual([]);
    expect(mailsTo(s.firm.id, s.owner.email)).toHaveLength(1);
    expect(mailsTo(s.firm.id, 'mia@harbor.example')).toHaveLength(1);
    setOptionalMail(s.staff, true, NOW);
    request(s);
    expect(mailsTo(s.firm.id, s.staff.email)).toHaveLength(1);
  });
});

describe('mail when a requested visit is booked, moved or cancelled', () => {
  it('books by hand: "booked for Tue …, 10:00–11:00" with the feed’s event as .ics and the status link, which opens the booked request', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    placeVisit(s.owner, visitId, s.ana.userId, tuesday, 600);
    const booked = mailsTo(s.firm.id, 'mia@harbor.example').find((m) => m.kind === 'visit-booked')!;
    const when = `${DateTime.fromISO(tuesday).toFormat('ccc LLL d')}, 10:00–11:00`;
    expect(booked.subject).toContain(`Your visit is booked for ${when}`);
    const link = /\/request\/status\/([A-Za-z0-9_-]{43})/.exec(booked.body)![1]!;
    expect(publicRequestStatus(link)).toMatchObject({ state: 'scheduled', startsAt: at(tuesday, '10:00') });
    const ics = icsOf(booked);
    const visit = getDb().select().from(schema.visits).where(eq(schema.visits.id, visitId)).get()!;
    expect(ics).toMatchObject({
      uid: `visit-${visitId}@sweetspot`,
      start: at(tuesday, '10:00'),
      end: at(tuesday, '11:00'),
      sequence: visit.sequence,
    });
    expect(ics.status).toBe('CONFIRMED');
    // It is the event of the consultant's calendar feed: same UID, time and SEQUENCE.
    const feed = feedCalendar(regenerateFeed(s.ana, 'me'), NOW)!;
    const feedEvent = new ICAL.Component(ICAL.parse(feed))
      .getAllSubcomponents('vevent')
      .map((c) => new ICAL.Event(c))
      .find((e) => e.uid === ics.uid)!;
    expect([feedEvent.startDate.toJSDate().getTime(), feedEvent.endDate.toJSDate().getTime(), feedEvent.sequence]).toEqual([
      ics.start,
      ics.end,
      ics.sequence,
    ]);
    // The message as the sender hands it to SMTP carries the file.
    expect(messageOf(booked, 'Sweetspot <s@x.example>').attachments).toEqual([
      expect.objectContaining({ filename: 'visit.ics', content: expect.any(Buffer) }),
    ]);
  });

  it('writes nothing when the booking is refused (outside working hours): the visit and the outbox stay as they were', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    const before = firmRows(s.firm.id);
    const mails = outboxOf(s.firm.id).length;
    expect(() => placeVisit(s.owner, visitId, s.ana.userId, tuesday, 20 * 60)).toThrow();
    expect(firmRows(s.firm.id)).toBe(before);
    expect(outboxOf(s.firm.id).length).toBe(mails);
  });

  it('tells of a changed length (its bottom edge dragged on the grid) as of a move: the old and new time, the new end in the .ics', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    placeVisit(s.owner, visitId, s.ana.userId, tuesday, 600);
    placeVisit(s.owner, visitId, s.ana.userId, tuesday, 600, null, 90);
    const moved = mailsTo(s.firm.id, 'mia@harbor.example').find((m) => m.kind === 'visit-moved')!;
    expect(moved.body).toMatch(/moved your visit from .*10:00–11:00.* to .*10:00–11:30/);
    expect(icsOf(moved).end).toBe(at(tuesday, '11:30'));
  });

  it('tells of a move (old and new time, a newer .ics), a cancellation (the event cancelled), and a restore (booked again)', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    placeVisit(s.owner, visitId, s.ana.userId, tuesday, 600);
    placeVisit(s.owner, visitId, s.ana.userId, addDays(tuesday, 1), 840);
    const moved = mailsTo(s.firm.id, 'mia@harbor.example').find((m) => m.kind === 'visit-moved')!;
    expect(moved.body).toMatch(/moved your visit from .*10:00–11:00.* to .*14:00–15:00/);
    const booked = mailsTo(s.firm.id, 'mia@harbor.example').find((m) => m.kind === 'visit-booked')!;
    expect(icsOf(moved).sequence).toBeGreaterThan(icsOf(booked).sequence);
    expect(icsOf(moved).start).toBe(at(addDays(tuesday, 1), '14:00'));
    // Another consultant at the same time is no news to the client.
    const bo = makeUser(s.firm.id, 'consultant');
    // Wednesday and Thursday: with one day only, the micro visit would leave Bo's 8 h of owed marketing unreachable.
    for (const weekday of [3, 4])
      getDb().insert(schema.workingHours).values({ firmId: s.firm.id, userId: bo.id, weekday, startMinute: 540, endMinute: 1020 }).run();
    const count = outboxOf(s.firm.id).length;
    placeVisit(s.owner, visitId, bo.id, addDays(tuesday, 1), 840);
    expect(outboxOf(s.firm.id).length).toBe(count);

    cancelVisit(s.owner, visitId, 'client phoned');
    const cancelled = mailsTo(s.firm.id, 'mia@harbor.example').find((m) => m.kind === 'visit-cancelled')!;
    expect(cancelled.subject).toMatch(/is cancelled$/);
    expect(icsOf(cancelled).status).toBe('CANCELLED');
    restoreVisit(s.owner, visitId);
    expect(mailsTo(s.firm.id, 'mia@harbor.example').filter((m) => m.kind === 'visit-booked')).toHaveLength(2);
  });

  it('books through the auto-schedule’s accept, and a visit that did not come from the page mails nobody', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    const result = acceptProposals(s.owner, [{ visitId, userId: s.ana.userId, startsAt: at(tuesday, '09:00'), was: null }]);
    expect(result.accepted).toBe(1);
    expect(mailsTo(s.firm.id, 'mia@harbor.example').filter((m) => m.kind === 'visit-booked')).toHaveLength(1);

    const plain = getDb()
      .insert(schema.visits)
      .values({
        firmId: s.firm.id,
        clientId: s.client.id,
        durationMinutes: 60,
        priority: 3,
        earliestDate: monday,
        latestDate: addDays(monday, 4),
        allowedUserIds: [],
        travelMinutes: 0,
      })
      .returning()
      .get();
    const count = outboxOf(s.firm.id).length;
    placeVisit(s.owner, plain.id, s.ana.userId, addDays(tuesday, 2), 600);
    expect(outboxOf(s.firm.id).length).toBe(count);
  });
});

describe('reminders the day before', () => {
  it('are written once however often the job runs, not for a visit booked less than a day ahead, and never after the address opted out', () => {
    const s = setup();
    const { visitId } = openVisit(s);
    placeVisit(s.owner, visitId, s.ana.userId, tuesday, 600);
    const startsAt = at(tuesday, '10:00');
    const reminders = () => mailsTo(s.firm.id, 'mia@harbor.example').filter((m) => m.kind === 'visit-reminder');
    enqueueDueReminders(getDb(), startsAt - 2 * DAY_MS);
    expect(reminders()).toHaveLength(0); // not yet the day before
    enqueueDueReminders(getDb(), startsAt - 20 * HOUR_MS);
    enqueueDueReminders(getDb(), startsAt - 19 * HOUR_MS);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.messageKey).toBe(`visit-reminder.${visitId}.${startsAt}`);
    expect(reminders()[0]!.body).toContain('reminders go the day before');

    // Booked (or moved) less than a day ahead: the booking mail has just said when.
    const late = openVisit(s).visitId;
    placeVisit(s.owner, late, s.ana.userId, addDays(tuesday, 3), 600);
    const lateStart = at(addDays(tuesday, 3), '10:00');
    getDb()
      .update(schema.visits)
      .set({ updatedAt: lateStart - 10 * HOUR_MS })
      .where(eq(schema.visits.id, late))
      .run();
    enqueueDueReminders(getDb(), lateStart - 9 * HOUR_MS);
    expect(reminders()).toHaveLength(1);

    // The client follows the opt-out link in the reminder; the visit moves to Thursday: no reminder for it.
    const token = /\/mail\/opt-out\/([A-Za-z0-9_-]{43})/.exec(reminders()[0]!.body)![1]!;
    expect(optOutView(token)).toEqual({ firmName: 'Lakeside IT', email: 'mia@harbor.example', optedOut: false });
    expect(setOptOutByLink(token, true)).toBe(true);
    expect(optOutView(token)?.optedOut).toBe(true);
    placeVisit(s.owner, visitId, s.ana.userId, addDays(tuesday, 2), 600);
    expect(mailsTo(s.firm.id, 'mia@harbor.example').filter((m) => m.kind === 'visit-moved')).toHaveLength(1); // required: still goes
    enqueueDueReminders(getDb(), at(addDays(tuesday, 2), '10:00') - 20 * HOUR_MS);
    expect(reminders()).toHaveLength(1);
    expect(setOptOutByLink('x'.repeat(43), true)).toBe(false);
  });
});

function finalisedInvoice(s: ReturnType<typeof setup>, issued: number) {
  const id = createDraftInvoice(s.owner, { clientId: s.client.id, periodStart: monday, periodEnd: monday, detail: 'entries' });
  addInvoiceLine(s.owner, id, { kind: 'fixed', description: 'Printer fix', quantityMilli: 1000, unitPriceCents: 12_000, taxRateMilli: 0 });
  finaliseInvoice(s.owner, id, issued);
  return getDb().select().from(schema.invoices).where(eq(schema.invoices.id, id)).get()!;
}

describe('sending an invoice', () => {
  it('mails the stored PDF to the client and marks it sent, together; refused without an address, changing nothing', () => {
    const s = setup();
    const invoice = finalisedInvoice(s, NOW);
    getDb().update(schema.clients).set({ email: '' }).where(eq(schema.clients.id, s.client.id)).run();
    const before = firmRows(s.firm.id);
    expect(() => sendInvoice(s.owner, invoice.id, NOW)).toThrow(NoClientEmailError);
    expect(firmRows(s.firm.id)).toBe(before);
    expect(outboxOf(s.firm.id).filter((m) => m.kind === 'invoice')).toEqual([]);
    expect(() => sendInvoice(s.ana, invoice.id, NOW)).toThrow('permission');

    getDb().update(schema.clients).set({ email: 'billing@harbor.example' }).where(eq(schema.clients.id, s.client.id)).run();
    expect(sendInvoice(s.owner, invoice.id, NOW + 1000)).toEqual({ to: 'billing@harbor.example' });
    const [mail] = mailsTo(s.firm.id, 'billing@harbor.example');
    expect(mail).toMatchObject({ kind: 'invoice', subject: `Invoice ${invoice.number} from Lakeside IT` });
    const stored = getDb().select().from(schema.invoiceDocuments).where(eq(schema.invoiceDocuments.invoiceId, invoice.id)).get()!;
    expect(mail!.attachments).toEqual([
      { filename: `invoice-${invoice.number}.pdf`, contentType: 'application/pdf', base64: stored.pdf.toString('base64') },
    ]);
    expect(getDb().select().from(schema.invoices).where(eq(schema.invoices.id, invoice.id)).get()!.sentAt).toBe(NOW + 1000);
  });

  it('reminds when overdue once per invoice every few days, however often the job runs, and stops once paid', () => {
    const s = setup();
    const invoice = finalisedInvoice(s, NOW);
    const due = DateTime.fromISO(`${invoice.dueDate!}T12:00`, { zone: ZONE }).toMillis();
    const overdue = () => mailsTo(s.firm.id, 'mia@harbor.example').filter((m) => m.kind === 'invoice-overdue');
    enqueueDueReminders(getDb(), due + 2 * DAY_MS);
    expect(overdue()).toHaveLength(0); // never sent: nothing to remind of
    sendInvoice(s.owner, invoice.id, NOW);
    enqueueDueReminders(getDb(), due);
    expect(overdue()).toHaveLength(0); // due today is not overdue
    enqueueDueReminders(getDb(), due + DAY_MS);
    enqueueDueReminders(getDb(), due + 3 * DAY_MS);
    expect(overdue()).toHaveLength(1);
    expect(overdue()[0]!.body).toContain('$120.00 is still open');
    enqueueDueReminders(getDb(), due + (OVERDUE_EVERY_DAYS + 1) * DAY_MS);
    enqueueDueReminders(getDb(), due + (OVERDUE_EVERY_DAYS + 2) * DAY_MS);
    expect(overdue().map((m) => m.messageKey)).toEqual([`invoice-overdue.${invoice.id}.0`, `invoice-overdue.${invoice.id}.1`]);
    recordPayment(s.owner, invoice.id, { receivedOn: today(ZONE), amountCents: 12_000, method: 'check', reference: '' });
    enqueueDueReminders(getDb(), due + (2 * OVERDUE_EVERY_DAYS + 1) * DAY_MS);
    expect(overdue()).toHaveLength(2);
    expect(
      getDb()
        .select()
        .from(schema.outbox)
        .where(and(eq(schema.outbox.firmId, s.firm.id), eq(schema.outbox.kind, 'visit-reminder')))
        .all(),
    ).toEqual([]);
  });
});
