'use client';

import { useDndMonitor, useDraggable } from '@dnd-kit/core';
import { memo, useState, type CSSProperties } from 'react';
import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { DeleteAppointmentButton } from '@/components/schedule/delete-appointment-button';
import type { WeekItem } from '@/lib/dal/week';
import { timeOfDay, timeSpan, type HourClock } from '@/lib/time/clock';
import { visitStatusLabels } from '@/lib/labels';
import type { GridColumn } from '@/lib/schedule-grid/types';
import { lengthLabel, maxLength, place, resizedEnd } from '@/lib/schedule-grid/layout';

const itemStyle: Record<WeekItem['type'], string> = {
  // Protected time is striped and labelled, so it reads as "not bookable" without colour too.
  block: 'border-violet-400 bg-[repeating-linear-gradient(135deg,#f5f3ff_0,#f5f3ff_6px,#ede9fe_6px,#ede9fe_12px)] text-violet-950',
  // Free time kept for owed marketing: striped like a block, with a dashed edge (it moves as the week fills).
  reserve:
    'border-dashed border-violet-500 bg-[repeating-linear-gradient(135deg,#f5f3ff_0,#f5f3ff_6px,#ede9fe_6px,#ede9fe_12px)] text-violet-950',
  appointment: 'border-sky-500 bg-sky-50 text-sky-950',
  visit: 'border-green-600 bg-green-50 text-green-950',
  // Another calendar's event: grey and cross-hatched, labelled "Busy".
  busy: 'border-slate-500 bg-[repeating-linear-gradient(45deg,#f1f5f9_0,#f1f5f9_6px,#e2e8f0_6px,#e2e8f0_12px)] text-slate-900',
};

const resizeStyle = {
  appointment:
    'bg-sky-600/30 pointer-coarse:bg-sky-200 text-sky-900 hover:bg-sky-600/60 focus-visible:bg-sky-700 pointer-coarse:focus-visible:bg-sky-700 focus-visible:text-white',
  visit:
    'bg-green-700/30 pointer-coarse:bg-green-200 text-green-950 hover:bg-green-700/60 focus-visible:bg-green-800 pointer-coarse:focus-visible:bg-green-800 focus-visible:text-white',
};

/** What a dragged booking carries: itself and the column it left; `resize` when its bottom edge is dragged. */
export type DragData = { item: WeekItem; column: GridColumn; resize?: boolean };

export const itemTime = (item: WeekItem, hours: HourClock) =>
  item.open ? `since ${timeOfDay(item.startMinute, hours)}` : timeSpan(item.startMinute, item.endMinute, hours);

/** The words on a booking; the drag overlay shows them too (without links or buttons). */
function ItemText({ item, hours, flags, live }: { item: WeekItem; hours: HourClock; flags: string[]; live: boolean }) {
  const skipped = item.type === 'block' && item.skipped;
  const badge = 'rounded px-1 text-[0.65rem] font-semibold uppercase tracking-wide text-white';
  return (
    <>
      <p className="flex flex-wrap items-center gap-x-1.5 font-medium leading-4">
        <span className="tabular-nums">{itemTime(item, hours)}</span>
        {item.type === 'block' || item.type === 'reserve' ? (
          <span className={`${badge} bg-violet-700`}>{skipped ? 'Skipped' : 'Protected'}</span>
        ) : null}
        {item.type === 'appointment' ? <span className={`${badge} bg-sky-700`}>Busy</span> : null}
        {item.type === 'busy' ? <span className={`${badge} bg-slate-700`}>Other calendar</span> : null}
        {flags.map((f) => (
          <span key={f} className={`${badge} bg-red-700`} data-testid="grid-flag">
            {f}
          </span>
        ))}
      </p>
      <p className="break-words leading-4">
        {item.type === 'visit' && live ? (
          <Link
            href={`/schedule/visits/${item.id}`}
            className="pointer-events-auto relative z-10 font-semibold underline underline-offset-2"
          >
            {item.title}
          </Link>
        ) : (
          <span className="font-semibold">{item.title}</span>
        )}
        {item.tier ? (
          <>
            {' '}
            <TierBadge tier={item.tier} />
          </>
        ) : null}
      </p>
      <p className="leading-4 opacity-80">
        {item.type === 'visit' && item.status ? `${visitStatusLabels[item.status]} · ` : null}
        {item.detail}
      </p>
    </>
  );
}

