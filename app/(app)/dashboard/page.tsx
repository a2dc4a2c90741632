import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { PersonPicker } from '@/components/ui/person-picker';
import { getDashboard, resolveScope, type DashboardDTO } from '@/lib/dal/dashboard';
import { marketingProgress } from '@/lib/dashboard-rules';
import { getFirm } from '@/lib/dal/firm';
import { getInvoicedMoney } from '@/lib/dal/invoiced-money';
import { budgetView } from '@/lib/dal/marketing-budget';
import { BudgetAlerts, MarketingBudgetSection } from '@/components/dashboard/marketing-budget';
import { skippedBlocks } from '@/lib/dal/marketing-blocks';
import { today, weekOf } from '@/lib/time/zoned';
import { requireMember } from '@/lib/dal/session';
import { listTeam } from '@/lib/dal/team';
import { formatHours } from '@/lib/time/format';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { weekLabel } from '@/lib/time/format';

import { InvoicedMoney } from './invoiced-money';
import { ClientsToWatch, hours, pct, ThisWeekStats, TiersSection, WeeksSection } from './sections';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const member = await requireMember();
  const { scope: requested } = await searchParams;
  const data: DashboardDTO = orNotFound(() =>
    getDashboard(member, resolveScope(member, typeof requested === 'string' ? requested : undefined)),
  );
  const firm = getFirm(member);
  const budget = budgetView(member, data.scope);
  const week = weekOf(today(firm.timeZone), firm.timeZone);
  const skipped = skippedBlocks(member, week.monday, week.sunday, data.scope.kind === 'user' ? data.scope.userId : undefined);
  const firmWide = can(member.role, 'dashboard.firm');
  const team = firmWide ? listTeam(member).filter((u) => u.active) : [];
  // Money from invoices is for those who keep them (owner and staff), whatever the hours scope.
  const money = can(member.role, 'invoices.read') ? getInvoicedMoney(member) : null;
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

      <BudgetAlerts people={budget.people} />

      {data.microCreepWarning ? (
        <p
          role="alert"
          className="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 font-medium text-red-900"
          data-testid="micro-warning"
        >
          Micro work is growing while marketing falls short: last week micro clients took {pct(data.microShareLastWeek)} of client hours (up
          from {pct(data.microSharePrior4)} over the 4 weeks before) and marketing got {formatHours(data.lastWeek.minutes.marketing)} of its{' '}
          {formatHours(target)}.
        </p>
      ) : null}

      <ThisWeekStats
        data={data}
        marketing={marketing}
        target={target}
        progress={progress}
        skipped={skipped}
        targetRateCents={firm.targetHourlyRateCents}
      />

      <MarketingBudgetSection people={budget.people} trend={budget.trend} firmWide={data.scope.kind === 'firm'} />

      {money ? <InvoicedMoney money={money} /> : null}

      <WeeksSection weeks={data.weeks} chartWeeks={chartWeeks} />

      <TiersSection perTier={data.perTier} />

      <ClientsToWatch data={data} proposeContracts={can(member.role, 'invoices.write')} />
    </>
  );
}
