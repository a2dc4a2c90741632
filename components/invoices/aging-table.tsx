import { Link } from '@/components/ui/link';
import { cardClass } from '@/components/ui/styles';
import { formatExactMoney } from '@/lib/format';
import { AGING_BUCKETS, AGING_LABEL, type AgingReport } from '@/lib/invoices/aging';

const cell = 'px-3 py-2 text-right tabular-nums whitespace-nowrap';
const money = (cents: number) => (cents ? formatExactMoney(cents) : '—');

/** Receivables per client and bucket, the firm's totals last; each client's row offers its statement for the chosen period. */
export function AgingTable({ report, from, to }: { report: AgingReport; from: string; to: string }) {
  return (
    // relative: the screen-reader-only header is absolutely placed; scrolled with the table, not widening a phone's page.
    <section className={`${cardClass} relative overflow-x-auto`} aria-labelledby="aging-table-heading">
      <h2 id="aging-table-heading" className="px-4 pt-4 text-lg font-semibold">
        Owed by client
      </h2>
      <table className="mt-2 w-full min-w-[48rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Client
            </th>
            {AGING_BUCKETS.map((b) => (
              <th key={b} scope="col" className="px-3 py-2 text-right font-medium">
                {AGING_LABEL[b]}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Total
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Statement</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.clientId} className="border-b border-slate-100" data-testid="aging-row">
              <th scope="row" className="px-3 py-2 font-medium">
                <Link href={`/clients/${r.clientId}`} className="text-brand-700 underline">
                  {r.clientName}
                </Link>
              </th>
              {AGING_BUCKETS.map((b) => (
                <td key={b} className={cell}>
                  {money(r.buckets[b])}
                </td>
              ))}
              <td className={`${cell} font-semibold`}>{formatExactMoney(r.totalCents)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <a
                  href={`/invoices/statement/${r.clientId}?from=${from}&to=${to}`}
                  download
                  className="font-medium text-brand-700 underline"
                  aria-label={`Statement for ${r.clientName} (PDF)`}
                >
                  Statement (PDF)
                </a>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-slate-300 font-semibold" data-testid="aging-total">
            <th scope="row" className="px-3 py-2">
              Firm total
            </th>
            {AGING_BUCKETS.map((b) => (
              <td key={b} className={cell}>
                {money(report.firm[b])}
              </td>
            ))}
            <td className={cell}>{formatExactMoney(report.totalCents)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
