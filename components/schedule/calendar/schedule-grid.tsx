'use client';

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { moveAppointmentAction, placeVisitAction } from '@/app/(app)/schedule/actions';
import { idle } from '@/lib/action-state';
import { formatMinute, timeOfDay, type HourClock } from '@/lib/time/clock';
import { dropMinute, lengthLabel, maxLength, PX_PER_MINUTE, resizedEnd, SLOT_MINUTES } from '@/lib/schedule-grid/layout';
import type { GridBoard, GridColumn } from '@/lib/schedule-grid/types';
import { BoardContext, type BoardState, type Refusal } from './board-context';
import { DragPreview, ResizePreview, type DragData } from './grid-item';
import { GridSectionView } from './grid-section';

/** Pointer first (the column under it); the keyboard has no pointer, so the column the booking overlaps most. */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** Arrow keys: up and down by one slot (15 minutes), left and right by one column (a day, or a consultant on the team's day). */
const coordinateGetter: KeyboardCoordinateGetter = (event, { active, currentCoordinates: c, context }) => {
  // The column the booking started in (a draggable's id starts with its column's key): every column is as wide.
  const column = context.droppableRects.get(String(active).split(':')[0]!);
  const step = SLOT_MINUTES * PX_PER_MINUTE;
  // Until dnd-kit has measured the columns (the first key right after pick-up), the column element itself.
  const width = column?.width ?? context.activeNode?.closest('li[data-date]')?.getBoundingClientRect().width ?? 0;
  const moves: Record<string, { x: number; y: number }> = {
    ArrowDown: { x: c.x, y: c.y + step },
    ArrowUp: { x: c.x, y: c.y - step },
    ArrowRight: { x: c.x + width, y: c.y },
    ArrowLeft: { x: c.x - width, y: c.y },
  };
  // A bottom edge moves only up and down: left and right would change nothing.
  const next =
    String(active).startsWith('resize:') && (event.code === 'ArrowRight' || event.code === 'ArrowLeft') ? undefined : moves[event.code];
  if (moves[event.code]) event.preventDefault();
  return next;
};

/**
 * A big team's week draws the first person's grid at once (the one on the screen when the page opens) and the others
 * when they come near the screen (./near-screen.tsx); a team of up to SMALL_TEAM people is drawn whole.
 */
const EAGER_SECTIONS = 1;
const SMALL_TEAM = 6;

const instructions =
  'To move a booking, press Space or Enter on it, then the arrow keys: up and down by 15 minutes, left and right by a column. Space or Enter drops it, Escape puts it back. To change its length, do the same on its end (the next button, “Change the end”): up and down by 15 minutes. The visit’s page has the same move as a form.';

type Props = {
  board: GridBoard;
  moveVisits: boolean;
  moveAppointments: boolean;
  /** The day the phone shows first (today, or a day from the previous or next week's link), or null for the first. */
  focusDate: string | null;
  /** The previous and next week's links, for the phone's day buttons at the ends of the week. */
  weekLinks: { prev: string; next: string };
  hoursEditable: readonly number[];
};

/** Where a booking was dropped; `end` when it was resized rather than moved. */
type Drop = { data: DragData; column: GridColumn; start: number; minutes: number; end?: number };

function dropOf(event: DragEndEvent, range: GridBoard['range']): Drop | null {
  const data = event.active.data.current as DragData | undefined;
  if (data?.resize) {
    const { startMinute: start, endMinute } = data.item;
    const end = resizedEnd(start, endMinute, event.delta.y, maxLength(data.item.type));
    return end === endMinute ? null : { data, column: data.column, start, minutes: end - start, end };
  }
  const column = (event.over?.data.current as { column: GridColumn } | undefined)?.column;
  const box = event.active.rect.current.translated;
  if (!data || !column || !box || !event.over) return null;
  const minutes = data.item.visit?.durationMinutes ?? data.item.endMinute - data.item.startMinute;
  const start = dropMinute(box.top - event.over.rect.top, minutes, range);
  const same = column.userId === data.column.userId && column.date === data.column.date && start === data.item.startMinute;
  return same ? null : { data, column, start, minutes };
}

/** What the grid says while a drop is checked. */
const sending = ({ data, column, start, end }: Drop, hours: HourClock) =>
  end === undefined
    ? `Moving ${data.item.title} to ${column.label} at ${timeOfDay(start, hours)}…`
    : `Changing the end of ${data.item.title} to ${timeOfDay(end, hours)}…`;

/** Sends a drop through the same server action as the visit's booking form (or the appointment's move), and reports. */
async function send({ data, column, start, end }: Drop): Promise<{ ok: boolean; message: string }> {
  // A visit's resize is the same placement with a new length: the same action, the same rules.
  const form = new FormData();
  form.set('userId', String(column.userId));
  form.set('date', column.date);
  form.set('start', formatMinute(start));
  let result;
  if (data.item.type === 'visit') {
    form.set('visitId', String(data.item.id));
    if (end !== undefined) form.set('durationMinutes', String(end - start));
    result = await placeVisitAction(idle, form);
  } else {
    form.set('appointmentId', String(data.item.id));
    if (end !== undefined) form.set('end', formatMinute(end));
    result = await moveAppointmentAction(idle, form);
  }
  return { ok: result.status === 'ok', message: result.message ?? (result.status === 'ok' ? 'Moved.' : 'Not moved.') };
}

/**
 * What a screen reader hears: a move names the column it is over; a resize names the new end each time it changes
 * (and only then: a pointer's every pixel says nothing new). `track` is the grid's onDragMove: how far the edge is now.
 */
function announcerFor(hours: HourClock): { announcements: Announcements; track: (e: DragMoveEvent) => void } {
  let dy = 0;
  let lastEnd: number | null = null;
  const endOf = (active: Active) => {
    const { item } = active.data.current as DragData;
    return resizedEnd(item.startMinute, item.endMinute, dy, maxLength(item.type));
  };
  const ends = (active: Active) => {
    const end = endOf(active);
    return `ends ${timeOfDay(end, hours)}, ${lengthLabel(end - (active.data.current as DragData).item.startMinute)}`;
  };
  const resizing = (active: Active) => !!(active.data.current as DragData | undefined)?.resize;
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const { item } = active.data.current as DragData;
      dy = 0;
      lastEnd = item.endMinute;
      return resizing(active)
        ? `Changing the end of ${item.title}, now ${ends(active)}. Up and down arrows by 15 minutes; Enter or Space keeps it, Escape cancels.`
        : `Picked up ${item.title}.`;
    },
    onDragMove: ({ active }) => {
      if (!resizing(active) || endOf(active) === lastEnd) return undefined;
      lastEnd = endOf(active);
      return `Now ${ends(active)}.`;
    },
    onDragOver: ({ active, over }) =>
      resizing(active) ? undefined : over ? `Over ${(over.data.current as { column: GridColumn }).column.label}.` : 'Outside the grid.',
    onDragEnd: ({ active, over }) =>
      resizing(active)
        ? `Set to ${ends(active)}; checking the rules.`
        : over
          ? `Dropped on ${(over.data.current as { column: GridColumn }).column.label}; checking the rules.`
          : 'Dropped outside the grid; nothing changed.',
    onDragCancel: ({ active }) => (resizing(active) ? 'Length unchanged.' : 'Move cancelled; nothing changed.'),
  };
  return { announcements, track: (e) => void (dy = e.delta.y) };
}

