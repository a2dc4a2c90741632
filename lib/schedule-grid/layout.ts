import { VISIT_MAX_MINUTES } from '@/lib/visit-limits';

/**
 * The time grid's geometry: where a booking sits in a day column, which lane
 * it takes when bookings overlap, where "now" is, which starts a dragged
 * booking could take, and which minute a drop lands on. Pure: minutes of the
 * local day in, pixels and minutes out, so the page and its tests agree.
 */

/** Minutes of the local day, [start, end). */
export type Span = readonly [number, number];

/** Height of one minute on the grid, in CSS pixels: an hour is 60 px. */
export const PX_PER_MINUTE = 1;
/** Drops and keyboard moves snap to this many minutes (the scheduler's slot). */
export const SLOT_MINUTES = 15;
/** A booking is never drawn shorter than this, so its time stays readable. */
export const MIN_HEIGHT_PX = 18;

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * The hours the grid shows: from the earliest working hour or booking to the
 * latest, on whole hours, never less than 08:00–17:00 when nothing is there.
 * Travel is included so a visit's travel is never cut off.
 */
export function gridRange(spans: Iterable<Span>, fallback: Span = [8 * HOUR, 17 * HOUR]): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const [a, b] of spans) {
    start = Math.min(start, a);
    end = Math.max(end, b);
  }
  if (start === Infinity) [start, end] = fallback;
  start = Math.max(0, Math.floor(start / HOUR) * HOUR);
  end = Math.min(DAY, Math.ceil(end / HOUR) * HOUR);
  if (end - start < 4 * HOUR) {
    end = Math.min(DAY, start + 4 * HOUR);
    start = end - 4 * HOUR;
  }
  return { start, end };
}

/** Top and height in pixels of [from, to) in a grid that starts at `gridStart`; clipped to the grid. */
export function place(from: number, to: number, range: { start: number; end: number }): { top: number; height: number } {
  const a = Math.max(from, range.start);
  const b = Math.min(to, range.end);
  return { top: (a - range.start) * PX_PER_MINUTE, height: Math.max(MIN_HEIGHT_PX, (b - a) * PX_PER_MINUTE) };
}

export type Lane = { lane: number; lanes: number; overlaps: boolean };

/**
 * Side-by-side lanes for overlapping bookings: each group of bookings that
 * overlap one another (directly or through a chain) is split into as few
 * lanes as needed, first fit by start time, and every member of a group of
 * two or more is flagged as overlapping.
 */
export function overlapLanes<K>(items: readonly { key: K; start: number; end: number }[]): Map<K, Lane> {
  const out = new Map<K, Lane>();
  const sorted = [...items].sort((x, y) => x.start - y.start || y.end - x.end);
  let group: { key: K; lane: number }[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const g of group) out.set(g.key, { lane: g.lane, lanes: laneEnds.length, overlaps: group.length > 1 });
    group = [];
    laneEnds = [];
  };
  for (const it of sorted) {
    if (it.start >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= it.start);
    if (lane === -1) lane = laneEnds.push(it.end) - 1;
    else laneEnds[lane] = it.end;
    group.push({ key: it.key, lane });
    groupEnd = group.length === 1 ? it.end : Math.max(groupEnd, it.end);
  }
  close();
  return out;
}

/** The "now" line's top in pixels, or null when now is outside the grid's hours. */
export function nowTop(nowMinute: number, range: { start: number; end: number }): number | null {
  if (nowMinute < range.start || nowMinute > range.end) return null;
  return (nowMinute - range.start) * PX_PER_MINUTE;
}

/** The minute a drop lands on: the dragged box's top, `offsetPx` below the column's top, snapped to the slot and kept in the grid. */
export function dropMinute(offsetPx: number, durationMinutes: number, range: { start: number; end: number }): number {
  const raw = range.start + offsetPx / PX_PER_MINUTE;
  const snapped = Math.round(raw / SLOT_MINUTES) * SLOT_MINUTES;
  const latest = Math.max(range.start, range.end - durationMinutes);
  return Math.min(Math.max(snapped, range.start), Math.floor(latest / SLOT_MINUTES) * SLOT_MINUTES);
}

/**
 * The new end of a booking whose bottom edge was dragged `dy` pixels: on the slot grid, at least one slot long, at most
 * `maxMinutes` long (a visit: ten hours), by midnight.
 */
