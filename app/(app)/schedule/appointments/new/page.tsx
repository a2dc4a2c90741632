import type { Metadata } from 'next';
import { AppointmentForm } from '@/components/schedule/forms';
import { PageHeader } from '@/components/ui/page-header';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { listSchedulablePeople } from '@/lib/dal/people';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { today } from '@/lib/time/zoned';
import { personFromQuery } from '../../who';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'New appointment' };

export default async function NewAppointmentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const person = personFromQuery(member, (await searchParams).who);
  const people = can(member.role, 'schedule.manage') ? listSchedulablePeople(member) : [person];
  return (
    <>
      <PageHeader
        title="New appointment"
        description="Sweet-spot work and other busy time. The scheduler books nothing over it; it may not overlap protected marketing time."
      />
      <section className={`${cardClass} p-5`}>
        <AppointmentForm
          people={people.map((p) => ({ value: String(p.id), label: p.name }))}
          userId={person.id}
          clients={listClientOptions(member)}
          defaultDate={today(getFirm(member).timeZone)}
        />
      </section>
    </>
  );
}
