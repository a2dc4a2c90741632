'use client';

import { startTransition, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { bookedText, daySummary } from '@/lib/schedule-grid/summary';
import type { GridColumn, GridSection } from '@/lib/schedule-grid/types';

/** How far beyond the screen (above and below) a person's grid is drawn before it scrolls in. */
const MARGIN = '100% 0px';

/** The column of `date` in view inside its sideways scroller (phones, tablets), as the grid does when the page opens. */
function scrollToDay(root: HTMLElement, date: string) {
  if (!window.matchMedia('(max-width: 1023.9px)').matches) return;
  const el = root.querySelector<HTMLElement>(`[data-scroller] [data-date="${date}"]`);
  const scroller = el?.closest<HTMLElement>('[data-scroller]');
  if (el && scroller) scroller.scrollLeft = el.offsetLeft - 48;
}

const badge = 'rounded px-1 text-[0.65rem] font-semibold uppercase tracking-wide text-white';

/** One person-day in short: the day, its hours or why it is off, what is booked, protected time and the grid's red flags. */
function DayCell({ column }: { column: GridColumn }) {
  const s = useMemo(() => daySummary(column), [column]);
  const flags = [...(s.overlaps ? [`Overlaps (${s.overlaps})`] : []), ...(s.overCap ? [`Over cap (${s.overCap})`] : [])];
  return (
    <li
      className={`min-w-0 border-slate-200 px-2 py-1 text-xs max-lg:border-t max-lg:first:border-t-0 lg:border-l ${column.isToday ? 'bg-brand-50' : ''}`}
      data-testid="day-summary"
      data-day={column.date}
      data-flags={flags.join(',')}
    >
      <p className="flex flex-wrap items-center gap-x-2 text-sm font-semibold">
        {column.heading}
        {column.isToday ? <span className={`${badge} bg-brand-700`}>Today</span> : null}
      </p>
      {column.off ? <p className="font-medium text-amber-950">{column.off}</p> : <p className="text-slate-600">{column.hoursText}</p>}
      <p>{bookedText(s)}</p>
      {s.protectedBlocks || s.busy ? (
        <p className="flex flex-wrap gap-1">
          {s.protectedBlocks ? <span className={`${badge} bg-violet-700`}>Protected ({s.protectedBlocks})</span> : null}
          {s.busy ? <span className={`${badge} bg-slate-700`}>Other calendar ({s.busy})</span> : null}
        </p>
      ) : null}
      {flags.length ? (
        <p className="flex flex-wrap gap-1">
          {flags.map((f) => (
            <span key={f} className={`${badge} bg-red-700`} data-testid="grid-flag">
              {f}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

type Props = {
  section: GridSection;
  /** Drawn from the start (the first people of the team's week, and every other view), or only when near the screen. */
  lazy: boolean;
  /** The grid's full height in px, kept by the summary so nothing below moves when the grid replaces it. */
  height: number;
  focusDate: string | null;
  children: ReactNode;
};

/**
 * A person's grid in the team's week, drawn only when it comes near the screen (or takes the keyboard's focus): until
 * then one line a day in its place, as tall as the grid, with the same red flags. Fifty people's weeks are thousands
 * of bookings; drawing and hydrating them all held a phone for seconds before the first people could be touched.
 * Once drawn a grid stays (a drag can travel to it).
 */
export function NearScreen({ section, lazy, height, focusDate, children }: Props) {
  const [near, setNear] = useState(!lazy);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const seen = new IntersectionObserver(
      (entries) => {
        // A transition: React draws the grid in slices that give way to the pointer and the scroll.
        if (entries.some((e) => e.isIntersecting)) startTransition(() => setNear(true));
      },
      { rootMargin: MARGIN },
    );
    seen.observe(el);
    return () => seen.disconnect();
  }, [near]);
  useEffect(() => {
    if (near && lazy && focusDate && ref.current) scrollToDay(ref.current, focusDate);
  }, [near, lazy, focusDate]);
  if (!lazy) return children;
  const name = section.person?.name ?? section.title;
  return (
    <div
      ref={ref}
      // In the tab order while it is a summary, so the keyboard reaches every person; focus draws the grid, and the
      // next Tab goes into it.
      tabIndex={near ? -1 : 0}
      onFocus={() => setNear(true)}
      role={near ? undefined : 'group'}
      aria-label={near ? undefined : `${name}’s week in short; its bookings show when it scrolls into view or takes focus`}
      className="rounded-lg focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
      data-testid={near ? 'week-grid' : 'week-summary'}
    >
      {near ? (
        children
      ) : (
        <ol
          className="grid overflow-hidden rounded-lg border border-slate-200 bg-white lg:auto-cols-fr lg:grid-flow-col lg:pl-12"
          style={{ minHeight: height }}
        >
          {section.columns.map((c) => (
            <DayCell key={c.key} column={c} />
          ))}
        </ol>
      )}
    </div>
  );
}
