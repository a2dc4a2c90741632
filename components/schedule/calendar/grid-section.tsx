'use client';

import { Fragment, Suspense } from 'react';
import { Link } from '@/components/ui/link';
import { timeOfDay } from '@/lib/time/clock';
import { PX_PER_MINUTE } from '@/lib/schedule-grid/layout';
import type { GridBoard, GridColumn, GridSection } from '@/lib/schedule-grid/types';
import { GridColumnBody } from './grid-column';
import { NearScreen } from './near-screen';

const HEADER = 'h-16';
const HEADER_PX = 64;

/** A person with no working hours at all is never booked by the auto-scheduler: say so where the week is read. */
function NoHours({ person, canSet }: { person: NonNullable<GridSection['person']>; canSet: boolean }) {
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

function HourAxis({ board }: { board: GridBoard }) {
  const hours: number[] = [];
  for (let m = board.range.start; m < board.range.end; m += 60) hours.push(m);
  return (
    <div className="sticky left-0 z-20 w-12 shrink-0 border-r border-slate-200 bg-white" aria-hidden="true">
      <div className={HEADER} />
      <div className="relative" style={{ height: (board.range.end - board.range.start) * PX_PER_MINUTE }}>
        {hours.map((m) => (
          <span
            key={m}
            className="absolute right-1 -translate-y-1/2 text-[0.65rem] tabular-nums text-slate-600 first:translate-y-0"
            style={{ top: (m - board.range.start) * PX_PER_MINUTE }}
          >
            {timeOfDay(m, board.hours)}
          </span>
        ))}
      </div>
    </div>
  );
}

const domId = (c: GridColumn) => (c.anchor ? 'today' : c.key);

type StepLink = { href: string; label: string };

/** On a phone one column shows at a time: links to the one before and after (the next week's at the end). */
function PhoneSteps({ prev, next }: { prev: StepLink; next: StepLink }) {
  const cls =
    'inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border border-slate-300 bg-white text-base font-semibold';
  return (
    <>
      <a href={prev.href} className={`${cls} lg:hidden`} aria-label={prev.label}>
        ‹
      </a>
      <a href={next.href} className={`${cls} lg:hidden`} aria-label={next.label}>
        ›
      </a>
    </>
  );
}

function ColumnHead({ column, steps }: { column: GridColumn; steps: { prev: StepLink; next: StepLink } }) {
  return (
    <div className={`${HEADER} flex items-start justify-between gap-1 overflow-hidden border-b border-slate-200 px-2 py-1`}>
      <div className="min-w-0">
        <h3 className="flex flex-wrap items-center gap-x-2 text-sm leading-5 font-semibold">
          {column.heading}
          {column.isToday ? (
            <span className="rounded bg-brand-700 px-1.5 text-xs font-semibold uppercase tracking-wide text-white">Today</span>
          ) : null}
        </h3>
        <p className="truncate text-xs text-slate-600">{column.hoursText}</p>
      </div>
      <div className="flex shrink-0 gap-1">
        <PhoneSteps {...steps} />
      </div>
    </div>
  );
}

type SectionProps = {
  section: GridSection;
  board: GridBoard;
  first: boolean;
  weekLinks: { prev: string; next: string };
  canSetHours: boolean;
  /** A person of the team's week drawn only near the screen (./near-screen.tsx). */
  lazy: boolean;
  focusDate: string | null;
};

/** A person's week (or day), or the team's day: the hour axis, then a column per day or per consultant. */
export function GridSectionView({ section, board, weekLinks, canSetHours, lazy, focusDate }: SectionProps) {
  const cols = section.columns;
  const wide = cols.length <= 7;
  // The team's day (a column per person, 46 on the large firm): a boundary per column, so React hydrates each on its
  // own, yielding between them, as many short tasks rather than one that holds a phone for a second. A week's few
  // columns hydrate with the page: the server streams a large boundary's content after the page, and an update that
  // reaches a column still waiting for it (dnd-kit measuring its drop targets) made React draw that column anew and
  // left the streamed copy hidden in the page — a second, invisible copy of every booking in it.
  const Boundary = wide ? Fragment : Suspense;
  const noun = board.view === 'day' && !section.person ? 'person' : 'day';
  const step = (i: number, dir: -1 | 1): StepLink => {
    const other = cols[i + dir];
    if (other) return { href: `#${domId(other)}`, label: `${dir < 0 ? 'Previous' : 'Next'} ${noun}: ${other.heading}` };
    return dir < 0 ? { href: weekLinks.prev, label: 'Previous day' } : { href: weekLinks.next, label: 'Next day' };
  };
  const headingId = section.person ? `person-${section.person.id}` : `section-${section.key}`;
  return (
    <section aria-labelledby={headingId} data-testid={section.person ? `week-${section.person.id}` : 'team-day'}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {section.title}
        </h2>
        {section.person ? (
          <p
            className={`text-sm ${section.person.capText.includes('over the cap') ? 'font-semibold text-red-800' : 'text-slate-600'}`}
            data-testid="micro-cap"
          >
            {section.person.capText}
          </p>
        ) : null}
      </div>
      {section.person?.noHours ? <NoHours person={section.person} canSet={canSetHours} /> : null}
      <NearScreen
        section={section}
        lazy={lazy}
        height={HEADER_PX + (board.range.end - board.range.start) * PX_PER_MINUTE + 2}
        focusDate={focusDate}
      >
        {/* Columns that share the width (a week) need no scroller on a desktop; a team's fixed-width columns keep
          theirs, or the dispatch board ran under the open requests beside it. */}
        <div
          data-scroller
          className={`relative flex snap-x snap-mandatory overflow-x-auto rounded-lg border border-slate-200 bg-white ${wide ? 'lg:overflow-visible' : ''}`}
        >
          <HourAxis board={board} />
          <ol
            className={`flex flex-1 ${wide ? 'lg:grid lg:snap-none' : ''}`}
            style={wide ? { gridTemplateColumns: `repeat(${cols.length}, minmax(0, 1fr))` } : undefined}
          >
            {cols.map((column, i) => (
              <li
                key={column.key}
                id={domId(column)}
                aria-current={column.isToday ? 'date' : undefined}
                data-date={column.date}
                aria-label={column.label}
                className={`w-[calc(100vw-6.5rem)] shrink-0 snap-start scroll-ml-12 border-l border-slate-200 first:border-l-0 sm:w-72 ${wide ? 'lg:w-auto lg:min-w-0' : 'lg:w-44'} ${
                  column.isToday ? 'bg-brand-50' : ''
                }`}
              >
                <ColumnHead column={column} steps={{ prev: step(i, -1), next: step(i, 1) }} />
                <Boundary>
                  <GridColumnBody column={column} nowMinute={column.isToday ? board.nowMinute : null} />
                </Boundary>
              </li>
            ))}
          </ol>
        </div>
      </NearScreen>
    </section>
  );
}
