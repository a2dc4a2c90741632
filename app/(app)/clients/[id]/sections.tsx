import type React from 'react';
import { Link } from '@/components/ui/link';
import { ArchiveClientButton } from '@/components/clients/archive-button';
import { TierBadge } from '@/components/clients/tier-badge';
import { cardClass, primaryLinkButtonClass } from '@/components/ui/styles';
import type { getClientHistory } from '@/lib/dal/clients';
import type { getFirm } from '@/lib/dal/firm';
import { formatHours, instantLabel } from '@/lib/time/format';
import { formatMoney } from '@/lib/format';
import { categoryLabels, growthLabels, statusLabels } from '@/lib/labels';
import { tierLabels } from '@/lib/tiers';
import type { referralWhatIf } from '@/lib/what-if';
import type { loadClientOr404 } from './load-client';

/* The client page's sections, rendered by page.tsx from what it read. */

type Client = ReturnType<typeof loadClientOr404>;
type Firm = ReturnType<typeof getFirm>;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="font-medium break-words">{children}</dd>
    </div>
  );
}

export function ClientHeader({ client, writable }: { client: Client; writable: boolean }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">{client.name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-slate-700">
          <TierBadge tier={client.tier} overridden={client.overridden} />
          <span data-testid="tier-reason">{client.tierReason}</span>
        </p>
        <p className="mt-1 text-sm text-slate-600">{statusLabels[client.status]}</p>
      </div>
      {writable ? (
        <div className="flex flex-wrap items-start gap-2">
          <Link href={`/clients/${client.id}/edit`} className={primaryLinkButtonClass}>
            Edit
          </Link>
          <ArchiveClientButton clientId={client.id} archived={client.status === 'archived'} />
        </div>
      ) : null}
    </div>
  );
}

