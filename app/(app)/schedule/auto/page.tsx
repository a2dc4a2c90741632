import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { AutoScheduleForm } from '@/components/schedule/forms';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { requireMember } from '@/lib/dal/session';
import { latestJob } from '@/lib/jobs/registry';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Auto-schedule' };

export default async function AutoSchedulePage() {
  const member = await requireMember();
  if (!can(member.role, 'schedule.manage')) return <AccessDenied permission="schedule.manage" what="the auto-scheduler" />;
  return (
    <>
      <PageHeader
        title="Auto-schedule"
        description="Places every open request into working hours, never into protected marketing time, appointments or another visit, with travel counted and weekly micro caps respected. Nothing is booked until you accept."
      />
      <p className="mb-4">
        <Link href="/schedule" className="underline underline-offset-2">
          ← Back to the week
        </Link>
      </p>
      {/* Coming back to the page shows the firm's running preview, or its result. */}
      <AutoScheduleForm initialJobId={latestJob(member, 'auto-schedule')?.id ?? null} />
    </>
  );
}
