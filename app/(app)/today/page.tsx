import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { TodayBoard } from '@/components/today/today-board';
import { todayDescription } from '@/components/today/styles';
import { PageHeader } from '@/components/ui/page-header';
import { getToday } from '@/lib/dal/field';
import { budgetView } from '@/lib/dal/marketing-budget';
import { BudgetAlerts } from '@/components/dashboard/marketing-budget';
import { requireMember } from '@/lib/dal/session';
import { keepTiersFresh } from '@/lib/dal/tiers';
import { can } from '@/lib/permissions';
import { dayLabel } from '@/lib/time/format';
import { cardClass } from '@/components/ui/styles';
import { OfflineReady } from '@/components/offline/offline-ready';

export const metadata: Metadata = { title: 'Today' };

export default async function TodayPage() {
  const member = await requireMember();
  keepTiersFresh(member); // its cards show each client's tier
  const data = getToday(member);
  // The 80 %/95 % warnings: the whole firm's for those who see it, else one's own.
  const budget = budgetView(
    member,
    can(member.role, 'dashboard.firm') ? { kind: 'firm' } : { kind: 'user', userId: member.userId, name: '' },
  );
  return (
    <>
      <BudgetAlerts people={budget.people} />
      {can(member.role, 'schedule.own') ? (
        <TodayBoard data={data} userId={member.userId} dayLabel={dayLabel(data.date)} />
      ) : (
        <>
          <PageHeader title="Today" description={todayDescription(dayLabel(data.date), data.visits.length)} />
          <p className={`${cardClass} p-4`}>Office staff have no visits of their own; the team’s day is on the Schedule page.</p>
        </>
      )}
      <p className="mt-6 text-sm text-slate-600">
        Location at check-in and check-out is {data.shareLocation ? 'recorded' : 'not recorded'} for you (
        <Link href="/settings/profile" className="underline underline-offset-2">
          change
        </Link>
        ). Log marketing or admin time on your{' '}
        <Link href="/timesheets" className="underline underline-offset-2">
          timesheet
        </Link>
        .
      </p>
      <OfflineReady />
    </>
  );
}
