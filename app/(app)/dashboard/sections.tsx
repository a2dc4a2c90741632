import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { WeeklyChart, type ChartWeek } from '@/components/dashboard/weekly-chart';
import { cardClass } from '@/components/ui/styles';
import type { DashboardDTO, MarketingTeam } from '@/lib/dal/dashboard';
import { clientMinutes } from '@/lib/dashboard-rules';
import { formatMoney } from '@/lib/format';
import { formatHours, hoursAmount } from '@/lib/time/format';
import { tierLabels } from '@/lib/tiers';

/* The dashboard's sections, rendered by page.tsx from what it read. */

export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
/** Hours as a number, by the one rounding rule (lib/time/format.ts). */
export const hours = hoursAmount;

type StatsProps = {
  data: DashboardDTO;
  marketing: number;
  target: number;
  progress: { met: boolean; remainingMinutes: number };
  skipped: number;
  targetRateCents: number;
};

export function ThisWeekStats({ data, marketing, target, progress, skipped, targetRateCents }: StatsProps) {
  return (
    <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
      {/* Full width on a phone: it carries the most text (target basis, each person), too much for half of 375 px. */}
      <div className={`${cardClass} col-span-2 p-4 lg:col-span-1`} data-testid="stat-marketing">
        <dt className="text-sm text-slate-600">Marketing this week{data.marketingTeam ? ', whole firm' : ''}</dt>
        <dd className="mt-1 text-xl font-semibold tabular-nums">
          {formatHours(marketing)} <span className="text-base font-normal text-slate-600">of {formatHours(target)}</span>
        </dd>
        {data.marketingTeam ? <MarketingTeamBasis team={data.marketingTeam} /> : null}
        <dd className={`text-sm font-medium ${progress.met ? 'text-green-700' : 'text-amber-800'}`}>
          {progress.met ? 'Target met' : `${formatHours(progress.remainingMinutes)} to go`}
        </dd>
        <dd className={`text-sm ${skipped ? 'font-medium text-amber-800' : 'text-slate-600'}`} data-testid="skipped-blocks">
          {skipped === 0 ? 'No protected block skipped' : `${skipped} protected block${skipped === 1 ? '' : 's'} skipped`} this week
        </dd>
        {data.marketingTeam ? <MarketingByPerson team={data.marketingTeam} /> : null}
      </div>
      <div className={`${cardClass} p-4`} data-testid="stat-client-hours">
        <dt className="text-sm text-slate-600">Client hours this week</dt>
        <dd className="mt-1 text-xl font-semibold tabular-nums">{formatHours(clientMinutes(data.thisWeek.minutes))}</dd>
        {/* The timesheet's totals leave travel out; say it here, so the two pages' numbers are not read as a disagreement. */}
        <dd className="text-sm text-slate-600">Travel to clients included</dd>
      </div>
      <div className={`${cardClass} p-4`} data-testid="stat-micro-share">
        <dt className="text-sm text-slate-600">Micro share this week</dt>
        <dd className="mt-1 text-xl font-semibold tabular-nums">{pct(data.microShareThisWeek)}</dd>
      </div>
      {/* The fourth card would sit alone at half width on a phone, beside a gap: it takes the row. */}
      <div className={`${cardClass} col-span-2 p-4 lg:col-span-1`} data-testid="stat-blended">
        <dt className="text-sm text-slate-600">Blended effective rate (12 mo)</dt>
        <dd className="mt-1 text-xl font-semibold tabular-nums">
          {data.blendedRateCents === null ? '—' : `${formatMoney(data.blendedRateCents)}/h`}
        </dd>
        <dd className="text-sm text-slate-600">target {formatMoney(targetRateCents)}/h</dd>
      </div>
    </dl>
  );
}

