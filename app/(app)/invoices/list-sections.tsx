import { InvoiceStateBadge } from '@/components/invoices/state-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { cardClass, inputClass, linkButtonClass } from '@/components/ui/styles';
import type { ClientOption } from '@/lib/dal/client-options';
import { INVOICE_PAGE_SIZE, type InvoicePage } from '@/lib/dal/invoice-list';
import type { InvoiceListItem } from '@/lib/dal/invoices';
import { formatExactMoney } from '@/lib/format';
import { INVOICE_STATE_LABEL } from '@/lib/invoices/status';
import { dayRangeLabel } from '@/lib/time/format';

/* The invoice list's sections, rendered by page.tsx from what it read: filters, the table, the page links. */

type Href = (overrides: Record<string, string | number | undefined>) => string;

/** The list's address with some parameters changed; the filters are kept, defaults left out. */
export function invoicesHref(list: InvoicePage): Href {
  return (overrides) => {
    const params = new URLSearchParams();
    const merged = { state: list.state, client: list.client, q: list.q, page: list.page, ...overrides };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
    const s = params.toString();
    return s ? `/invoices?${s}` : '/invoices';
  };
}

/** A plain GET form: the filters are the page's address, so they can be bookmarked and are kept by every page link. */
export function InvoiceFilters({ list, clients }: { list: InvoicePage; clients: ClientOption[] | null }) {
  return (
    <form
      method="get"
      action="/invoices"
      className="grid gap-3 px-4 pt-3 sm:grid-cols-3 sm:items-end"
      role="search"
      aria-label="Filter invoices"
    >
      <div>
        <label htmlFor="invoice-state" className="block text-sm font-medium">
          Filter by status
        </label>
        <select id="invoice-state" name="state" defaultValue={list.state ?? ''} className={inputClass}>
          <option value="">All statuses</option>
          {Object.entries(INVOICE_STATE_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {clients ? (
        <div>
          <label htmlFor="invoice-client" className="block text-sm font-medium">
            Filter by client
          </label>
          <select id="invoice-client" name="client" defaultValue={list.client ? String(list.client) : ''} className={inputClass}>
            <option value="">All clients</option>
            {clients.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div>
          <label htmlFor="invoice-q" className="block text-sm font-medium">
            Filter by client name
          </label>
          <input id="invoice-q" name="q" type="search" defaultValue={list.q ?? ''} className={inputClass} />
        </div>
      )}
      <div>
        <button type="submit" className="min-h-11 rounded-md bg-slate-800 px-4 font-semibold text-white hover:bg-slate-900">
          Apply filters
        </button>
      </div>
    </form>
  );
}

const filtered = (list: InvoicePage) => list.state !== undefined || list.client !== undefined || list.q !== undefined;

/** "Showing 51–100 of 316 invoices": what this page holds of the whole list. */
function countText(list: InvoicePage, shown: number): string {
  const noun = `invoice${list.total === 1 ? '' : 's'}${filtered(list) ? ' matching the filters' : ''}`;
  const n = (x: number) => x.toLocaleString('en-US');
  if (list.total <= shown) return `${n(list.total)} ${noun}`;
  const first = (list.page - 1) * INVOICE_PAGE_SIZE + 1;
  return `Showing ${n(first)}–${n(first + shown - 1)} of ${n(list.total)} ${noun}`;
}

export function InvoiceList({ list, clients, href }: { list: InvoicePage; clients: ClientOption[] | null; href: Href }) {
  return (
    <section className={cardClass} aria-labelledby="invoice-list-heading">
      <h2 id="invoice-list-heading" className="px-4 pt-4 text-lg font-semibold">
        All invoices
      </h2>
      <InvoiceFilters list={list} clients={clients} />
      <p className="px-4 pt-3 text-sm text-slate-600" aria-live="polite">
        <span data-testid="invoice-count">{countText(list, list.rows.length)}</span>
        {filtered(list) ? (
          <>
            {' · '}
            <Link href="/invoices" className="text-brand-700 underline">
              Clear filters
            </Link>
          </>
        ) : null}
      </p>
      {list.rows.length ? (
        <InvoiceTable invoices={list.rows} />
      ) : (
        <div className="p-4">
          <EmptyState title={filtered(list) ? 'No invoices match' : 'No invoices yet'}>
            {filtered(list) ? 'Try another status or client.' : 'Prepare a draft from a client’s unbilled time above.'}
          </EmptyState>
        </div>
      )}
      <InvoicePager list={list} href={href} />
    </section>
  );
}

/** Cells: tighter on a phone, where the table shows the invoice (its client and period beneath), total and status. */
const cell = 'px-2 py-2 sm:px-4';

function InvoiceTable({ invoices }: { invoices: InvoiceListItem[] }) {
  return (
    <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Invoices, scrollable">
      <table className="w-full text-left text-sm sm:min-w-[36rem]" aria-label="Invoices">
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
    </div>
  );
}

/** The pages near this one, the first and the last: at most seven links, so the row fits a phone. */
function pageNumbers(page: number, count: number): (number | null)[] {
  const shown = new Set([1, count, page - 1, page, page + 1].filter((p) => p >= 1 && p <= count));
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) out.push(null);
    out.push(p);
  });
  return out;
}

function InvoicePager({ list, href }: { list: InvoicePage; href: Href }) {
  if (list.pageCount <= 1) return null;
  const box = `${linkButtonClass} justify-center min-w-11`;
  return (
    <nav aria-label="Invoice pages" className="flex flex-wrap items-center gap-2 border-t border-slate-100 p-4">
      {list.page > 1 ? (
        <Link href={href({ page: list.page - 1 })} className={box} rel="prev">
          Previous
        </Link>
      ) : null}
      <ol className="flex flex-wrap items-center gap-2">
        {pageNumbers(list.page, list.pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-slate-500">
              …
            </li>
          ) : (
            <li key={p}>
              <Link
                href={href({ page: p })}
                className={`${box} ${p === list.page ? 'border-brand-700 bg-brand-50 font-semibold text-brand-800' : ''}`}
                aria-current={p === list.page ? 'page' : undefined}
                aria-label={`Page ${p} of ${list.pageCount}`}
              >
                {p}
              </Link>
            </li>
          ),
        )}
      </ol>
      {list.page < list.pageCount ? (
        <Link href={href({ page: list.page + 1 })} className={box} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
