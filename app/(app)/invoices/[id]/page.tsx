import type { Metadata } from 'next';
import {
  AddLineForm,
  DraftActions,
  MarkSentButton,
  PaymentForm,
  SendInvoiceButton,
  ReversePaymentForm,
  VoidForm,
} from '@/components/invoices/forms';
import { InvoiceStateBadge } from '@/components/invoices/state-badge';
import { AccessDenied } from '@/components/ui/access-denied';
import { Link } from '@/components/ui/link';
import { cardClass, linkButtonClass } from '@/components/ui/styles';
import { getBillingSettings } from '@/lib/dal/billing-settings';
import { getFirm } from '@/lib/dal/firm';
import { getInvoice } from '@/lib/dal/invoices';
import { requireMember } from '@/lib/dal/session';
import { formatExactMoney } from '@/lib/format';
import { can } from '@/lib/permissions';
import { idOrNotFound, orNotFound } from '@/lib/not-found';
import { dayLabel, dayRangeLabel, formatHours } from '@/lib/time/format';
import { today } from '@/lib/time/zoned';
import { centsField, Lines, milliField } from './sections';

export const metadata: Metadata = { title: 'Invoice' };

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  // Asked before the lookup, so a consultant given a link reads who can see invoices (not "not found"), for any id.
  if (!can(member.role, 'invoices.read')) return <AccessDenied what="invoices" permission="invoices.read" />;
  const id = idOrNotFound((await params).id);
  const { invoice, client, lines, payments, paidCents, state } = orNotFound(() => getInvoice(member, id));
  const firm = getFirm(member);
  const draft = invoice.status === 'draft';
  const owed = invoice.totalCents - paidCents;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/invoices" className="text-brand-700 underline">
          ← Invoices
        </Link>
      </p>
      <header className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight">
          {invoice.number ? `Invoice ${invoice.number}` : `Draft invoice for ${client.name}`}
        </h1>
        <InvoiceStateBadge state={state} />
        {/* A file download, not a page: a plain link, so the browser saves it. */}
        <a href={`/invoices/${invoice.id}/pdf`} download className={`${linkButtonClass} ml-auto`}>
          {draft ? 'Preview PDF (draft)' : 'Download PDF'}
        </a>
      </header>
      <div className="space-y-6">
        <section className={`${cardClass} grid gap-4 p-5 sm:grid-cols-2`} aria-label="Details">
          <div>
            <h2 className="text-sm font-medium text-slate-600">Bill to</h2>
            <p className="font-semibold">{client.name}</p>
            <p className="whitespace-pre-line text-sm">{client.billingAddress || client.address || 'No address on file'}</p>
            {client.taxId ? <p className="text-sm">Tax id {client.taxId}</p> : null}
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Period</dt>
            <dd>{dayRangeLabel(invoice.periodStart, invoice.periodEnd)}</dd>
            {invoice.issueDate ? (
              <>
                <dt className="text-slate-600">Invoice date</dt>
                <dd>{dayLabel(invoice.issueDate)}</dd>
                <dt className="text-slate-600">Due</dt>
                <dd data-testid="due-date">{dayLabel(invoice.dueDate!)}</dd>
              </>
            ) : null}
            {invoice.voidReason ? (
              <>
                <dt className="text-slate-600">Void because</dt>
                <dd>{invoice.voidReason}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <Lines
          lines={lines.map((l) => ({ ...l, quantityLabel: l.minutes !== null ? formatHours(l.minutes) : milliField(l.quantityMilli) }))}
          totals={invoice}
          editable={draft}
        />
        {draft ? (
          <section className={`${cardClass} space-y-4 p-5`} aria-labelledby="draft-heading">
            <h2 id="draft-heading" className="text-lg font-semibold">
              Add a line
            </h2>
            <AddLineForm
              invoiceId={invoice.id}
              taxRate={client.taxExempt ? '0' : milliField(getBillingSettings(member).defaultTaxRateMilli)}
            />
            <DraftActions invoiceId={invoice.id} />
          </section>
        ) : null}
        {invoice.status === 'finalised' ? (
          <Payments invoiceId={invoice.id} payments={payments} owed={owed} sent={invoice.sentAt !== null} today={today(firm.timeZone)} />
        ) : null}
        {invoice.status === 'finalised' && paidCents === 0 ? <VoidForm invoiceId={invoice.id} /> : null}
      </div>
    </>
  );
}

type Payment = {
  id: number;
  receivedOn: string;
  amountCents: number;
  method: string;
  reference: string;
  reversedAt: number | null;
  reversalReason: string | null;
};

function Payments({
  invoiceId,
  payments,
  owed,
  sent,
  today,
}: {
  invoiceId: number;
  payments: Payment[];
  owed: number;
  sent: boolean;
  today: string;
}) {
  return (
    <section className={`${cardClass} space-y-4 p-5`} aria-labelledby="payments-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="payments-heading" className="text-lg font-semibold">
          Payments · <span data-testid="owed">{formatExactMoney(owed)}</span> still owed
        </h2>
        <div className="flex flex-wrap items-start gap-3">
          <SendInvoiceButton invoiceId={invoiceId} sent={sent} />
          {sent || owed <= 0 ? null : <MarkSentButton invoiceId={invoiceId} />}
        </div>
      </div>
      {payments.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Payments received">
          {payments.map((p) => (
            <li key={p.id} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm">
              <span className={p.reversedAt ? 'text-slate-500 line-through' : ''}>
                {dayLabel(p.receivedOn)} · {formatExactMoney(p.amountCents)} · {p.method.replace('_', ' ')}
                {p.reference ? ` · ${p.reference}` : ''}
              </span>
              {p.reversedAt ? (
                <span className="text-slate-600">Reversed: {p.reversalReason}</span>
              ) : (
                <ReversePaymentForm paymentId={p.id} />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {owed > 0 ? <PaymentForm invoiceId={invoiceId} owed={centsField(owed)} today={today} /> : null}
    </section>
  );
}
