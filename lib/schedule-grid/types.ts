import type { WeekItem } from '@/lib/dal/week';
import type { HourClock } from '@/lib/time/clock';
import type { Span } from './layout';

/** The time grid's data, shared by the server that builds it (./board.ts) and the client that draws it: types only, no Luxon. */

export type GridView = 'week' | 'day';

export type GridColumn = {
  /** Unique on the page; also the column's element id (the phone's day links jump to it). */
  key: string;
  userId: number;
  date: string;
  heading: string;
  /** The column's accessible name: whose day, which day, and whether it is today. */
  label: string;
  isToday: boolean;
  /** Where "Jump to today" lands (id="today"). */
  anchor: boolean;
  hours: Span[];
  hoursText: string;
  off: string | null;
  items: WeekItem[];
  /** Keys (`type-id`) of the micro-client visits that take the person past the weekly cap. */
  overCap: string[];
  /** Micro minutes still free under the person's weekly cap (null: no cap), for the shading while a visit is dragged. */
  capLeft: number | null;
};

export type GridSection = {
  key: string;
  title: string;
  /** Set for a person's section: who, their weekly figures and whether they have working hours at all. */
  person: { id: number; name: string; capText: string; noHours: boolean } | null;
  columns: GridColumn[];
};

export type GridBoard = {
  view: GridView;
  range: { start: number; end: number };
  sections: GridSection[];
  nowMinute: number | null;
  hours: HourClock;
};

export const itemKey = (item: Pick<WeekItem, 'type' | 'id' | 'startsAt'>) => `${item.type}-${item.id}-${item.startsAt}`;
