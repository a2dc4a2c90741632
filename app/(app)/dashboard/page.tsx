import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, PageHeader } from '@/components/ui/empty-state';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { listTeam } from '@/lib/dal/team';
import { formatHours, formatMoney } from '@/lib/format';
import { roleLabels } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const member = await requireMember();
  const firm = getFirm(member);
  const team = listTeam(member).filter((u) => u.active);
  const facts = [
    { label: 'Weekly marketing target', value: formatHours(firm.weeklyMarketingTargetMinutes) },
    { label: 'Target hourly rate', value: formatMoney(firm.targetHourlyRateCents) },
    { label: 'Active team members', value: String(team.length) },
    { label: 'Time zone', value: firm.timeZone.replaceAll('_', ' ') },
  ];
  return (
    <>
      <PageHeader title={`Hello, ${member.name.split(' ')[0]}`} description={`${firm.name} · signed in as ${roleLabels[member.role].toLowerCase()}`} />
      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        {facts.map((f) => (
          <div key={f.label} className="rounded-xl border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{f.label}</dt>
            <dd className="mt-1 text-xl font-semibold">{f.value}</dd>
          </div>
        ))}
      </dl>
      <EmptyState title="No hours to chart yet">
        <p>
          Hours and money per tier, marketing hours against the {formatHours(firm.weeklyMarketingTargetMinutes)} weekly target and the micro share of
          the week appear here once client records and timesheets are in use. Neither is available in this version yet.
        </p>
        {member.role === 'owner' ? (
          <p className="mt-3">
            Meanwhile, check the <Link className="font-medium text-brand-700 underline" href="/settings/firm">tier thresholds and targets</Link> and{' '}
            <Link className="font-medium text-brand-700 underline" href="/settings/team">add your team</Link>.
          </p>
        ) : null}
      </EmptyState>
    </>
  );
}
