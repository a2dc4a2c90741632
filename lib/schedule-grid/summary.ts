import { overlapLanes } from './layout';
import { itemKey, type GridColumn } from './types';

/**
 * A person's day in a few words, for the team's week while that person's grid is away from the screen: what is
 * booked and for how long, the protected time, and the same red flags the grid puts on the bookings themselves
 * (a booking that overlaps another, a micro visit past the weekly cap). Types and arithmetic only: the client draws it.
 */
export type DaySummary = {
  visits: number;
  appointments: number;
  /** Minutes of visits and appointments. */
  bookedMinutes: number;
  /** Protected marketing blocks (not skipped) and time kept for owed marketing. */
  protectedBlocks: number;
  /** Events of the person's other calendars (busy time). */
  busy: number;
  /** Bookings drawn with "Overlaps" on the grid. */
  overlaps: number;
  /** Visits drawn with "Over cap" on the grid. */
  overCap: number;
};

export function daySummary(column: Pick<GridColumn, 'items' | 'overCap'>): DaySummary {
  const items = column.items;
  // The grid's own rule (grid-column.tsx): skipped blocks and kept time overlap nothing; a block itself is never flagged.
  const live = items.filter((i) => !(i.type === 'block' && i.skipped) && i.type !== 'reserve');
  const lanes = overlapLanes(live.map((i) => ({ key: itemKey(i), start: i.startMinute, end: i.endMinute })));
  const booked = items.filter((i) => i.type === 'visit' || i.type === 'appointment');
  return {
    visits: items.filter((i) => i.type === 'visit').length,
    appointments: items.filter((i) => i.type === 'appointment').length,
    bookedMinutes: booked.reduce((sum, i) => sum + Math.max(0, i.endMinute - i.startMinute), 0),
    protectedBlocks: items.filter((i) => i.protectedBlock).length,
    busy: items.filter((i) => i.type === 'busy').length,
    overlaps: live.filter((i) => i.type !== 'block' && lanes.get(itemKey(i))?.overlaps).length,
    overCap: column.overCap.length,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 visits, 1 appointment · 3.5 h booked", or "Nothing booked". */
export function bookedText(s: DaySummary): string {
  const parts = [
    ...(s.visits ? [plural(s.visits, 'visit', 'visits')] : []),
    ...(s.appointments ? [plural(s.appointments, 'appointment', 'appointments')] : []),
  ];
  if (!parts.length) return 'Nothing booked';
  return `${parts.join(', ')} · ${Math.round((s.bookedMinutes / 60) * 100) / 100} h booked`;
}
