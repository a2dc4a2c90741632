'use client';

import { useDroppable } from '@dnd-kit/core';
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { timeSpan } from '@/lib/time/clock';
import {
  allowedSpans,
  latestEnd,
  maxLength,
  nowTop,
  overlapLanes,
  place,
  PX_PER_MINUTE,
  type ColumnRules,
  type Mover,
  type Span,
} from '@/lib/schedule-grid/layout';
import { itemKey, type GridColumn } from '@/lib/schedule-grid/types';
import type { WeekItem } from '@/lib/dal/week';
import { GridItem, ResizeGhost, type DragData } from './grid-item';
import { useBoard } from './board-context';

const MINUTES_PER_DAY = 24 * 60;

/**
 * What the dragged booking may not touch in this column: protected blocks, and the other bookings with their travel.
 * Time kept for owed marketing is not in it: a booking may go there while the rest of the week still holds what is
 * owed (the server weighs that on the drop), and the kept time then moves.
 */
function taken(items: WeekItem[], except: string | null): Span[] {
  return items
    .filter((i) => `${i.type}-${i.id}` !== except && i.type !== 'reserve' && !(i.type === 'block' && !i.protectedBlock))
    .map((i): Span => [i.startMinute - (i.visit?.travelMinutes ?? 0), i.endMinute + (i.visit?.travelMinutes ?? 0)]);
}

/** The rules of this column for the dragged booking: window, allowed consultants, day off, cap (checked again on the server). */
export function columnRules(column: GridColumn, drag: DragData): ColumnRules {
  const v = drag.item.visit;
  const self = `${drag.item.type}-${drag.item.id}`;
  let closed = column.off !== null;
  if (v) {
    if (column.date < v.earliestDate || column.date > v.latestDate) closed = true;
    if (v.allowedUserIds.length && !v.allowedUserIds.includes(column.userId)) closed = true;
    const left = column.capLeft === null ? null : column.capLeft + (drag.column.userId === column.userId ? v.durationMinutes : 0);
    if (v.micro && left !== null && v.durationMinutes > left) closed = true;
  }
  return { hours: column.hours, taken: taken(column.items, self), closed };
}

export function moverOf(drag: DragData): Mover {
  const v = drag.item.visit;
  return v
    ? { durationMinutes: v.durationMinutes, travelMinutes: v.travelMinutes, needsWorkingHours: true }
    : { durationMinutes: drag.item.endMinute - drag.item.startMinute, travelMinutes: 0, needsWorkingHours: false };
}

/** The line at "now", moved on each minute by itself (the rest of the grid does not re-render). */
function NowLine({ minute }: { minute: number }) {
  const { range } = useBoard();
  const [now, setNow] = useState(minute);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setNow(Math.min(MINUTES_PER_DAY, minute + Math.floor((Date.now() - started) / 60_000))), 30_000);
    return () => clearInterval(timer);
  }, [minute]);
  const top = nowTop(now, range);
  if (top === null) return null;
  return (
    <div className="pointer-events-none absolute inset-x-0 z-20 border-t-2 border-red-600" style={{ top }} data-testid="now-line">
      <span className="absolute -top-2 -left-1 size-3 rounded-full bg-red-600" aria-hidden="true" />
      <span className="sr-only">Now</span>
    </div>
  );
}

const band = (span: Span, range: { start: number; end: number }): CSSProperties => {
  const { top, height } = place(span[0], span[1], range);
  return { top, height: Math.min(height, (span[1] - span[0]) * PX_PER_MINUTE) };
};

/** While a bottom edge is dragged, in its own column: from the booking's start to the latest end the rules allow. */
function resizeRoom(column: GridColumn, drag: DragData): Span[] {
  if (drag.column.key !== column.key) return [];
  const v = drag.item.visit;
  const capped = v?.micro && column.capLeft !== null ? column.capLeft + v.durationMinutes : Infinity;
  const end = latestEnd(moverOf(drag), columnRules(column, drag), drag.item.startMinute, Math.min(maxLength(drag.item.type), capped));
  return end === null ? [] : [[drag.item.startMinute, end]];
}

function ColumnBackground({ column }: { column: GridColumn }) {
  const { range, drag } = useBoard();
  const allowed = useMemo(
    () => (!drag ? null : drag.resize ? resizeRoom(column, drag) : allowedSpans(moverOf(drag), columnRules(column, drag))),
    [drag, column],
  );
  return (
    <>
      {column.hours.map((h) => (
        <div key={h[0]} className="absolute inset-x-0 bg-white" style={band(h, range)} data-testid="working-hours" aria-hidden="true" />
      ))}
      {allowed?.map((s) => (
        <div
          key={s[0]}
          className="absolute inset-x-0 z-0 border-y-2 border-dashed border-green-700 bg-green-200/60"
          style={band(s, range)}
          data-testid={drag?.resize ? 'allowed-end' : 'allowed-slot'}
          aria-hidden="true"
        />
      ))}
    </>
  );
}

