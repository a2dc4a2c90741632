import type { Metadata } from 'next';
import { MarketingAllotmentForm, MicroCapForm, WorkingHoursForm } from '@/components/schedule/forms';
import { getWorkingHours } from '@/lib/dal/working-hours';
import type { Person } from '@/lib/dal/people';
import { requireMember, type Member } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { formatHours, minutesToHoursInput, timeOfDay } from '@/lib/time/format';
import { getFirm, getTimeStyle } from '@/lib/dal/firm';
import { choosePerson } from '../who';
import { PersonPageTop } from '../whose';
import { cardClass } from '@/components/ui/styles';
import { MarketingWindowForm } from '@/components/schedule/marketing-window-form';
import { getMarketingWindow, mayEditMarketingWindow } from '@/lib/dal/marketing-window';
import { windowWords } from '@/lib/planning/window-words';
import { formatMinute } from '@/lib/time/clock';

export const metadata: Metadata = { title: 'Working hours' };

const description = 'Visits, with their travel, are only booked inside these intervals.';

export default async function HoursPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const { person, people } = choosePerson(member, (await searchParams).who);
  return (
    <>
      <PersonPageTop
        title="Working hours"
        description={description}
        person={person}
        people={people}
        what="working hours"
        action="/schedule/hours"
      />
      {person ? <PersonHours member={member} person={person} /> : null}
    </>
  );
}

function PersonHours({ member, person }: { member: Member; person: Person }) {
  const { days } = getWorkingHours(member, person.id);
  // Written on the firm's clock, as the field reads back either clock.
  const { hours } = getTimeStyle(member);
  const text = days.map((list) => list.map(([a, b]) => `${timeOfDay(a, hours)}-${timeOfDay(b, hours)}`).join(', '));
  return (
    <div className="space-y-6">
      <section className={`${cardClass} p-5`}>
        {days.every((d) => d.length === 0) ? (
          // A new member starts with none, and the auto-scheduler books nobody without them: say so.
          <p
            className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900"
            data-testid="no-hours"
          >
            No working hours yet: the auto-scheduler will not book {person.name} until they are set.
          </p>
        ) : null}
        <WorkingHoursForm userId={person.id} days={text} hours={hours} />
      </section>
      <section className={`${cardClass} p-5`}>
        <h2 className="mb-2 text-lg font-semibold">Micro-client cap</h2>
        {can(member.role, 'schedule.manage') ? (
          <MicroCapForm
            userId={person.id}
            capHours={person.microCapMinutesPerWeek === null ? '' : minutesToHoursInput(person.microCapMinutesPerWeek)}
          />
        ) : (
          <p>
            {person.microCapMinutesPerWeek === null
              ? 'No weekly cap.'
              : `At most ${formatHours(person.microCapMinutesPerWeek)} of micro-client visits a week (set by the owner or office staff).`}
          </p>
        )}
      </section>
      <MarketingAllotment member={member} person={person} />
      <MarketingWindow member={member} person={person} />
    </div>
  );
}

/** The person's weekly marketing allotment: the owner sets it (empty: the firm's target); everyone else reads it. */
function MarketingAllotment({ member, person }: { member: Member; person: Person }) {
  const target = getFirm(member).weeklyMarketingTargetMinutes;
  const own = person.weeklyMarketingMinutes;
  return (
    <section className={`${cardClass} p-5`}>
      <h2 className="mb-2 text-lg font-semibold">Marketing allotment</h2>
      {can(member.role, 'firm.settings') ? (
        <MarketingAllotmentForm userId={person.id} hours={own === null ? '' : minutesToHoursInput(own)} firmTarget={formatHours(target)} />
      ) : (
        <p data-testid="marketing-allotment">
          {own === null
            ? `${formatHours(target)} of marketing a week, the firm’s target.`
            : `${formatHours(own)} of marketing a week (set by the owner; the firm’s target is ${formatHours(target)}).`}
        </p>
      )}
    </section>
  );
}

/** Where the person would like their flexible marketing hours: theirs to set (and the owner's); others read it. */
function MarketingWindow({ member, person }: { member: Member; person: Person }) {
  const window = getMarketingWindow(member, person.id);
  const { hours } = getTimeStyle(member);
  return (
    <section className={`${cardClass} p-5`} aria-labelledby="marketing-window-heading">
      <h2 id="marketing-window-heading" className="mb-2 text-lg font-semibold">
        Flexible marketing hours
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        When the fixed marketing blocks do not cover what is owed, the rest is kept free for marketing: inside this window first (its latest
        hours first), then from the end of the week. The window stays bookable while the rest of the week can still hold what is owed.
      </p>
      {mayEditMarketingWindow(member, person.id) ? (
        <MarketingWindowForm
          userId={person.id}
          weekdays={window?.weekdays ?? []}
          start={window ? formatMinute(window.startMinute) : ''}
          end={window ? formatMinute(window.endMinute) : ''}
        />
      ) : (
        <p data-testid="marketing-window">
          {window
            ? `${windowWords(window, hours)} (set by ${person.name} or the owner).`
            : 'No window: the time kept is the week’s latest free time.'}
        </p>
      )}
    </section>
  );
}
