import { Link } from '@/components/ui/link';
import { cardClass } from '@/components/ui/styles';
import type { InvoicedMoneyDTO } from '@/lib/dal/invoiced-money';
import { formatMoney } from '@/lib/format';
import { dayLabel, formatHours } from '@/lib/time/format';

/**
 * Invoiced money, each figure on its own: revenue from finalised invoices,
 * money owed, and work not yet invoiced. Kept apart from the hours-based
 * revenue per tier below, which still reads logged work and charges.
 */
export function InvoicedMoney({ money }: { money: InvoicedMoneyDTO }) {
  const n = money.invoiceCount;
  return (
    <section aria-labelledby="money-heading" className="mb-6">
      <h2 id="money-heading" className="mb-2 text-lg font-semibold">
        Invoiced money
      </h2>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <div className={`${cardClass} p-4`} data-testid="stat-invoiced">
          <dt className="text-sm text-slate-600">Invoiced, last 12 months</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{formatMoney(money.invoicedCents)}</dd>
          <dd className="text-sm text-slate-600">
            {n} finalised invoice{n === 1 ? '' : 's'} since {dayLabel(money.since)}, before tax; void ones left out
          </dd>
        </div>
        <div className={`${cardClass} p-4`} data-testid="stat-owed">
          <dt className="text-sm text-slate-600">Owed to the firm</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{formatMoney(money.owedCents)}</dd>
          <dd className={`text-sm ${money.overdueCount > 0 ? 'font-medium text-red-800' : 'text-slate-600'}`}>
            {money.overdueCount === 0
              ? 'Nothing overdue'
              : `${formatMoney(money.overdueCents)} overdue on ${money.overdueCount} invoice${money.overdueCount === 1 ? '' : 's'}`}
          </dd>
          <dd className="mt-1 text-sm">
            <Link href="/invoices/receivables" className="font-medium text-brand-700 underline">
              Receivables by age
            </Link>
          </dd>
        </div>
        <div className={`${cardClass} p-4`} data-testid="stat-unbilled">
          <dt className="text-sm text-slate-600">Unbilled work</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{formatMoney(money.unbilledCents)}</dd>
          <dd className="text-sm text-slate-600">{formatHours(money.unbilledMinutes)} of billable time on no invoice yet</dd>
          <dd className="mt-1 text-sm">
            <Link href="/invoices" className="font-medium text-brand-700 underline">
              Invoices and drafts
            </Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}