export function resizedEnd(start: number, end: number, dy: number, maxMinutes = DAY): number {
  const moved = end + Math.round(dy / PX_PER_MINUTE / SLOT_MINUTES) * SLOT_MINUTES;
  return Math.min(DAY, start + maxMinutes, Math.max(start + SLOT_MINUTES, moved));
}

/** The longest a booking may be made by its bottom edge: a visit as long as a request may ask; an appointment to midnight. */
export const maxLength = (type: string) => (type === 'visit' ? VISIT_MAX_MINUTES : DAY);

/** A length as the resize shows it: "45 min", "1 h", "1 h 30 min". */
export function lengthLabel(minutes: number): string {
  const h = Math.floor(minutes / HOUR);
  const m = minutes % HOUR;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** What a dragged booking needs, for the shading of the starts the rules allow. */
export type Mover = {
  durationMinutes: number;
  /** Travel before and after (visits); 0 for an appointment. */
  travelMinutes: number;
  /** Visits must keep their travel inside working hours; appointments need not. */
  needsWorkingHours: boolean;
};

/** A column as the shading sees it: working hours, what is in the way (protected blocks, other bookings with their travel) and whether anything may go there at all. */
export type ColumnRules = { hours: readonly Span[]; taken: readonly Span[]; closed: boolean };

/**
 * The starts (on the slot grid) a booking could take in a column, as spans of
 * the local day it could occupy — a hint drawn while dragging. The server
 * checks the drop itself; this only shows where that check would pass.
 */
export function allowedSpans(mover: Mover, column: ColumnRules): Span[] {
  if (column.closed) return [];
  const within: readonly Span[] = mover.needsWorkingHours ? column.hours : [[0, DAY]];
  const out: Span[] = [];
  for (const [a, b] of within) {
    let runStart: number | null = null;
    let runEnd = 0;
    const first = Math.ceil((a + mover.travelMinutes) / SLOT_MINUTES) * SLOT_MINUTES;
    for (let s = first; s + mover.durationMinutes + mover.travelMinutes <= b; s += SLOT_MINUTES) {
      const f0 = s - mover.travelMinutes;
      const f1 = s + mover.durationMinutes + mover.travelMinutes;
      const free = !column.taken.some(([x, y]) => x < f1 && f0 < y);
      if (free && runStart === null) runStart = s;
      if (free) runEnd = s + mover.durationMinutes;
      if (!free && runStart !== null) {
        out.push([runStart, runEnd]);
        runStart = null;
      }
    }
    if (runStart !== null) out.push([runStart, runEnd]);
  }
  return out;
}

/**
 * How far the bottom edge of a booking that starts at `start` may be dragged: the latest end on the slot grid for which
 * it (with its travel) stays in the working-hours interval it starts in (visits) and clear of everything taken, at most
 * `maxMinutes` long — or null when not even its shortest length fits. A hint drawn while resizing; the server decides.
 */
export function latestEnd(mover: Mover, column: ColumnRules, start: number, maxMinutes = DAY): number | null {
  if (column.closed) return null;
  const t = mover.travelMinutes;
  const interval = mover.needsWorkingHours ? column.hours.find(([a, b]) => a <= start - t && start < b) : ([0, DAY] as Span);
  if (!interval) return null;
  let best: number | null = null;
  for (let end = start + SLOT_MINUTES; end <= Math.min(DAY, start + maxMinutes); end += SLOT_MINUTES) {
    const f1 = end + t;
    if (f1 > interval[1] || column.taken.some(([x, y]) => x < f1 && start - t < y)) break;
    best = end;
  }
  return best;
}

/**
 * The micro-client visits that take a person past their weekly cap: walking
 * the week's micro visits in time order, each one whose minutes bring the
 * total over the cap is flagged where it sits.
 */
export function overCap<K>(visits: readonly { key: K; startsAt: number; minutes: number }[], cap: number | null): Set<K> {
  const out = new Set<K>();
  if (cap === null) return out;
  let total = 0;
  for (const v of [...visits].sort((x, y) => x.startsAt - y.startsAt)) {
    total += v.minutes;
    if (total > cap) out.add(v.key);
  }
  return out;
}