/** Where the firm's target comes from: the setting is per person, summed over the people who carry it. */
function MarketingTeamBasis({ team }: { team: MarketingTeam }) {
  const carriers = team.people.filter((p) => p.hasTarget);
  const n = carriers.length;
  const own = carriers.filter((p) => p.targetMinutes !== team.perPersonMinutes).length;
  return (
    <dd className="text-sm text-slate-600" data-testid="marketing-target-basis">
      {n === 0
        ? 'No active owner or consultant, so no target'
        : `${formatHours(team.perPersonMinutes)} each for ${n} ${n === 1 ? 'person' : 'people'} (active owners and consultants)${
            own ? `, ${own} of them with an allotment of their own` : ''
          }`}
    </dd>
  );
}

function MarketingByPerson({ team }: { team: MarketingTeam }) {
  if (team.people.length === 0) return null;
  return (
    <dd className="mt-1 text-sm">
      <details>
        <summary className="cursor-pointer font-medium text-brand-800">Each person</summary>
        <ul className="mt-1 space-y-0.5" data-testid="marketing-by-person">
          {team.people.map((p) => (
            <li key={p.userId} className="flex justify-between gap-2">
              <span className="min-w-0 break-words">{p.name}</span>
              <span className="shrink-0 tabular-nums">
                {p.hasTarget
                  ? `${formatHours(p.minutesThisWeek)} of ${formatHours(p.targetMinutes)}`
                  : `${formatHours(p.minutesThisWeek)}, no target`}
              </span>
            </li>
          ))}
        </ul>
      </details>
    </dd>
  );
}

