import { INVOICE_STATE_LABEL, type InvoiceState } from '@/lib/invoices/status';

const TONE: Record<InvoiceState, string> = {
  draft: 'bg-slate-100 text-slate-800',
  open: 'bg-blue-50 text-blue-900',
  sent: 'bg-blue-50 text-blue-900',
  partially_paid: 'bg-amber-50 text-amber-900',
  paid: 'bg-green-50 text-green-900',
  overdue: 'bg-red-50 text-red-900',
  void: 'bg-slate-100 text-slate-600 line-through',
};

export function InvoiceStateBadge({ state }: { state: InvoiceState }) {
  return (
    <span data-testid="invoice-state" className={`inline-block rounded-full px-2 py-0.5 text-sm font-medium ${TONE[state]}`}>
      {INVOICE_STATE_LABEL[state]}
    </span>
  );
}