type ItemProps = {
  item: WeekItem;
  column: GridColumn;
  hours: HourClock;
  /** Red labels where the booking breaks a rule as it stands ("Overlaps", "Over cap"). */
  flags: string[];
  style: CSSProperties;
  /** May the viewer remove it (appointments) — and move it (`movable`). */
  editable: boolean;
  movable: boolean;
};

const cardClass = (item: WeekItem, flags: string[]) =>
  `group absolute overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-xs shadow-sm hover:z-30 hover:h-auto hover:min-h-(--h) focus-within:z-30 focus-within:h-auto focus-within:min-h-(--h) ${itemStyle[item.type]} ${
    item.type === 'block' && item.skipped ? 'opacity-60' : ''
  } ${flags.length ? 'ring-2 ring-red-600' : ''}`;

/**
 * A booking on the grid: placed by its minutes, and, when the viewer may move it, a handle covering it that drags
 * (pointer) or picks up (Space/Enter). Memoised, and its words too: dnd-kit re-renders every draggable whenever the
 * column under the pointer changes, and then only the card's frame and handle render again, not what is on it.
 */
export const GridItem = memo(function GridItem(props: ItemProps) {
  return props.movable ? <MovableItem {...props} /> : <ItemShell {...props} handle={null} />;
});

function MovableItem(props: ItemProps) {
  const { item, column, hours } = props;
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: `${column.key}:${item.type}-${item.id}`,
    data: { item, column } satisfies DragData,
  });
  const what = item.type === 'visit' ? `the visit to ${item.title}` : `the appointment “${item.title}”`;
  const handle = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...listeners}
      {...attributes}
      aria-label={`Move ${what}, ${column.heading} ${itemTime(item, hours)}`}
      className="absolute inset-0 z-0 cursor-grab touch-none rounded-md focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand-700"
      data-testid="move-handle"
    />
  );
  return (
    <ItemShell {...props} handle={handle} nodeRef={setNodeRef} dragging={isDragging}>
      {item.type === 'appointment' || item.visit ? <ResizeHandle item={item} column={column} hours={hours} what={what} /> : null}
    </ItemShell>
  );
}

/**
 * The bottom edge of a visit or an appointment: dragged (or picked up with Space or Enter and moved with the arrow keys)
 * it changes the end, and so the length. A thin edge for a mouse; where the pointer is a finger, a grip at the card's
 * bottom right corner, 44 px wide (24 px tall: a quarter-hour card is shorter than that), leaving the rest to move it.
 */
function ResizeHandle({ item, column, hours, what }: { item: WeekItem; column: GridColumn; hours: HourClock; what: string }) {
  const { setNodeRef, listeners, attributes } = useDraggable({
    id: `resize:${column.key}:${item.type}-${item.id}`,
    data: { item, column, resize: true } satisfies DragData,
  });
  return (
    <button
      type="button"
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      aria-label={`Change the end of ${what}, ${column.heading} ${itemTime(item, hours)}`}
      className={`absolute inset-x-0 bottom-0 z-20 h-2 cursor-ns-resize touch-none focus-visible:h-3 focus-visible:outline-2 focus-visible:outline-brand-700 pointer-coarse:left-auto pointer-coarse:h-6 pointer-coarse:w-11 pointer-coarse:rounded-tl-md pointer-coarse:focus-visible:h-6 ${resizeStyle[item.type === 'visit' ? 'visit' : 'appointment']}`}
      data-testid="resize-handle"
    >
      {/* Two lines: the grip a finger looks for. */}
      <span aria-hidden="true" className="pointer-events-none mx-auto hidden w-5 border-y-2 border-current py-px pointer-coarse:block" />
    </button>
  );
}