export function WeeksSection({ weeks, chartWeeks }: { weeks: DashboardDTO['weeks']; chartWeeks: ChartWeek[] }) {
  return (
    <section className={`${cardClass} mb-6 p-4`} aria-labelledby="weeks-heading">
      <h2 id="weeks-heading" className="mb-2 text-lg font-semibold">
        Hours per week: client tiers and marketing
      </h2>
      <WeeklyChart weeks={chartWeeks} />
      <details className="mt-3">
        <summary className="cursor-pointer font-medium text-brand-800">The same numbers as a table</summary>
        <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Hours per week, scrollable">
          <table className="min-w-full text-sm" aria-label="Hours per week">
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="py-1 pr-3">
                  Week of
                </th>
                {(['micro', 'emerging', 'sweet_spot', 'large'] as const).map((t) => (
                  <th key={t} scope="col" className="py-1 pr-3 text-right">
                    {tierLabels[t]}
                  </th>
                ))}
                <th scope="col" className="py-1 pr-3 text-right">
                  Marketing
                </th>
                <th scope="col" className="py-1 pr-3 text-right">
                  Admin
                </th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w, i) => (
                <tr key={w.start} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {chartWeeks[i]!.label}
                  </th>
                  {(['micro', 'emerging', 'sweet_spot', 'large', 'marketing', 'admin'] as const).map((b) => (
                    <td key={b} className="py-1 pr-3 text-right tabular-nums">
                      {hours(w.minutes[b])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

const rateText = (t: DashboardDTO['perTier'][number]) => (t.effectiveRateCents === null ? '—' : `${formatMoney(t.effectiveRateCents)}/h`);

/**
 * A table from 640 px up; on a phone each tier is a short block of three labelled figures instead. Five columns of
 * money do not fit 375 px, and a sideways scroll would hide the effective rate, the column the table is for.
 */
export function TiersSection({ perTier }: { perTier: DashboardDTO['perTier'] }) {
  return (
    <section className={`${cardClass} mb-6 p-4`} aria-labelledby="tiers-heading" data-testid="tiers">
      <h2 id="tiers-heading" className="mb-2 text-lg font-semibold">
        What each tier costs and returns (firm, last 12 months)
      </h2>
      <TierList perTier={perTier} />
      <div className="hidden overflow-x-auto sm:block" tabIndex={0} role="region" aria-label="Tiers, scrollable">
        <table className="min-w-full text-sm" aria-label="Tiers">
          <thead>
            <tr className="text-left text-slate-600">
              <th scope="col" className="py-1 pr-3">
                Tier
              </th>
              {['Clients', 'Hours', 'Revenue', 'Effective rate'].map((h) => (
                <th key={h} scope="col" className="py-1 pr-3 text-right">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {perTier.map((t) => (
              <tr key={t.tier} className="border-t border-slate-100" data-testid={`tier-row-${t.tier}`}>
                <th scope="row" className="py-1 pr-3 text-left font-normal">
                  <TierBadge tier={t.tier} />
                </th>
                {[String(t.clients), formatHours(t.minutes12m), formatMoney(t.revenue12mCents), rateText(t)].map((v, i) => (
                  <td key={i} className="whitespace-nowrap py-1 pr-3 text-right tabular-nums">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TierList({ perTier }: { perTier: DashboardDTO['perTier'] }) {
  return (
    <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Tiers">
      {perTier.map((t) => (
        <li key={t.tier} className="py-2" data-testid={`tier-row-${t.tier}`}>
          <p className="flex items-center justify-between gap-2">
            <TierBadge tier={t.tier} />
            <span className="text-sm text-slate-600">
              {t.clients} client{t.clients === 1 ? '' : 's'}
            </span>
          </p>
          <dl className="mt-1 grid grid-cols-3 gap-2">
            {(
              [
                ['Hours', formatHours(t.minutes12m)],
                ['Revenue', formatMoney(t.revenue12mCents)],
                ['Effective rate', rateText(t)],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-xs text-slate-600">{label}</dt>
                <dd className="whitespace-nowrap font-medium tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** `proposeContracts`: the viewer makes contracts, so a move from micro into the sweet spot links to the contract proposed for it. */
export function ClientsToWatch({ data, proposeContracts = false }: { data: DashboardDTO; proposeContracts?: boolean }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className={`${cardClass} p-4`} aria-labelledby="suggest-heading">
        <h2 id="suggest-heading" className="mb-2 text-lg font-semibold">
          Suggestions
        </h2>
        {data.suggestions.length === 0 ? <p className="text-slate-600">Nothing stands out right now.</p> : null}
        <ul className="space-y-2">
          {data.suggestions.map((s, i) => (
            <li key={`${s.kind}-${s.clientId}-${i}`}>
              <Link href={`/clients/${s.clientId}`} className="font-medium text-brand-800 underline">
                {s.name}
              </Link>{' '}
              {s.text}
            </li>
          ))}
        </ul>
        {data.moreCandidates > 0 ? (
          <p className="mt-2 text-sm text-slate-600" data-testid="more-candidates">
            …and {data.moreCandidates} more sweet-spot candidates.{' '}
            <Link href="/clients?tier=emerging&sort=seats" className="font-medium text-brand-800 underline">
              See emerging clients by seats
            </Link>
          </p>
        ) : null}
      </section>
      <section className={`${cardClass} p-4`} aria-labelledby="moved-heading">
        <h2 id="moved-heading" className="mb-2 text-lg font-semibold">
          Clients that moved tier (90 days)
        </h2>
        {data.moved.length === 0 ? <p className="text-slate-600">No tier changes.</p> : null}
        <ul className="space-y-2">
          {data.moved.map((m, i) => (
            <li key={`${m.clientId}-${i}`} className="flex flex-wrap items-center gap-1">
              <Link href={`/clients/${m.clientId}`} className="font-medium text-brand-800 underline">
                {m.name}
              </Link>
              <TierBadge tier={m.fromTier} /> → <TierBadge tier={m.toTier} />
              {proposeContracts && m.fromTier === 'micro' && m.toTier === 'sweet_spot' ? (
                <Link href={`/clients/${m.clientId}#contracts-heading`} className="text-sm text-brand-800 underline">
                  Review a proposed contract<span className="sr-only"> for {m.name}</span>
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
