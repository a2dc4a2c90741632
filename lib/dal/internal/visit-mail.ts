import 'server-only';
import type { Tx } from '@/db';
import type { VisitStatus } from '@/db/schema';
import { visitBookedMail, visitCancelledMail, visitMovedMail } from '@/lib/mail/client-messages';
import { enqueueMail, type MailAttachment } from '@/lib/mail/outbox';
import { firmMaySend } from '@/lib/mail/recipients';
import { visitMailContext, visitWhen } from '@/lib/mail/visit-facts';
import { visitIcs } from '../feeds';

export type VisitBefore = { status: VisitStatus; startsAt: number | null; endsAt: number | null; userId: number | null };

/**
 * Tells the client who asked for a visit on the request page what just
 * happened to it, in the transaction that changed it (so a refused or rolled
 * back change sends nothing): booked, moved, or cancelled, with the visit's
 * .ics (the feed's event, its sequence bumped by the change). Call after the
 * visit's row is written. A change of consultant alone says nothing to them.
 * Required mail: it goes whatever the address's opt-out.
 */
export function mailVisitChange(tx: Tx, visitId: number, before: VisitBefore, now: number): void {
  const ctx = visitMailContext(tx, visitId, now);
  if (!ctx || !firmMaySend(tx, ctx.facts.firmId)) return;
  const { visit, facts } = ctx;
  const booked = visit.status === 'scheduled';
  const wasBooked = before.status === 'scheduled' && before.startsAt !== null && before.endsAt !== null;
  let mail;
  if (booked && !wasBooked) mail = visitBookedMail(facts);
  else if (booked && wasBooked && (before.startsAt !== visit.startsAt || before.endsAt !== visit.endsAt))
    mail = visitMovedMail(facts, visitWhen(ctx.zone, ctx.hours, before.startsAt!, before.endsAt!, now));
  else if (visit.status === 'cancelled' && (before.status === 'scheduled' || before.status === 'open'))
    mail = visitCancelledMail(facts, wasBooked);
  else return;
  const attachments: MailAttachment[] =
    visit.startsAt !== null && (booked || wasBooked)
      ? [{ filename: 'visit.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', base64: icsOf(ctx) }]
      : [];
  enqueueMail(tx, { ...mail, attachments }, now);
}

function icsOf(ctx: NonNullable<ReturnType<typeof visitMailContext>>): string {
  const text = { summary: `Visit from ${ctx.facts.firmName}`, location: ctx.address, description: '' }; // not the status link: attachments are kept after sending, and the database keeps no link
  return Buffer.from(visitIcs(ctx.facts.firmName, ctx.visit, text), 'utf8').toString('base64');
}
