import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { DeleteAppointmentButton } from '@/components/schedule/delete-appointment-button';
import type { WeekItem, WeekView } from '@/lib/dal/week';
import { dayLabel, formatHours, timeOfDay, timeSpan, type HourClock } from '@/lib/time/format';
import { visitStatusLabels } from '@/lib/labels';

const itemStyle: Record<WeekItem['type'], string> = {
  // Protected time is striped and labelled, so it reads as "not bookable" without colour too.
  block: 'border-violet-400 bg-[repeating-linear-gradient(135deg,#f5f3ff_0,#f5f3ff_6px,#ede9fe_6px,#ede9fe_12px)] text-violet-950',
  appointment: 'border-sky-400 bg-sky-50 text-sky-950',
  visit: 'border-green-500 bg-green-50 text-green-950',
};

function Item({ item, editable, hours }: { item: WeekItem; editable: boolean; hours: HourClock }) {
  const time = item.open ? `since ${timeOfDay(item.startMinute, hours)}` : timeSpan(item.startMinute, item.endMinute, hours);
  const skipped = item.type === 'block' && item.skipped;
  return (
    <li
      className={`rounded-md border-l-4 px-2 py-1.5 text-sm ${itemStyle[item.type]} ${skipped ? 'opacity-60' : ''}`}
      data-testid="week-item"
      data-type={item.type}
      data-protected={item.protectedBlock ? 'true' : 'false'}
      data-starts={item.startsAt}
      data-ends={item.endsAt}
    >
      <p className="flex flex-wrap items-center gap-x-2 font-medium">
        <span className="tabular-nums">{time}</span>
        {item.type === 'block' ? (
          <span className="rounded bg-violet-700 px-1.5 text-xs font-semibold uppercase tracking-wide text-white">
            {skipped ? 'Skipped' : 'Protected'}
          </span>
        ) : null}
        {item.type === 'appointment' ? (
          <span className="rounded bg-sky-700 px-1.5 text-xs font-semibold uppercase tracking-wide text-white">Busy</span>
        ) : null}
      </p>
      <p className="break-words">
        {item.type === 'visit' ? (
          <Link href={`/schedule/visits/${item.id}`} className="font-semibold underline underline-offset-2">
            {item.title}
          </Link>
        ) : (
          item.title
        )}
        {item.tier ? (
          <>
            {' '}
            <TierBadge tier={item.tier} />
          </>
        ) : null}
      </p>
      <p className="text-xs opacity-80">
        {item.type === 'visit' && item.status ? `${visitStatusLabels[item.status]} · ` : null}
        {item.detail}
      </p>
      {item.type === 'appointment' && editable ? <DeleteAppointmentButton appointmentId={item.id} title={item.title} /> : null}
    </li>
  );
}

type Day = WeekView['people'][number]['days'][number];

/** One person's day. Today's is marked (aria-current="date") and is where "Jump to today" lands (`anchor`). */
function DayCard({
  name,
  day,
  editable,
  isToday,
  anchor,
  hours,
}: {
  name: string;
  day: Day;
  editable: boolean;
  isToday: boolean;
  anchor: boolean;
  hours: HourClock;
}) {
  return (
    <li
      id={anchor ? 'today' : undefined}
      aria-current={isToday ? 'date' : undefined}
      data-date={day.date}
      className={`scroll-mt-4 rounded-lg border bg-white p-2 ${isToday ? 'border-brand-700 ring-2 ring-brand-700/40' : 'border-slate-200'}`}
      aria-label={`${name}, ${dayLabel(day.date)}${isToday ? ' (today)' : ''}`}
    >
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        {dayLabel(day.date)}
        {isToday ? (
          <span className="rounded bg-brand-700 px-1.5 text-xs font-semibold uppercase tracking-wide text-white">Today</span>
        ) : null}
      </h3>
      <p className="mb-2 text-xs text-slate-500">
        {day.hours.length ? `Works ${day.hours.map(([a, b]) => timeSpan(a, b, hours)).join(', ')}` : 'Not working'}
      </p>
      {day.off ? (
        <p className="mb-2 rounded bg-amber-100 px-2 py-1 text-sm font-medium text-amber-950" data-testid="day-off">
          {day.off}
        </p>
      ) : null}
      {day.items.length ? (
        <ul className="space-y-1.5">
          {day.items.map((item) => (
            <Item key={`${item.type}-${item.id}-${item.startsAt}`} item={item} editable={editable} hours={hours} />
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-500">Nothing booked</p>
      )}
    </li>
  );
}

/** A person with no working hours at all is never booked by the auto-scheduler: say so where the week is read. */
function NoHours({ person, canSet }: { person: WeekView['people'][number]['person']; canSet: boolean }) {
  return (
    <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900" data-testid="no-hours">
      No working hours — {person.name} is never booked by the auto-scheduler.{' '}
      {canSet ? (
        <Link href={`/schedule/hours?who=${person.id}`} className="underline underline-offset-2">
          Set {person.name}’s working hours
        </Link>
      ) : (
        'Ask the office to set them.'
      )}
    </p>
  );
}

type WeekGridProps = {
  week: WeekView;
  /** The viewer may change these people's appointments (their own, or anyone's for managers). */
  editable: boolean;
  /** The firm's today, marked in the week when it is in it. */
  today: string;
  /** Whose working hours the viewer may set (a link where someone has none). */
  hoursEditable: readonly number[];
  /** The firm's 12/24-hour clock. */
  hours: HourClock;
};

export function WeekGrid({ week, editable, today, hoursEditable, hours }: WeekGridProps) {
  const todayIndex = week.dates.indexOf(today);
  // The weekend shows when anyone works or has something then, or when today is a Saturday or Sunday of this week.
  const weekend = todayIndex >= 5 || week.people.some((p) => p.days.slice(5).some((d) => d.hours.length || d.items.length));
  const dates = weekend ? week.dates : week.dates.slice(0, 5);
  return (
    <div className="space-y-8">
      {week.people.map(({ person, days, microMinutes }, index) => (
        <section key={person.id} aria-labelledby={`person-${person.id}`} data-testid={`week-${person.id}`}>
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id={`person-${person.id}`} className="text-lg font-semibold">
              {person.name}
            </h2>
            <p className="text-sm text-slate-600" data-testid="micro-cap">
              Micro visits this week: {formatHours(microMinutes)}
              {person.microCapMinutesPerWeek !== null ? ` of a ${formatHours(person.microCapMinutesPerWeek)} cap` : ' (no cap)'} · marketing
              target {formatHours(week.weeklyMarketingTargetMinutes)}
            </p>
          </div>
          {days.every((d) => d.hours.length === 0) ? <NoHours person={person} canSet={hoursEditable.includes(person.id)} /> : null}
          <ol className={`grid gap-3 sm:grid-cols-2 ${weekend ? 'lg:grid-cols-7' : 'lg:grid-cols-5'}`}>
            {dates.map((date) => (
              <DayCard
                key={date}
                name={person.name}
                day={days.find((d) => d.date === date)!}
                editable={editable}
                isToday={date === today}
                anchor={date === today && index === 0}
                hours={hours}
              />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
