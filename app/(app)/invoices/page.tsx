import type { Metadata } from 'next';
import { PrepareMonthForm } from '@/components/invoices/contract-forms';
import { ExportForm } from '@/components/invoices/export-form';
import { NewDraftForm } from '@/components/invoices/forms';
import { InvoiceStateBadge } from '@/components/invoices/state-badge';
import { AccessDenied } from '@/components/ui/access-denied';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { cardClass, linkButtonClass } from '@/components/ui/styles';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { listInvoices, type InvoiceListItem } from '@/lib/dal/invoices';
import { preparedCount } from '@/lib/dal/prepare-invoices';
import { requireMember } from '@/lib/dal/session';
import { formatExactMoney } from '@/lib/format';
import { can } from '@/lib/permissions';
import { dayRangeLabel } from '@/lib/time/format';
import { addDays, today } from '@/lib/time/zoned';

export const metadata: Metadata = { title: 'Invoices' };

export default async function InvoicesPage() {
  const member = await requireMember();
  if (!can(member.role, 'invoices.read')) return <AccessDenied what="invoices" permission="invoices.read" />;
  const firm = getFirm(member);
  const now = today(firm.timeZone);
  // Last month, the period most drafts bill.
  const thisMonth = `${now.slice(0, 7)}-01`;
  const lastMonth = `${addDays(thisMonth, -1).slice(0, 7)}-01`;
  const invoices = listInvoices(member);
  return (
    <>
      <PageHeader
        title="Invoices"
        description="Unbilled time becomes a draft; a finalised invoice gets its number and is paid in one or more payments."
      />
      <div className="space-y-6">
        <nav aria-label="Invoices" className="flex flex-wrap gap-3">
          <Link href="/invoices/receivables" className={linkButtonClass}>
            Receivables and statements
          </Link>
        </nav>
        {can(member.role, 'invoices.write') ? (
          <PrepareMonthForm month={now.slice(0, 7)} preparedAlready={preparedCount(member, now.slice(0, 7))} />
        ) : null}
        <NewDraftForm clients={listClientOptions(member)} periodStart={lastMonth} periodEnd={addDays(thisMonth, -1)} />
        {invoices.length ? (
          <InvoiceTable invoices={invoices} />
        ) : (
          <EmptyState title="No invoices yet">Prepare a draft from a client’s unbilled time above.</EmptyState>
        )}
        <ExportForm from={`${now.slice(0, 4)}-01-01`} to={now} />
      </div>
    </>
  );
}

/** Cells: tighter on a phone, where the table shows the invoice (its client and period beneath), total and status. */
const cell = 'px-2 py-2 sm:px-4';

function InvoiceTable({ invoices }: { invoices: InvoiceListItem[] }) {
  return (
    <section className={`${cardClass} overflow-x-auto`} aria-labelledby="invoice-list-heading">
      <h2 id="invoice-list-heading" className="px-4 pt-4 text-lg font-semibold">
        All invoices
      </h2>
      <table className="mt-2 w-full text-left text-sm sm:min-w-[36rem]">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className={`${cell} font-medium`}>
              Invoice
            </th>
            <th scope="col" className={`${cell} hidden font-medium sm:table-cell`}>
              Client
            </th>
            <th scope="col" className={`${cell} hidden font-medium sm:table-cell`}>
              Period
            </th>
            <th scope="col" className={`${cell} text-right font-medium`}>
              Total
            </th>
            <th scope="col" className={`${cell} hidden text-right font-medium sm:table-cell`}>
              Paid
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id} className="border-b border-slate-100 last:border-0" data-testid="invoice-row">
              <td className={cell}>
                <Link href={`/invoices/${i.id}`} className="whitespace-nowrap font-medium text-brand-700 underline">
                  {i.number ?? 'Draft'}
                </Link>
                {/* On a phone the client and period sit under the number, so total and status stay on screen, whole. */}
                <span className="block sm:hidden">{i.clientName}</span>
                <span className="block text-xs text-slate-600 sm:hidden">{dayRangeLabel(i.periodStart, i.periodEnd)}</span>
              </td>
              <td className={`${cell} hidden sm:table-cell`}>{i.clientName}</td>
              <td className={`${cell} hidden whitespace-nowrap sm:table-cell`}>{dayRangeLabel(i.periodStart, i.periodEnd)}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatExactMoney(i.totalCents)}</td>
              <td className={`${cell} hidden text-right tabular-nums sm:table-cell`}>{formatExactMoney(i.paidCents)}</td>
              <td className={`${cell} whitespace-nowrap`}>
                <InvoiceStateBadge state={i.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