function TravelBands({ item, style }: { item: WeekItem; style: CSSProperties }) {
  const { range } = useBoard();
  const t = item.visit?.travelMinutes ?? 0;
  if (!t || item.open) return null;
  const cls = 'pointer-events-none absolute bg-[repeating-linear-gradient(90deg,#bbf7d0_0,#bbf7d0_3px,transparent_3px,transparent_6px)]';
  return (
    <>
      {(
        [
          [item.startMinute - t, item.startMinute],
          [item.endMinute, item.endMinute + t],
        ] as Span[]
      ).map((s) => (
        <div
          key={s[0]}
          className={cls}
          style={{ ...band(s, range), left: style.left, width: style.width }}
          aria-hidden="true"
          data-testid="travel"
        />
      ))}
    </>
  );
}

/**
 * The column as a drop target. dnd-kit re-renders every droppable whenever the column under the pointer changes; only
 * this frame renders again then (its outline), not the bookings inside, which its parent made.
 */
function ColumnDrop({ column, height, children }: { column: GridColumn; height: number; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: column.key, data: { column } });
  return (
    <div
      ref={setNodeRef}
      className={`relative bg-slate-100 bg-[repeating-linear-gradient(180deg,transparent_0,transparent_59px,#e2e8f0_59px,#e2e8f0_60px)] ${isOver ? 'outline-2 -outline-offset-2 outline-brand-700' : ''}`}
      style={{ height }}
    >
      {children}
    </div>
  );
}

/** One person's day on the grid: working hours white on grey, bookings by their minutes in lanes, the drop target of a drag. */
export function GridColumnBody({ column, nowMinute }: { column: GridColumn; nowMinute: number | null }) {
  const board = useBoard();
  const { range, hours } = board;
  const placed = useMemo(() => {
    const all = column.items.map((i) => ({ key: itemKey(i), start: i.startMinute, end: Math.max(i.endMinute, i.startMinute + 15) }));
    const live = column.items.filter((i) => !(i.type === 'block' && i.skipped) && i.type !== 'reserve');
    const flagged = overlapLanes(live.map((i) => ({ key: itemKey(i), start: i.startMinute, end: i.endMinute })));
    const lanes = overlapLanes(all);
    return column.items.map((item) => {
      const key = itemKey(item);
      const lane = lanes.get(key) ?? { lane: 0, lanes: 1 };
      const { top, height } = place(item.startMinute, Math.max(item.endMinute, item.startMinute + 1), range);
      const style = {
        top,
        height,
        left: `calc(${(lane.lane / lane.lanes) * 100}% + 2px)`,
        width: `calc(${100 / lane.lanes}% - 4px)`,
        '--h': `${height}px`,
      } as CSSProperties;
      const flags = [
        ...(flagged.get(key)?.overlaps && item.type !== 'block' ? ['Overlaps'] : []),
        ...(column.overCap.includes(key) ? ['Over cap'] : []),
      ];
      return { item, key, style, flags };
    });
  }, [column.items, column.overCap, range]);
  const refusal = board.refusal?.columnKey === column.key ? board.refusal : null;
  const resizing =
    board.drag?.resize && board.drag.column.key === column.key ? placed.find((p) => p.key === itemKey(board.drag!.item)) : null;
  return (
    <ColumnDrop column={column} height={(range.end - range.start) * PX_PER_MINUTE}>
      <ColumnBackground column={column} />
      {column.off ? (
        <p
          className="absolute inset-x-1 top-1 z-10 rounded bg-amber-100 px-2 py-1 text-sm font-medium text-amber-950"
          data-testid="day-off"
        >
          {column.off}
        </p>
      ) : null}
      {placed.map(({ item, key, style }) => (
        <TravelBands key={`t-${key}`} item={item} style={style} />
      ))}
      <ul aria-label={`Bookings, ${column.label}`}>
        {placed.map(({ item, key, style, flags }) => (
          <GridItem
            key={key}
            item={item}
            column={column}
            hours={hours}
            flags={flags}
            style={style}
            editable={board.moveAppointments}
            movable={
              item.type === 'appointment' ? board.moveAppointments : item.type === 'visit' && board.moveVisits && !!item.visit?.movable
            }
          />
        ))}
      </ul>
      {column.items.length === 0 && !column.off ? <p className="sr-only">Nothing booked</p> : null}
      {resizing ? <ResizeGhost data={board.drag!} style={resizing.style} range={range} /> : null}
      {nowMinute !== null ? <NowLine minute={nowMinute} /> : null}
      {refusal ? (
        <div
          // A refused length says so at the end it tried (its start is under the card, which stays where it was).
          className={`pointer-events-none absolute inset-x-0 z-20 flex flex-col rounded border-2 border-dashed border-red-700 bg-red-100/80 ${refusal.resized ? 'justify-end' : ''}`}
          style={band([refusal.start, refusal.start + refusal.minutes], range)}
          data-testid="refused-drop"
          aria-hidden="true"
        >
          <span className="px-1 text-xs font-semibold text-red-900">
            {timeSpan(refusal.start, refusal.start + refusal.minutes, hours)} refused
          </span>
        </div>
      ) : null}
    </ColumnDrop>
  );
}
