import { describe, expect, it } from 'vitest';
import { VISIT_MAX_MINUTES } from '@/lib/visit-limits';
import {
  allowedSpans,
  dropMinute,
  gridRange,
  latestEnd,
  lengthLabel,
  maxLength,
  MIN_HEIGHT_PX,
  nowTop,
  overCap,
  overlapLanes,
  place,
  resizedEnd,
} from './layout';

const h = (hours: number, minutes = 0) => hours * 60 + minutes;

describe('gridRange', () => {
  it('spans the earliest to the latest minute on whole hours', () => {
    expect(
      gridRange([
        [h(8, 30), h(12)],
        [h(13), h(17, 15)],
      ]),
    ).toEqual({ start: h(8), end: h(18) });
  });
  it('falls back to 08:00–17:00 with nothing to show, and keeps at least four hours', () => {
    expect(gridRange([])).toEqual({ start: h(8), end: h(17) });
    expect(gridRange([[h(10), h(11)]])).toEqual({ start: h(10), end: h(14) });
  });
  it('never leaves the day', () => {
    expect(gridRange([[h(22), h(24)]])).toEqual({ start: h(20), end: h(24) });
    expect(gridRange([[0, h(1)]])).toEqual({ start: 0, end: h(4) });
  });
});

describe('place', () => {
  const range = { start: h(8), end: h(18) };
  it('puts a booking at its minutes below the grid top, a pixel a minute', () => {
    expect(place(h(9, 30), h(11), range)).toEqual({ top: 90, height: 90 });
  });
  it('draws a short booking at least the minimum height, and clips to the grid', () => {
    expect(place(h(9), h(9, 5), range)).toEqual({ top: 60, height: MIN_HEIGHT_PX });
    expect(place(h(7), h(9), range)).toEqual({ top: 0, height: 60 });
  });
});

describe('overlapLanes', () => {
  it('gives a booking alone one lane and no flag', () => {
    expect(overlapLanes([{ key: 'a', start: h(9), end: h(10) }]).get('a')).toEqual({ lane: 0, lanes: 1, overlaps: false });
  });
  it('puts back-to-back bookings in the same lane (touching is not overlapping)', () => {
    const lanes = overlapLanes([
      { key: 'a', start: h(9), end: h(10) },
      { key: 'b', start: h(10), end: h(11) },
    ]);
    expect(lanes.get('b')).toEqual({ lane: 0, lanes: 1, overlaps: false });
  });
  it('splits a chain of overlaps into the fewest lanes and flags all of its members', () => {
    // a 9–11 overlaps b 10–12 overlaps c 11:30–13: two lanes suffice (c reuses a's lane).
    const lanes = overlapLanes([
      { key: 'c', start: h(11, 30), end: h(13) },
      { key: 'a', start: h(9), end: h(11) },
      { key: 'b', start: h(10), end: h(12) },
      { key: 'd', start: h(14), end: h(15) },
    ]);
    expect(lanes.get('a')).toEqual({ lane: 0, lanes: 2, overlaps: true });
    expect(lanes.get('b')).toEqual({ lane: 1, lanes: 2, overlaps: true });
    expect(lanes.get('c')).toEqual({ lane: 0, lanes: 2, overlaps: true });
    expect(lanes.get('d')).toEqual({ lane: 0, lanes: 1, overlaps: false });
  });
  it('needs three lanes when three bookings share a minute', () => {
    const lanes = overlapLanes([
      { key: 1, start: h(9), end: h(12) },
      { key: 2, start: h(9), end: h(10) },
      { key: 3, start: h(9, 30), end: h(11) },
    ]);
    expect([...lanes.values()].map((l) => l.lanes)).toEqual([3, 3, 3]);
    expect(new Set([...lanes.values()].map((l) => l.lane))).toEqual(new Set([0, 1, 2]));
  });
});

describe('nowTop', () => {
  const range = { start: h(8), end: h(18) };
  it('is the minutes since the grid top, or null outside the grid', () => {
    expect(nowTop(h(10, 15), range)).toBe(135);
    expect(nowTop(h(7, 59), range)).toBeNull();
    expect(nowTop(h(18, 1), range)).toBeNull();
    expect(nowTop(h(18), range)).toBe(600);
  });
});

describe('dropMinute', () => {
  const range = { start: h(8), end: h(18) };
  it('snaps the dropped top to the nearest quarter hour', () => {
    expect(dropMinute(128, 60, range)).toBe(h(10, 15)); // 10:08 → 10:15
    expect(dropMinute(67, 60, range)).toBe(h(9)); // 9:07 → 9:00
  });
  it('keeps the whole booking inside the grid', () => {
    expect(dropMinute(-40, 60, range)).toBe(h(8));
    expect(dropMinute(590, 60, range)).toBe(h(17));
  });
});