function ItemShell({
  item,
  column,
  hours,
  flags,
  style,
  editable,
  handle,
  nodeRef,
  dragging = false,
  children,
}: ItemProps & { handle: React.ReactNode; nodeRef?: (el: HTMLElement | null) => void; dragging?: boolean; children?: React.ReactNode }) {
  return (
    <li
      ref={nodeRef}
      style={style}
      className={`${cardClass(item, flags)} ${dragging ? 'opacity-40' : ''}`}
      data-testid="week-item"
      // Kept time is no booking: it has no link or button to name it, so the item names itself.
      aria-label={item.type === 'reserve' ? `${item.title}, ${column.heading} ${itemTime(item, hours)}` : undefined}
      data-type={item.type}
      data-protected={item.protectedBlock ? 'true' : 'false'}
      data-starts={item.startsAt}
      data-ends={item.endsAt}
      data-flags={flags.join(',')}
    >
      {handle}
      <ItemBody item={item} hours={hours} flags={flags} editable={editable} />
      {children}
    </li>
  );
}

/** What is on a card: its words, and the Remove button of an appointment the viewer may remove. */
const ItemBody = memo(function ItemBody({ item, hours, flags, editable }: Pick<ItemProps, 'item' | 'hours' | 'flags' | 'editable'>) {
  return (
    <div className="pointer-events-none relative">
      <ItemText item={item} hours={hours} flags={flags} live />
      {item.type === 'appointment' && editable ? (
        <div className="pointer-events-auto relative z-10">
          <DeleteAppointmentButton appointmentId={item.id} title={item.title} />
        </div>
      ) : null}
    </div>
  );
});

/** What follows the pointer (or the arrow keys) while a booking is dragged: a copy of its card, without controls. */
export function DragPreview({ data, hours, height }: { data: DragData; hours: HourClock; height: number }) {
  return (
    <div
      className={`overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-xs shadow-lg ring-2 ring-brand-700 ${itemStyle[data.item.type]}`}
      style={{ height }}
    >
      <ItemText item={data.item} hours={hours} flags={[]} live={false} />
    </div>
  );
}

/** Follows the dragged bottom edge of a booking with its new end and length; only this re-renders as the pointer moves. */
export function ResizePreview({ data, hours }: { data: DragData; hours: HourClock }) {
  const [dy, setDy] = useState(0);
  useDndMonitor({ onDragMove: (e) => setDy(e.delta.y) });
  const { startMinute: start } = data.item;
  const end = resizedEnd(start, data.item.endMinute, dy, maxLength(data.item.type));
  return (
    <div
      // Drawn leftwards from the edge's right end: on a phone the edge is a grip at the card's right, by the screen's edge.
      className={`absolute top-0 right-0 w-max rounded px-2 py-0.5 text-xs font-semibold text-white shadow-lg ${data.item.type === 'visit' ? 'bg-green-800' : 'bg-sky-800'}`}
      data-testid="resize-preview"
    >
      Ends {timeOfDay(end, hours)} ({timeSpan(start, end, hours)}, {lengthLabel(end - start)})
    </div>
  );
}

/**
 * The new extent of a booking whose bottom edge is being dragged, drawn in its own column and lane as a dashed outline
 * from its start to the snapped new end; like the preview, only this re-renders as the pointer moves.
 */
export function ResizeGhost({ data, style, range }: { data: DragData; style: CSSProperties; range: { start: number; end: number } }) {
  const [dy, setDy] = useState(0);
  useDndMonitor({ onDragMove: (e) => setDy(e.delta.y) });
  const { startMinute: start, endMinute } = data.item;
  const { top, height } = place(start, resizedEnd(start, endMinute, dy, maxLength(data.item.type)), range);
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute z-30 rounded-md border-2 border-dashed border-slate-900"
      style={{ top, height, left: style.left, width: style.width }}
      data-testid="resize-ghost"
    />
  );
}
