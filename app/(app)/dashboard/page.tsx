import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { WeeklyChart } from '@/components/dashboard/weekly-chart';
import { PageHeader } from '@/components/ui/page-header';
import { PersonPicker } from '@/components/ui/person-picker';
import { getDashboard, resolveScope, type DashboardDTO } from '@/lib/dal/dashboard';
import { clientMinutes, marketingProgress } from '@/lib/dashboard-rules';
import { getFirm } from '@/lib/dal/firm';
import { skippedBlocks } from '@/lib/dal/marketing-blocks';
import { today, weekOf } from '@/lib/time/zoned';
import { requireMember } from '@/lib/dal/session';
import { listTeam } from '@/lib/dal/team';
import { formatHours } from '@/lib/time/format';
import { formatMoney } from '@/lib/format';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { tierLabels } from '@/lib/tiers';
import { weekLabel } from '@/lib/time/format';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Dashboard' };

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const hours = (m: number) => Math.round((m / 60) * 10) / 10;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const member = await requireMember();
  const { scope: requested } = await searchParams;
  const data: DashboardDTO = orNotFound(() => getDashboard(member, resolveScope(member, typeof requested === 'string' ? requested : undefined)));
  const firm = getFirm(member);
  const week = weekOf(today(firm.timeZone), firm.timeZone);
  const skipped = skippedBlocks(member, week.monday, week.sunday, data.scope.kind === 'user' ? data.scope.userId : undefined);
  const firmWide = can(member.role, 'dashboard.firm');
  const team = firmWide ? listTeam(member).filter((u) => u.active) : [];
  const marketing = data.thisWeek.minutes.marketing;
  const target = data.marketingTargetMinutes;
  const progress = marketingProgress(marketing, target);
  const chartWeeks = data.weeks.map((w) => ({
    label: weekLabel(w.start, firm.timeZone),
    micro: hours(w.minutes.micro),
    emerging: hours(w.minutes.emerging),
    sweet_spot: hours(w.minutes.sweet_spot),
    large: hours(w.minutes.large),
    marketing: hours(w.minutes.marketing),
    target: hours(target),
  }));
  const scopeName = data.scope.kind === 'firm' ? 'the whole firm' : data.scope.userId === member.userId ? 'you' : data.scope.name;

  return (
    <>
      <PageHeader title="Dashboard" description={`${firm.name} · hours for ${scopeName}; money for the firm.`} />
      {firmWide ? (
        <PersonPicker
          name="scope"
          label="Show hours for"
          value={data.scope.kind === 'firm' ? 'firm' : String(data.scope.userId)}
          everyone={{ value: 'firm', label: 'The whole firm' }}
          people={team}
          className="mb-6"
        />
      ) : null}

      {data.microCreepWarning ? (
        <p role="alert" className="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 font-medium text-red-900" data-testid="micro-warning">
          Micro work is growing while marketing falls short: last week micro clients took {pct(data.microShareLastWeek)} of client hours (up from{' '}
          {pct(data.microSharePrior4)} over the 4 weeks before) and marketing got {formatHours(data.lastWeek.minutes.marketing)} of its {formatHours(target)}.
        </p>
      ) : null}

      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <div className={`${cardClass} p-4`} data-testid="stat-marketing">
          <dt className="text-sm text-slate-600">Marketing this week</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">
            {formatHours(marketing)} <span className="text-base font-normal text-slate-600">of {formatHours(target)}</span>
          </dd>
          <dd className={`text-sm font-medium ${progress.met ? 'text-green-700' : 'text-amber-800'}`}>{progress.met ? 'Target met' : `${formatHours(progress.remainingMinutes)} to go`}</dd>
          <dd className={`text-sm ${skipped ? 'font-medium text-amber-800' : 'text-slate-600'}`} data-testid="skipped-blocks">
            {skipped === 0 ? 'No protected block skipped' : `${skipped} protected block${skipped === 1 ? '' : 's'} skipped`} this week
          </dd>
        </div>
        <div className={`${cardClass} p-4`} data-testid="stat-client-hours">
          <dt className="text-sm text-slate-600">Client hours this week</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{formatHours(clientMinutes(data.thisWeek.minutes))}</dd>
        </div>
        <div className={`${cardClass} p-4`} data-testid="stat-micro-share">
          <dt className="text-sm text-slate-600">Micro share this week</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{pct(data.microShareThisWeek)}</dd>
        </div>
        <div className={`${cardClass} p-4`} data-testid="stat-blended">
          <dt className="text-sm text-slate-600">Blended effective rate (12 mo)</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">{data.blendedRateCents === null ? '—' : `${formatMoney(data.blendedRateCents)}/h`}</dd>
          <dd className="text-sm text-slate-600">target {formatMoney(firm.targetHourlyRateCents)}/h</dd>
        </div>
      </dl>

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
                  <th scope="col" className="py-1 pr-3">Week of</th>
                  {(['micro', 'emerging', 'sweet_spot', 'large'] as const).map((t) => (
                    <th key={t} scope="col" className="py-1 pr-3 text-right">
                      {tierLabels[t]}
                    </th>
                  ))}
                  <th scope="col" className="py-1 pr-3 text-right">Marketing</th>
                  <th scope="col" className="py-1 pr-3 text-right">Admin</th>
                </tr>
              </thead>
              <tbody>
                {data.weeks.map((w) => (
                  <tr key={w.start} className="border-t border-slate-100">
                    <th scope="row" className="py-1 pr-3 text-left font-normal">{weekLabel(w.start, firm.timeZone)}</th>
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

      <section className={`${cardClass} mb-6 p-4`} aria-labelledby="tiers-heading">
        <h2 id="tiers-heading" className="mb-2 text-lg font-semibold">
          What each tier costs and returns (firm, last 12 months)
        </h2>
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Tiers, scrollable">
          <table className="min-w-full text-sm" aria-label="Tiers">
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="py-1 pr-3">Tier</th>
                <th scope="col" className="py-1 pr-3 text-right">Clients</th>
                <th scope="col" className="py-1 pr-3 text-right">Hours</th>
                <th scope="col" className="py-1 pr-3 text-right">Revenue</th>
                <th scope="col" className="py-1 pr-3 text-right">Effective rate</th>
              </tr>
            </thead>
            <tbody>
              {data.perTier.map((t) => (
                <tr key={t.tier} className="border-t border-slate-100" data-testid={`tier-row-${t.tier}`}>
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    <TierBadge tier={t.tier} />
                  </th>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.clients}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatHours(t.minutes12m)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(t.revenue12mCents)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.effectiveRateCents === null ? '—' : `${formatMoney(t.effectiveRateCents)}/h`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

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
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
