import type { Metadata } from 'next';
import { BlockForm } from '@/components/schedule/marketing-forms';
import { cardClass } from '@/components/ui/styles';
import { listDaysOff } from '@/lib/dal/days-off';
import { getFirm, getTimeStyle } from '@/lib/dal/firm';
import { listMarketing } from '@/lib/dal/marketing-blocks';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { today } from '@/lib/time/zoned';
import { choosePerson } from '../who';
import { PersonPageTop } from '../whose';
import { DaysOffSection, OccurrencesSection, RulesSection } from './sections';

export const metadata: Metadata = { title: 'Marketing blocks' };

const description =
  'Reserved first. Nothing can be booked over these blocks; only skipping or moving one occurrence, with a reason, frees its time.';

export default async function MarketingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const { person, people } = choosePerson(member, (await searchParams).who);
  const top = (
    <PersonPageTop
      title="Protected marketing time"
      description={description}
      person={person}
      people={people}
      what="marketing blocks"
      action="/schedule/marketing"
    />
  );
  if (!person) return top;
  const firm = getFirm(member);
  const from = today(firm.timeZone);
  const { rules, occurrences } = listMarketing(member, person.id, from, 4);
  const { holidays, timeOff } = listDaysOff(member, person.id, from);
  const { hours } = getTimeStyle(member);
  return (
    <>
      {top}
      <div className="space-y-6">
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Add a block</h2>
          <BlockForm userId={person.id} defaultDate={from} />
        </section>
        <RulesSection rules={rules} from={from} hours={hours} />
        <OccurrencesSection occurrences={occurrences} hours={hours} />
        <DaysOffSection holidays={holidays} timeOff={timeOff} userId={person.id} from={from} owner={can(member.role, 'firm.settings')} />
      </div>
    </>
  );
}
