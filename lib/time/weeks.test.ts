import { describe, expect, it } from 'vitest';
import { monthsBefore, weekBoundaries } from './zoned';

describe('weekBoundaries', () => {
  it('starts weeks on Monday midnight in the firm zone', () => {
    // Wednesday 2026-11-25 15:00 in Chicago (UTC-6).
    const now = Date.UTC(2026, 10, 25, 21, 0);
    const b = weekBoundaries(now, 'America/Chicago', 1);
    expect(b.map((t) => new Date(t).toISOString())).toEqual([
      '2026-11-16T06:00:00.000Z',
      '2026-11-23T06:00:00.000Z',
      '2026-11-30T06:00:00.000Z',
    ]);
  });

  it('makes the week holding a DST change 167 hours long (spring) and 169 (autumn)', () => {
    const spring = weekBoundaries(Date.UTC(2026, 2, 5, 12), 'America/Chicago', 0); // Mon 2 – Mon 9 March, clocks change Sun 8
    expect((spring[1]! - spring[0]!) / 3_600_000).toBe(167);
    const autumn = weekBoundaries(Date.UTC(2026, 9, 29, 12), 'America/Chicago', 0); // Mon 26 Oct – Mon 2 Nov, clocks change Sun 1
    expect((autumn[1]! - autumn[0]!) / 3_600_000).toBe(169);
  });

  it('counts 12 months back on the wall clock', () => {
    const now = Date.UTC(2026, 10, 25, 21, 0);
    expect(new Date(monthsBefore(now, 'America/Chicago', 12)).toISOString()).toBe('2025-11-25T21:00:00.000Z');
  });
});
