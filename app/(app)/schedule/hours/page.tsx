import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { MicroCapForm, WorkingHoursForm } from '@/components/schedule/forms';
import { PageHeader } from '@/components/ui/page-header';
import { getWorkingHours } from '@/lib/dal/working-hours';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { formatMinute } from '@/lib/time/format';
import { personFromQuery } from '../who';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Working hours' };

export default async function HoursPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const person = personFromQuery(member, (await searchParams).who);
  const { days } = getWorkingHours(member, person.id);
  const text = days.map((list) => list.map(([a, b]) => `${formatMinute(a)}-${formatMinute(b)}`).join(', '));
  return (
    <>
      <PageHeader
        title={`Working hours — ${person.name}`}
        description="Visits, with their travel, are only booked inside these intervals."
      />
      <p className="mb-4">
        <Link href={`/schedule?who=${person.id}`} className="underline underline-offset-2">
          ← Back to the week
        </Link>
      </p>
      <div className="space-y-6">
        <section className={`${cardClass} p-5`}>
          <WorkingHoursForm userId={person.id} days={text} />
        </section>
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-2 text-lg font-semibold">Micro-client cap</h2>
          {can(member.role, 'schedule.manage') ? (
            <MicroCapForm
              userId={person.id}
              capHours={person.microCapMinutesPerWeek === null ? '' : String(person.microCapMinutesPerWeek / 60)}
            />
          ) : (
            <p>
              {person.microCapMinutesPerWeek === null
                ? 'No weekly cap.'
                : `At most ${(person.microCapMinutesPerWeek / 60).toFixed(1)} h of micro-client visits a week (set by the owner or office staff).`}
            </p>
          )}
        </section>
      </div>
    </>
  );
}