describe('allowedSpans', () => {
  const visit = { durationMinutes: 60, travelMinutes: 15, needsWorkingHours: true };
  it('leaves room for travel at both ends of working hours', () => {
    // 08:00–12:00: the visit may start 08:15 at the earliest and end 11:45 at the latest.
    expect(allowedSpans(visit, { hours: [[h(8), h(12)]], taken: [], closed: false })).toEqual([[h(8, 15), h(11, 45)]]);
  });
  it('keeps the footprint off what is taken (a protected block)', () => {
    const spans = allowedSpans(visit, { hours: [[h(8), h(17)]], taken: [[h(10), h(12)]], closed: false });
    // Before: end + travel ≤ 10:00 → last end 9:45. After: start − travel ≥ 12:00 → first start 12:15.
    expect(spans).toEqual([
      [h(8, 15), h(9, 45)],
      [h(12, 15), h(16, 45)],
    ]);
  });
  it('offers nothing on a closed day (off, outside the window, over the cap) or without hours', () => {
    expect(allowedSpans(visit, { hours: [[h(8), h(17)]], taken: [], closed: true })).toEqual([]);
    expect(allowedSpans(visit, { hours: [], taken: [], closed: false })).toEqual([]);
  });
  it('lets an appointment go outside working hours, never over a block', () => {
    const appt = { durationMinutes: 60, travelMinutes: 0, needsWorkingHours: false };
    expect(allowedSpans(appt, { hours: [], taken: [[h(9), h(23)]], closed: false })).toEqual([
      [0, h(9)],
      [h(23), h(24)],
    ]);
  });
});

describe('overCap', () => {
  it('flags the visits that take the week past the cap, in time order', () => {
    const visits = [
      { key: 'late', startsAt: 3, minutes: 60 },
      { key: 'early', startsAt: 1, minutes: 120 },
      { key: 'mid', startsAt: 2, minutes: 60 },
    ];
    expect(overCap(visits, 180)).toEqual(new Set(['late']));
    expect(overCap(visits, 240)).toEqual(new Set());
    expect(overCap(visits, null)).toEqual(new Set());
    expect(overCap(visits, 100)).toEqual(new Set(['early', 'mid', 'late']));
  });
});

describe('resizedEnd', () => {
  it('moves the end by whole slots, keeps a slot at least and stops at midnight', () => {
    expect(resizedEnd(h(13), h(14), 30)).toBe(h(14, 30));
    expect(resizedEnd(h(13), h(14), 8)).toBe(h(14, 15)); // 8 px rounds to one slot
    expect(resizedEnd(h(13), h(14), 7)).toBe(h(14));
    expect(resizedEnd(h(13), h(14), -200)).toBe(h(13, 15));
    expect(resizedEnd(h(23), h(23, 30), 120)).toBe(h(24));
  });
});

describe('resizing a visit', () => {
  it('snaps the dragged end to the 15-minute step from where the edge was, and caps a visit at ten hours', () => {
    // 22 px down is nearer 15 than 30 minutes; 23 px is nearer 30.
    expect(resizedEnd(h(9), h(10), 22)).toBe(h(10, 15));
    expect(resizedEnd(h(9), h(10), 23)).toBe(h(10, 30));
    expect(resizedEnd(h(9), h(10), -52)).toBe(h(9, 15));
    // A visit starting at 07:00 may end no later than 17:00 (600 minutes), however far the edge goes.
    expect(resizedEnd(h(7), h(8), 12 * 60, maxLength('visit'))).toBe(h(17));
    expect(maxLength('visit')).toBe(VISIT_MAX_MINUTES);
    // An appointment may run to midnight.
    expect(resizedEnd(h(7), h(8), 20 * 60, maxLength('appointment'))).toBe(h(24));
  });

  it('finds the latest end the rules allow: working hours with travel, the next booking with its travel, protected time, a cap', () => {
    const visit = { durationMinutes: 60, travelMinutes: 15, needsWorkingHours: true };
    const column = {
      hours: [
        [h(8), h(12)],
        [h(13), h(17)],
      ] as const,
      taken: [[h(15), h(16)]] as const, // a protected block
      closed: false,
    };
    // 09:00 in the morning hours: travel back must be done by 12:00, so the visit ends by 11:45.
    expect(latestEnd(visit, column, h(9))).toBe(h(11, 45));
    // 13:15 in the afternoon: the block at 15:00, less 15 minutes of travel.
    expect(latestEnd(visit, column, h(13, 15))).toBe(h(14, 45));
    // A cap: only 90 minutes in all.
    expect(latestEnd(visit, column, h(9), 90)).toBe(h(10, 30));
    // Travel before 08:00 is outside working hours: nothing fits.
    expect(latestEnd(visit, column, h(8))).toBeNull();
    // Pressed against the block: not even a quarter hour.
    expect(latestEnd(visit, column, h(14, 45))).toBeNull();
    expect(latestEnd(visit, { ...column, closed: true }, h(9))).toBeNull();
    // An appointment needs no working hours and has no travel: up to the block.
    expect(latestEnd({ durationMinutes: 60, travelMinutes: 0, needsWorkingHours: false }, column, h(13, 15))).toBe(h(15));
  });

  it('says a length the way people read it', () => {
    expect(lengthLabel(15)).toBe('15 min');
    expect(lengthLabel(60)).toBe('1 h');
    expect(lengthLabel(90)).toBe('1 h 30 min');
    expect(lengthLabel(600)).toBe('10 h');
  });
});
