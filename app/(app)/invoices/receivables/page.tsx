import type { Metadata } from 'next';
import { AgingChart } from '@/components/invoices/aging-chart';
import { AgingTable } from '@/components/invoices/aging-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { cardClass, compactInputClass, linkButtonClass } from '@/components/ui/styles';
import { getReceivables } from '@/lib/dal/receivables';
import { requireMember } from '@/lib/dal/session';
import { formatExactMoney } from '@/lib/format';
import { can } from '@/lib/permissions';
import { dayLabel } from '@/lib/time/format';
import { isRealDate } from '@/lib/time/zoned';

export const metadata: Metadata = { title: 'Receivables' };

type Search = Promise<{ from?: string; to?: string }>;

export default async function ReceivablesPage({ searchParams }: { searchParams: Search }) {
  const member = await requireMember();
  if (!can(member.role, 'invoices.read')) return <AccessDenied what="receivables" permission="invoices.read" />;
  const report = getReceivables(member);
  const q = await searchParams;
  // Statements cover the last twelve months unless a period is chosen.
  const defaultFrom = `${Number(report.today.slice(0, 4)) - 1}${report.today.slice(4, 8)}01`;
  const from = q.from && isRealDate(q.from) ? q.from : defaultFrom;
  const to = q.to && isRealDate(q.to) && q.to >= from ? q.to : report.today;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/invoices" className="text-brand-700 underline">
          ← Invoices
        </Link>
      </p>
      <PageHeader
        title="Receivables"
        description={`Money owed on finalised invoices by days past due, on ${dayLabel(report.today)}: ${formatExactMoney(report.totalCents)} in all.`}
      />
      {report.rows.length ? (
        <div className="space-y-6">
          <section className={`${cardClass} p-4`} aria-label="Owed by age">
            <AgingChart buckets={report.firm} />
          </section>
          <form method="get" className={`${cardClass} flex flex-wrap items-end gap-3 p-4`} aria-label="Statement period">
            <p className="w-full text-sm text-slate-600">Statements cover this period:</p>
            <label className="flex flex-col text-sm">
              From
              <input type="date" name="from" defaultValue={from} className={compactInputClass} />
            </label>
            <label className="flex flex-col text-sm">
              To
              <input type="date" name="to" defaultValue={to} className={compactInputClass} />
            </label>
            <button type="submit" className={linkButtonClass}>
              Use this period
            </button>
          </form>
          <AgingTable report={report} from={from} to={to} />
        </div>
      ) : (
        <EmptyState title="Nothing is owed">Every finalised invoice is paid.</EmptyState>
      )}
    </>
  );
}