/** Where the columns scroll sideways (phones, tablets), start at the day asked for; the window itself is never scrolled. */
function usePhoneFocus(focusDate: string | null) {
  useEffect(() => {
    if (!focusDate || !window.matchMedia('(max-width: 1023.9px)').matches) return;
    for (const el of document.querySelectorAll<HTMLElement>(`[data-scroller] [data-date="${focusDate}"]`)) {
      const scroller = el.closest<HTMLElement>('[data-scroller]');
      if (scroller) scroller.scrollLeft = el.offsetLeft - 48;
    }
  }, [focusDate]);
}

function GridMessages({ said, refusal, dismiss }: { said: string; refusal: Refusal | null; dismiss: () => void }) {
  return (
    <>
      <div aria-live="polite" className="mb-2 text-sm font-medium text-green-800" data-testid="grid-status">
        {said}
      </div>
      {refusal ? (
        <div
          role="alert"
          className="mb-3 flex flex-wrap items-start justify-between gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
          data-testid="grid-refusal"
        >
          <p>
            <span className="font-semibold">{refusal.resized ? 'Length not changed: ' : 'Not moved: '}</span>
            {refusal.message}
          </p>
          <button type="button" className="min-h-11 font-medium underline underline-offset-2" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}

/**
 * The schedule's time grid with drag and drop (dnd-kit: mouse, touch after a short press, and the keyboard). Every
 * drop goes to the server, which checks it with the booking form's rules in one transaction; a refusal leaves
 * everything where it was and says which rule, and the page shows the stored schedule again after a move.
 */
export function ScheduleGrid({ board, moveVisits, moveAppointments, focusDate, weekLinks, hoursEditable }: Props) {
  const [drag, setDrag] = useState<DragData | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [said, setSaid] = useState('');
  const [pending, startTransition] = useTransition();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    // Scrolling instantly, not smoothly: dnd-kit moves a keyboard drag past mid-screen by scrolling the page instead, and a key
    // pressed while a smooth scroll still runs landed a slot off.
    useSensor(KeyboardSensor, { coordinateGetter, scrollBehavior: 'auto' }),
  );
  usePhoneFocus(focusDate);
  const { announcements, track } = useMemo(() => announcerFor(board.hours), [board.hours]);
  const state: BoardState = useMemo(
    () => ({ range: board.range, hours: board.hours, moveVisits, moveAppointments, drag, refusal }),
    [board.range, board.hours, moveVisits, moveAppointments, drag, refusal],
  );
  const onDragStart = (e: DragStartEvent) => {
    setRefusal(null);
    setSaid('');
    setDrag(e.active.data.current as DragData);
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDrag(null);
    const drop = dropOf(e, board.range);
    if (!drop) return;
    setSaid(sending(drop, board.hours));
    startTransition(async () => {
      const { ok, message } = await send(drop);
      if (ok) setSaid(message);
      else {
        setSaid('');
        setRefusal({ columnKey: drop.column.key, start: drop.start, minutes: drop.minutes, message, resized: drop.end !== undefined });
      }
    });
  };
  return (
    // One element: the page lays the grid out beside the open requests, and dnd-kit adds its own (hidden) nodes here.
    <div className="min-w-0">
      <BoardContext.Provider value={state}>
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          onDragStart={onDragStart}
          onDragMove={track}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDrag(null)}
          accessibility={{ announcements, screenReaderInstructions: { draggable: instructions } }}
          autoScroll={{ threshold: { x: 0.15, y: 0.08 } }}
        >
          <GridMessages said={pending && !said ? 'Saving…' : said} refusal={refusal} dismiss={() => setRefusal(null)} />
          <div className="space-y-8">
            {board.sections.map((section, index) => (
              <GridSectionView
                key={section.key}
                section={section}
                board={board}
                first={index === 0}
                weekLinks={weekLinks}
                canSetHours={section.person ? hoursEditable.includes(section.person.id) : false}
                lazy={board.sections.length > SMALL_TEAM && index >= EAGER_SECTIONS}
                focusDate={focusDate}
              />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {drag?.resize ? (
              <ResizePreview data={drag} hours={board.hours} />
            ) : drag ? (
              <DragPreview
                data={drag}
                hours={board.hours}
                height={Math.max(18, (drag.item.endMinute - drag.item.startMinute) * PX_PER_MINUTE)}
              />
            ) : null}
          </DragOverlay>
        </DndContext>
      </BoardContext.Provider>
    </div>
  );
}
