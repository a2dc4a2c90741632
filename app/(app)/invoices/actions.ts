'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { withMember } from '@/lib/actions';
import { finaliseInvoice, markInvoiceSent, recordPayment, reversePayment, voidInvoice } from '@/lib/dal/invoice-lifecycle';
import { sendInvoice } from '@/lib/dal/invoice-mail';
import { addInvoiceLine, createDraftInvoice, deleteDraftInvoice, removeInvoiceLine, updateInvoiceLine } from '@/lib/dal/invoices';
import { formatExactMoney } from '@/lib/format';
import {
  draftSchema,
  invoiceIdSchema,
  lineIdSchema,
  lineSchema,
  lineUpdateSchema,
  paymentSchema,
  reversalSchema,
  timeLineUpdateSchema,
  voidSchema,
} from '@/lib/validations/invoices';

const page = (id: number) => `/invoices/${id}`;
// The list and every invoice page under it: a line, a payment or a void changes both.
const refresh = () => revalidatePath('/invoices', 'layout');

export const createDraftAction = withMember('invoices.write', draftSchema, (member, input) => {
  const id = createDraftInvoice(member, input);
  refresh();
  redirect(page(id));
});

export const addLineAction = withMember('invoices.write', lineSchema, (member, { invoiceId, ...line }) => {
  addInvoiceLine(member, invoiceId, line);
  refresh();
  return { status: 'ok', message: 'Line added.' };
});

export const updateLineAction = withMember('invoices.write', lineUpdateSchema, (member, { lineId, ...line }) => {
  updateInvoiceLine(member, lineId, line);
  refresh();
  return { status: 'ok', message: 'Line saved.' };
});

export const updateTimeLineAction = withMember('invoices.write', timeLineUpdateSchema, (member, { lineId, ...line }) => {
  updateInvoiceLine(member, lineId, { kind: 'time', ...line });
  refresh();
  return { status: 'ok', message: 'Line saved.' };
});

export const removeLineAction = withMember('invoices.write', lineIdSchema, (member, { lineId }) => {
  removeInvoiceLine(member, lineId);
  refresh();
  return { status: 'ok', message: 'Line removed; its time is unbilled again.' };
});

export const deleteDraftAction = withMember('invoices.write', invoiceIdSchema, (member, { invoiceId }) => {
  deleteDraftInvoice(member, invoiceId);
  refresh();
  redirect('/invoices');
});

export const finaliseAction = withMember('invoices.write', invoiceIdSchema, (member, { invoiceId }) => {
  const { number } = finaliseInvoice(member, invoiceId);
  refresh();
  return { status: 'ok', message: `Finalised as invoice ${number}.` };
});

export const markSentAction = withMember('invoices.write', invoiceIdSchema, (member, { invoiceId }) => {
  markInvoiceSent(member, invoiceId);
  refresh();
  return { status: 'ok', message: 'Marked as sent.' };
});

export const sendInvoiceAction = withMember('invoices.write', invoiceIdSchema, (member, { invoiceId }) => {
  const { to } = sendInvoice(member, invoiceId);
  refresh();
  revalidatePath('/settings/email');
  return { status: 'ok', message: `Sent to ${to}, with the PDF attached.` };
});

export const voidAction = withMember('invoices.write', voidSchema, (member, { invoiceId, reason }) => {
  voidInvoice(member, invoiceId, reason);
  refresh();
  return { status: 'ok', message: 'Invoice void. Its time is unbilled again; its number is kept.' };
});

export const paymentAction = withMember('invoices.write', paymentSchema, (member, { invoiceId, ...payment }) => {
  recordPayment(member, invoiceId, payment);
  refresh();
  return { status: 'ok', message: `Payment of ${formatExactMoney(payment.amountCents)} recorded.` };
});

export const reversePaymentAction = withMember('invoices.write', reversalSchema, (member, { paymentId, reason }) => {
  reversePayment(member, paymentId, reason);
  refresh();
  return { status: 'ok', message: 'Payment reversed.' };
});
