import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { PageHeader } from '@/components/ui/page-header';
import { cardClass, inputClass, linkButtonClass, primaryLinkButtonClass } from '@/components/ui/styles';
import type { listClients } from '@/lib/dal/client-list';
import { formatHours } from '@/lib/time/format';
import { formatMoney } from '@/lib/format';
import { statusLabels } from '@/lib/labels';
import { RestoreClientButton } from '@/components/clients/archive-button';
import { tierLabels, tierOrder } from '@/lib/tiers';

/* The client list's sections, rendered by page.tsx from what it read. */

type ClientList = ReturnType<typeof listClients>;
type Href = (overrides: Record<string, string | number | undefined>) => string;

/** The list's address with some parameters changed; defaults are left out so links stay short. */
export function clientsHref(list: ClientList): Href {
  return (overrides) => {
    const params = new URLSearchParams();
    const merged = {
      q: list.q,
      tier: list.tier,
      status: list.status === 'current' ? undefined : list.status,
      sort: list.sort,
      dir: list.dir,
      page: list.page,
      ...overrides,
    };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
    const s = params.toString();
    return s ? `/clients?${s}` : '/clients';
  };
}

function sortLink(list: ClientList, href: Href, key: ClientList['sort'], label: string, className = '') {
  const active = list.sort === key;
  const nextDir = active ? (list.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
  return (
    <th
      scope="col"
      className={`px-3 py-2 text-left font-semibold ${className}`}
      aria-sort={active ? (list.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link href={href({ sort: key, dir: nextDir, page: 1 })} className="underline-offset-2 hover:underline">
        {label}
        {active ? (list.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

export function ClientsHeader({ list, writable }: { list: ClientList; writable: boolean }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <PageHeader title="Clients" description={`${list.total.toLocaleString('en-US')} client${list.total === 1 ? '' : 's'} match.`} />
      <div className="flex flex-wrap gap-2">
        {/* A file download from a route handler, not a page: a plain link is right here. */}
        <a href="/clients/export" download className={linkButtonClass}>
          Export CSV
        </a>
        {writable ? (
          <>
            <Link href="/clients/import" className={linkButtonClass}>
              Import CSV
            </Link>
            <Link href="/clients/new" className={primaryLinkButtonClass}>
              New client
            </Link>
          </>
        ) : null}
      </div>
    </div>
  );
}

export function ClientFilters({ list }: { list: ClientList }) {
  return (
    <form method="get" action="/clients" className={`${cardClass} mb-4 grid gap-3 p-4 sm:grid-cols-4`} role="search">
      <div className="sm:col-span-2">
        <label htmlFor="q" className="block text-sm font-medium">
          Search by name
        </label>
        <input id="q" name="q" type="search" defaultValue={list.q ?? ''} className={inputClass} />
      </div>
      <div>
        <label htmlFor="tier" className="block text-sm font-medium">
          Tier
        </label>
        <select id="tier" name="tier" defaultValue={list.tier ?? ''} className={inputClass}>
          <option value="">All tiers</option>
          {tierOrder.map((t) => (
            <option key={t} value={t}>
              {tierLabels[t]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="status" className="block text-sm font-medium">
          Status
        </label>
        <select id="status" name="status" defaultValue={list.status === 'current' ? '' : list.status} className={inputClass}>
          <option value="">Active and prospects</option>
          {Object.entries(statusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="all">All statuses</option>
        </select>
      </div>
      <input type="hidden" name="sort" value={list.sort} />
      <input type="hidden" name="dir" value={list.dir} />
      <div className="sm:col-span-4">
        <button type="submit" className="min-h-11 rounded-md bg-slate-800 px-4 font-semibold text-white hover:bg-slate-900">
          Apply filters
        </button>
      </div>
    </form>
  );
}

export function ClientTable({ list, writable, href }: { list: ClientList; writable: boolean; href: Href }) {
  return (
    <div className={`${cardClass} overflow-x-auto`} tabIndex={0} role="region" aria-label="Clients, scrollable">
      <table className="min-w-full text-sm" aria-label="Clients">
        <thead className="bg-slate-50">
          <tr>
            {sortLink(list, href, 'name', 'Name')}
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Tier
            </th>
            {sortLink(list, href, 'seats', 'Seats', 'text-right')}
            {sortLink(list, href, 'revenue', 'Revenue 12 mo', 'hidden text-right sm:table-cell')}
            {sortLink(list, href, 'hours', 'Hours 4 wk', 'hidden text-right md:table-cell')}
            {sortLink(list, href, 'rate', 'Effective rate', 'hidden text-right md:table-cell')}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {list.rows.map((c) => (
            <tr key={c.id} data-testid="client-row">
              <td className="px-3 py-2">
                <Link href={`/clients/${c.id}`} className="font-medium text-brand-800 underline-offset-2 hover:underline">
                  {c.name}
                </Link>
                {c.status !== 'active' ? <span className="ml-2 text-xs text-slate-500">{statusLabels[c.status]}</span> : null}
                {writable && c.status === 'archived' ? <RestoreClientButton clientId={c.id} name={c.name} /> : null}
              </td>
              <td className="px-3 py-2">
                <TierBadge tier={c.tier} overridden={c.overridden} reason={c.tierReason} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{c.seats}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{formatMoney(c.revenue12mCents)}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{formatHours(c.minutes4w)}</td>
              <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">
                {c.effectiveRateCents === null ? '—' : `${formatMoney(c.effectiveRateCents)}/h`}
              </td>
            </tr>
          ))}
          {list.rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-slate-600">
                No clients match. {writable ? 'Add one, or import a CSV file.' : ''}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

export function ClientPager({ list, href }: { list: ClientList; href: Href }) {
  return list.pageCount > 1 ? (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-3">
      {list.page > 1 ? (
        <Link href={href({ page: list.page - 1 })} className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 font-medium">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-slate-600">
        Page {list.page} of {list.pageCount}
      </span>
      {list.page < list.pageCount ? (
        <Link href={href({ page: list.page + 1 })} className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 font-medium">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  ) : null;
}