export function ClientNumbers({ client }: { client: Client }) {
  return (
    <section aria-labelledby="numbers" className="mb-6">
      <h2 id="numbers" className="sr-only">
        Hours and revenue
      </h2>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {[
          ['Hours, last 4 weeks', formatHours(client.minutes4w)],
          ['Revenue, last 4 weeks', formatMoney(client.revenue4wCents)],
          ['Hours, last 12 months', formatHours(client.minutes12m)],
          ['Revenue, last 12 months', formatMoney(client.revenue12mCents)],
          ['Effective hourly rate', client.effectiveRateCents === null ? '—' : `${formatMoney(client.effectiveRateCents)}/h`],
        ].map(([label, value]) => (
          <div key={label} className={`${cardClass} p-4`}>
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-sm text-slate-600">
        Revenue: finalised invoices (void ones left out), plus work not yet invoiced at its recorded amount. Effective rate: revenue ÷ hours
        worked including travel.
      </p>
    </section>
  );
}

export function ClientFacts({ client, rate }: { client: Client; rate: number }) {
  return (
    <section className={`${cardClass} p-5`} aria-labelledby="facts">
      <h2 id="facts" className="mb-3 text-lg font-semibold">
        Facts
      </h2>
      <dl className="grid grid-cols-2 gap-3">
        <Fact label="Seats">{client.seats}</Fact>
        <Fact label="Server">{client.hasServer ? 'Yes' : 'No'}</Fact>
        <Fact label="Hourly rate">{`${formatMoney(rate)}/h${client.hourlyRateCents === null ? ' (firm default)' : ''}`}</Fact>
        <Fact label="Recurring per month">{formatMoney(client.monthlyRecurringCents)}</Fact>
        <Fact label="Growth">
          {growthLabels[client.growth]}
          {client.expectedSeats24m !== null ? `, ${client.expectedSeats24m} seats expected in 24 months` : ''}
        </Fact>
        <Fact label="Travel each way">{client.defaultTravelMinutes} min</Fact>
        <Fact label="Contact">{client.contactName || '—'}</Fact>
        <Fact label="Phone">
          {client.phone ? (
            <a className="text-brand-700 underline" href={`tel:${client.phone.replace(/[^+\d]/g, '')}`}>
              {client.phone}
            </a>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Email">
          {client.email ? (
            <a className="text-brand-700 underline" href={`mailto:${client.email}`}>
              {client.email}
            </a>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Address">{client.address || '—'}</Fact>
      </dl>
      {client.notes ? <p className="mt-4 whitespace-pre-wrap text-slate-700">{client.notes}</p> : null}
    </section>
  );
}

export function WhatIfSection({ whatIf, firm }: { whatIf: ReturnType<typeof referralWhatIf>; firm: Firm }) {
  return (
    <section className={`${cardClass} p-5`} aria-labelledby="whatif" data-testid="what-if">
      <h2 id="whatif" className="mb-3 text-lg font-semibold">
        What if we referred this client out?
      </h2>
      <dl className="grid grid-cols-2 gap-3">
        <Fact label="Hours freed per month">{formatHours(whatIf.minutesFreedPerMonth)}</Fact>
        <Fact label="Revenue lost per month">{formatMoney(whatIf.revenueLostPerMonthCents)}</Fact>
        <Fact label="Firm's blended rate now">{whatIf.blendedNowCents === null ? '—' : `${formatMoney(whatIf.blendedNowCents)}/h`}</Fact>
        <Fact label="Blended rate without it">
          {whatIf.blendedAfterCents === null ? '—' : `${formatMoney(whatIf.blendedAfterCents)}/h`}
          {whatIf.blendedChangeCents !== null
            ? ` (${whatIf.blendedChangeCents >= 0 ? '+' : '−'}${formatMoney(Math.abs(whatIf.blendedChangeCents))})`
            : ''}
        </Fact>
      </dl>
      <p className="mt-3 text-slate-700">
        The freed time is {formatHours(whatIf.minutesFreedPerWeek)} a week: {Math.round(whatIf.marketingTargetShare * 100)}% of the{' '}
        {formatHours(firm.weeklyMarketingTargetMinutes)} weekly marketing target.
      </p>
      <p className="mt-2 text-sm text-slate-600">
        From the last 12 months’ invoiced money and the work not yet invoiced, for this client and the firm.
      </p>
    </section>
  );
}

export function ClientHistory({ history, firm }: { history: ReturnType<typeof getClientHistory>; firm: Firm }) {
  return (
    <section className={`${cardClass} mt-6 p-5`} aria-labelledby="history">
      <h2 id="history" className="mb-3 text-lg font-semibold">
        History
      </h2>
      {history.entries.length === 0 && history.charges.length === 0 ? (
        <p className="text-slate-600">No time or billing recorded yet.</p>
      ) : null}
      {history.entries.length ? (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Time entries, scrollable">
          <table className="min-w-full text-sm">
            <caption className="mb-2 text-left font-medium">Latest time entries</caption>
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1 pr-3">When</th>
                <th className="py-1 pr-3">Who</th>
                <th className="py-1 pr-3">Kind</th>
                <th className="py-1 pr-3 text-right">Hours</th>
                <th className="py-1 pr-3 text-right">Billed</th>
              </tr>
            </thead>
            <tbody>
              {history.entries.map((e) => (
                <tr key={e.id} className="border-t border-slate-100">
                  <td className="py-1 pr-3">{instantLabel(e.startedAt, firm.timeZone, { hours: firm.hourClock })}</td>
                  <td className="py-1 pr-3">{e.userName}</td>
                  <td className="py-1 pr-3">{categoryLabels[e.category as keyof typeof categoryLabels] ?? e.category}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatHours(e.minutes + e.travelMinutes)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(e.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {history.charges.length ? (
        <ul className="mt-4 space-y-1 text-sm">
          <li className="font-medium">Latest charges</li>
          {history.charges.map((c) => (
            <li key={c.id}>
              {instantLabel(c.billedAt, firm.timeZone, { hours: firm.hourClock })} · {formatMoney(c.amountCents)}{' '}
              {c.description ? `· ${c.description}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {history.tierChanges.length ? (
        <ul className="mt-4 space-y-1 text-sm" aria-label="Tier history">
          <li className="font-medium">Tier history</li>
          {history.tierChanges.map((t) => (
            <li key={t.id}>
              {instantLabel(t.at, firm.timeZone, { hours: firm.hourClock })} · {t.fromTier ? `${tierLabels[t.fromTier]} → ` : ''}
              {tierLabels[t.toTier]} · {t.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
