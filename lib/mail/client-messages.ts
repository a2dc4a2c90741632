/**
 * The words of the messages about clients' requests, visits and invoices
 * (./messages.ts holds the account ones). Each names the firm and carries the
 * reason it was sent; times are the firm's wall clock, with its zone.
 */
import type { NewMail } from './outbox';

export type RequestFacts = { firmId: number; firmName: string; to: string; name: string };

const hello = (name: string) => `Hello${name.trim() ? ` ${name.trim()}` : ''},`;
const statusLine = (link: string | null) => (link ? `You can follow your request here: ${link}` : '');
const paragraphs = (...parts: string[]) => parts.filter(Boolean).join('\n\n');

/**
 * The answer to whoever used the request page, at the address they typed, which nobody has checked: so it
 * repeats nothing else they typed but their name (the page would otherwise send anyone's words to any address).
 */
export function requestReceivedMail(r: RequestFacts, statusLink: string | null): NewMail {
  return {
    firmId: r.firmId,
    kind: 'request-received',
    to: r.to,
    subject: `We received your request — ${r.firmName}`,
    text: paragraphs(
      hello(r.name),
      `Thank you: ${r.firmName} received your request for a visit. We will confirm a time with you by email once it is booked.`,
      statusLine(statusLink),
    ),
    reason: `You get this because a visit was requested from ${r.firmName} with ${r.to} on its request page.`,
  };
}

export function newRequestNotice(
  staff: { firmId: number; firmName: string; to: string; name: string },
  request: { name: string; company: string; problem: string; urgency: string },
  origin: string,
): NewMail {
  const who = [request.name, request.company].filter(Boolean).join(', ');
  return {
    firmId: staff.firmId,
    kind: 'new-request-notice',
    to: staff.to,
    subject: `New request from ${who || 'the request page'}`,
    text: paragraphs(
      hello(staff.name),
      `A new request came in through ${staff.firmName}'s request page from ${who || 'someone who left no name'} (${request.urgency}).`,
      `Problem: ${request.problem}`,
      `Confirm the client and book it on the schedule: ${origin}/schedule`,
    ),
    reason: `You get this because you are an owner or office staff of ${staff.firmName}, who look after new requests.`,
  };
}

export type VisitFacts = RequestFacts & { when: string; statusLink: string | null };

/** Every mail about one requested visit has this shape: to the requester, their status link last, and why it came. */
function visitMail(v: VisitFacts, kind: string, subject: string, line: string, why = ''): NewMail {
  return {
    firmId: v.firmId,
    kind,
    to: v.to,
    subject,
    text: paragraphs(hello(v.name), line, statusLine(v.statusLink)),
    reason: `You get this because you requested this visit from ${v.firmName} with ${v.to}${why}.`,
  };
}

export function visitBookedMail(v: VisitFacts): NewMail {
  return visitMail(
    v,
    'visit-booked',
    `Your visit is booked for ${v.when}`,
    `${v.firmName} booked your visit for ${v.when}. The attached calendar file adds it to your calendar.`,
  );
}

export function visitMovedMail(v: VisitFacts, was: string): NewMail {
  return visitMail(
    v,
    'visit-moved',
    `Your visit moved to ${v.when}`,
    `${v.firmName} moved your visit from ${was} to ${v.when}. The attached calendar file updates it in your calendar.`,
  );
}

export function visitCancelledMail(v: VisitFacts, wasBooked: boolean): NewMail {
  return visitMail(
    v,
    'visit-cancelled',
    wasBooked ? `Your visit on ${v.when} is cancelled` : `Your request to ${v.firmName} is cancelled`,
    wasBooked
      ? `${v.firmName} cancelled your visit on ${v.when}. The attached calendar file removes it from your calendar. Please get in touch if you still need help.`
      : `${v.firmName} cancelled your request before it was booked. Please get in touch if you still need help.`,
  );
}

export function visitReminderMail(v: VisitFacts): NewMail {
  return visitMail(
    v,
    'visit-reminder',
    `Reminder: your visit ${v.when}`,
    `A reminder that ${v.firmName} visits you ${v.when}.`,
    '; reminders go the day before',
  );
}

export type InvoiceFacts = {
  firmId: number;
  firmName: string;
  to: string;
  name: string;
  number: string;
  total: string;
  owed: string;
  dueDate: string;
};

export function invoiceMail(i: InvoiceFacts): NewMail {
  return {
    firmId: i.firmId,
    kind: 'invoice',
    to: i.to,
    subject: `Invoice ${i.number} from ${i.firmName}`,
    text: paragraphs(
      hello(i.name),
      `Please find attached invoice ${i.number} from ${i.firmName} for ${i.total}, due ${i.dueDate}.`,
      'Thank you for your business.',
    ),
    reason: `You get this because ${i.firmName} sent you this invoice at ${i.to}, the billing address they have for you.`,
  };
}

export function invoiceOverdueMail(i: InvoiceFacts, daysOverdue: number): NewMail {
  return {
    firmId: i.firmId,
    kind: 'invoice-overdue',
    to: i.to,
    subject: `Reminder: invoice ${i.number} from ${i.firmName} is overdue`,
    text: paragraphs(
      hello(i.name),
      `Invoice ${i.number} from ${i.firmName} was due ${i.dueDate} (${daysOverdue} day${daysOverdue === 1 ? '' : 's'} ago); ${i.owed} is still open. If you have paid it already, thank you, and please ignore this reminder.`,
    ),
    reason: `You get this because invoice ${i.number} from ${i.firmName} to ${i.to} is past its due date.`,
  };
}
