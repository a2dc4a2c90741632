import 'server-only';
import { eq } from 'drizzle-orm';
import { schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { formatExactMoney } from '@/lib/format';
import { invoiceMail } from '@/lib/mail/client-messages';
import { enqueueMail } from '@/lib/mail/outbox';
import { assertCan } from '@/lib/permissions';
import { dayLabel } from '@/lib/time/format';
import type { Printed } from '@/lib/invoices/printed';
import { assertEmailConfirmed } from './email-confirmation';
import { getInvoiceOrThrow } from './internal/invoices';
import { getClientOrThrow } from './internal/records';
import { storedOrDrawnPdf } from './invoice-pdf';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export class NoClientEmailError extends UserFacingError {
  constructor() {
    super('This client has no email address: add one on the client’s page, then send the invoice.');
  }
}

/**
 * "Send": mails a finalised invoice to its client's address with the PDF
 * stored when it was numbered (the very file a download gives), and marks it
 * sent — the message and the mark in one transaction, so neither lands
 * without the other. Sending again sends another copy; the first date stays.
 */
export function sendInvoice(member: Member, invoiceId: number, now = Date.now()): { to: string } {
  assertCan(member.role, 'invoices.write');
  return writeTransaction((tx) => {
    const invoice = getInvoiceOrThrow(tx, member, invoiceId, 'invoices.write');
    if (invoice.status === 'draft') throw new UserFacingError('Finalise the draft first.');
    if (invoice.status === 'void') throw new UserFacingError(`Invoice ${invoice.number} is void.`);
    const client = getClientOrThrow(tx, member, invoice.clientId);
    if (!client.email.trim()) throw new NoClientEmailError();
    assertEmailConfirmed(tx, member);
    const firm = tx.select({ name: schema.firms.name }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
    const printed = invoice.printed as Printed | null;
    const pdf = storedOrDrawnPdf(tx, member, invoice, now);
    const mail = invoiceMail({
      firmId: member.firmId,
      firmName: printed?.firm.name || firm.name,
      to: client.email.trim(),
      name: printed?.client.contact || client.contactName,
      number: invoice.number ?? '',
      total: formatExactMoney(invoice.totalCents),
      owed: formatExactMoney(invoice.totalCents),
      dueDate: dayLabel(invoice.dueDate!),
    });
    const attachment = { filename: `invoice-${invoice.number}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
    enqueueMail(tx, { ...mail, attachments: [attachment] }, now);
    if (invoice.sentAt === null) tx.update(schema.invoices).set({ sentAt: now }).where(eq(schema.invoices.id, invoice.id)).run();
    writeAudit(tx, member, { action: 'invoice.emailed', entity: 'invoice', id: invoice.id, after: { to: client.email.trim() } });
    return { to: client.email.trim() };
  });
}
