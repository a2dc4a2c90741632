import type { Metadata } from 'next';
import { RequestForm } from '@/components/schedule/forms';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { listSchedulablePeople } from '@/lib/dal/people';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { addDays, today } from '@/lib/time/zoned';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'New visit request' };

export default async function NewRequestPage() {
  const member = await requireMember();
  if (!can(member.role, 'schedule.manage')) return <AccessDenied permission="schedule.manage" what="the visit-request queue" />;
  const from = today(getFirm(member).timeZone);
  return (
    <>
      <PageHeader
        title="New visit request"
        description="“Schedule me when you can”: the auto-scheduler fits it into free time between the earliest and latest date."
      />
      <section className={`${cardClass} p-5`}>
        <RequestForm
          clients={listClientOptions(member)}
          people={listSchedulablePeople(member).map((p) => ({ value: String(p.id), label: p.name }))}
          defaultFrom={from}
          defaultTo={addDays(from, 13)}
        />
      </section>
    </>
  );
}
