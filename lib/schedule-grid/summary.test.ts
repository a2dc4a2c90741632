import { describe, expect, it } from 'vitest';
import type { WeekItem } from '@/lib/dal/week';
import { bookedText, daySummary } from './summary';

const item = (type: WeekItem['type'], id: number, start: number, end: number, more: Partial<WeekItem> = {}): WeekItem => ({
  type,
  id,
  title: `${type} ${id}`,
  detail: '',
  startMinute: start,
  endMinute: end,
  startsAt: start * 60_000,
  endsAt: end * 60_000,
  ...more,
});

describe('daySummary', () => {
  it('counts bookings, their hours, protected time and busy time', () => {
    const s = daySummary({
      items: [
        item('visit', 1, 540, 600),
        item('appointment', 2, 660, 690),
        item('block', 3, 720, 840, { protectedBlock: true }),
        item('block', 4, 900, 960, { protectedBlock: false, skipped: 'Skipped' }),
        item('reserve', 5, 960, 1020, { protectedBlock: true }),
        item('busy', 6, 1020, 1050),
      ],
      overCap: [],
    });
    expect(s).toEqual({ visits: 1, appointments: 1, bookedMinutes: 90, protectedBlocks: 2, busy: 1, overlaps: 0, overCap: 0 });
    expect(bookedText(s)).toBe('1 visit, 1 appointment · 1.5 h booked');
  });

  it('flags overlaps as the grid does: not on blocks, never for skipped blocks or kept time; and the visits past the cap', () => {
    const s = daySummary({
      items: [
        item('visit', 1, 540, 600),
        item('appointment', 2, 570, 630),
        // A visit inside a protected block: the visit is flagged, the block is not.
        item('block', 3, 720, 840, { protectedBlock: true }),
        item('visit', 4, 750, 780),
        // Over a skipped block and over kept time: no overlap.
        item('block', 5, 900, 960, { protectedBlock: false, skipped: 'Skipped' }),
        item('appointment', 6, 900, 930),
        item('reserve', 7, 960, 1020, { protectedBlock: true }),
        item('appointment', 8, 970, 990),
      ],
      overCap: ['visit-1-32400000'],
    });
    expect(s.overlaps).toBe(3);
    expect(s.overCap).toBe(1);
  });

  it('says when nothing is booked', () => {
    expect(bookedText(daySummary({ items: [], overCap: [] }))).toBe('Nothing booked');
    expect(bookedText(daySummary({ items: [item('appointment', 1, 0, 45), item('appointment', 2, 60, 120)], overCap: [] }))).toBe(
      '2 appointments · 1.75 h booked',
    );
  });
});
