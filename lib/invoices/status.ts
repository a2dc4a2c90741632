import type { InvoiceStatus } from '@/db/schema';

export type InvoiceState = 'draft' | 'open' | 'sent' | 'partially_paid' | 'paid' | 'overdue' | 'void';

export const INVOICE_STATE_LABEL: Record<InvoiceState, string> = {
  draft: 'Draft',
  open: 'Finalised',
  sent: 'Sent',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overdue: 'Overdue',
  void: 'Void',
};

/**
 * What an invoice is now, from what is stored: void and draft as stored; a
 * finalised one is paid when its payments cover the total, overdue when
 * money is still owed after its due date (`today` is the firm's date), else
 * partially paid, sent or finalised.
 */
export function invoiceState(
  invoice: { status: InvoiceStatus; totalCents: number; dueDate: string | null; sentAt: number | null },
  paidCents: number,
  today: string,
): InvoiceState {
  if (invoice.status !== 'finalised') return invoice.status;
  if (paidCents >= invoice.totalCents) return 'paid';
  if (invoice.dueDate !== null && today > invoice.dueDate) return 'overdue';
  if (paidCents > 0) return 'partially_paid';
  return invoice.sentAt === null ? 'open' : 'sent';
}
