import type { WeekView } from '@/lib/dal/week';
import { dayLabel, formatHours, timeSpan, type HourClock } from '@/lib/time/format';
import { gridRange, overCap, type Span } from './layout';
import { itemKey, type GridBoard, type GridColumn, type GridSection, type GridView } from './types';

/**
 * The schedule's time grid as plain data, made on the server from the week:
 * sections (one per person for the week and a person's day; one for the team's
 * day, a column per consultant) of columns (a person's day), with the grid's
 * hours, today and "now". The client grid draws it and moves bookings on it.
 */

type Person = WeekView['people'][number];

function capText(p: Person, targetMinutes: number): string {
  const cap = p.person.microCapMinutesPerWeek;
  return `Micro visits this week: ${formatHours(p.microMinutes)}${cap !== null ? ` of a ${formatHours(cap)} cap` : ' (no cap)'}${
    cap !== null && p.microMinutes > cap ? ' — over the cap' : ''
  } · marketing ${formatHours(p.person.weeklyMarketingMinutes ?? targetMinutes)} a week${
    p.person.weeklyMarketingMinutes === null ? ' (the firm’s target)' : ''
  }`;
}

function column(p: Person, date: string, opts: { today: string; anchor: boolean; hours: HourClock; heading: string; over: Set<string> }) {
  const day = p.days.find((d) => d.date === date)!;
  const isToday = date === opts.today;
  const cap = p.person.microCapMinutesPerWeek;
  return {
    key: `col-${p.person.id}-${date}`,
    userId: p.person.id,
    date,
    heading: opts.heading,
    label: `${p.person.name}, ${dayLabel(date)}${isToday ? ' (today)' : ''}`,
    isToday,
    anchor: opts.anchor && isToday,
    hours: day.hours,
    hoursText: day.hours.length ? `Works ${day.hours.map(([a, b]) => timeSpan(a, b, opts.hours)).join(', ')}` : 'Not working',
    off: day.off,
    items: day.items,
    overCap: day.items.map(itemKey).filter((k) => opts.over.has(k)),
    capLeft: cap === null ? null : Math.max(0, cap - p.microMinutes),
  } satisfies GridColumn;
}

/** The micro visits of the person's week that push it over the cap, by item key. */
function overCapKeys(p: Person): Set<string> {
  const visits = p.days.flatMap((d) => d.items.filter((i) => i.type === 'visit' && i.visit?.micro));
  return overCap(
    visits.map((v) => ({ key: itemKey(v), startsAt: v.startsAt, minutes: v.visit!.durationMinutes })),
    p.person.microCapMinutesPerWeek,
  );
}

type BoardOptions = { view: GridView; day: string; today: string; nowMinute: number | null; hours: HourClock; team: boolean };

/**
 * The week: a section per person, a column per day (the weekend only when someone works or has something then, or
 * today is in it). The day: the team's as one section with a column per consultant (the dispatch board), a
 * person's as their one column.
 */
export function buildBoard(week: WeekView, opts: BoardOptions): GridBoard {
  const todayIndex = week.dates.indexOf(opts.today);
  const weekend = todayIndex >= 5 || week.people.some((p) => p.days.slice(5).some((d) => d.hours.length || d.items.length));
  const dates = opts.view === 'day' ? [opts.day] : weekend ? week.dates : week.dates.slice(0, 5);
  const base = { today: opts.today, hours: opts.hours };
  let sections: GridSection[];
  if (opts.view === 'day' && opts.team) {
    sections = [
      {
        key: 'team',
        title: `The team, ${dayLabel(opts.day)}`,
        person: null,
        columns: week.people.map((p, i) => column(p, opts.day, { ...base, anchor: i === 0, heading: p.person.name, over: overCapKeys(p) })),
      },
    ];
  } else {
    sections = week.people.map((p, index) => {
      const over = overCapKeys(p);
      return {
        key: `person-${p.person.id}`,
        title: p.person.name,
        person: {
          id: p.person.id,
          name: p.person.name,
          capText: capText(p, week.weeklyMarketingTargetMinutes),
          noHours: p.days.every((d) => d.hours.length === 0),
        },
        columns: dates.map((date) => column(p, date, { ...base, anchor: index === 0, heading: dayLabel(date), over })),
      };
    });
  }
  const spans: Span[] = sections.flatMap((s) =>
    s.columns.flatMap((c) => [
      // An hour either side of working hours, so where they begin and end shows.
      ...c.hours.map(([a, b]): Span => [a - 60, b + 60]),
      ...c.items.map((i): Span => [i.startMinute - (i.visit?.travelMinutes ?? 0), i.endMinute + (i.visit?.travelMinutes ?? 0)]),
    ]),
  );
  const range = gridRange(spans);
  return { view: opts.view, range, sections, nowMinute: dates.includes(opts.today) ? opts.nowMinute : null, hours: opts.hours };
}
