'use client';

import { createContext, useContext } from 'react';
import type { HourClock } from '@/lib/time/clock';
import type { DragData } from './grid-item';

/** Where a drop (or a resize: `resized`) was refused: drawn in that column at the time tried, with the rule's message above the grid. */
export type Refusal = { columnKey: string; start: number; minutes: number; message: string; resized?: boolean };

/**
 * What every column of the grid reads: the grid's hours, the viewer's rights, the booking being dragged (set at
 * pick-up and drop only, so moving the pointer re-renders no column) and the last refusal.
 */
export type BoardState = {
  range: { start: number; end: number };
  hours: HourClock;
  moveVisits: boolean;
  moveAppointments: boolean;
  drag: DragData | null;
  refusal: Refusal | null;
};

export const BoardContext = createContext<BoardState | null>(null);

export function useBoard(): BoardState {
  const board = useContext(BoardContext);
  if (!board) throw new Error('The grid column is outside its board.');
  return board;
}
