import { describe, expect, it } from 'vitest';
import { schedule, type Instance, type VisitRequest } from '@/lib/scheduler';
import { explainUnplaced, gapPercent, nameList, qualityLine, unplacedKind, type UnplacedContext } from './preview-words';

describe('the quality line', () => {
  it('says how far below the best possible the plan may be, rounded up, from the engine’s bound', () => {
    expect(qualityLine({ placed: 231, total: 247, bound: 236 })).toBe(
      'Placed 231 of 247 priority points; at most 3% below the best possible.',
    );
    // Exactly 2 % is not rounded up to 3 by float noise; anything above it is.
    expect(gapPercent(98, 100)).toBe(2);
    expect(gapPercent(97.9, 100)).toBe(3);
    // Below one percent, tenths, still rounded up: 1 of 400 is 0.25 %.
    expect(gapPercent(399, 400)).toBe(0.3);
    expect(qualityLine({ placed: 399, total: 410, bound: 400 })).toBe(
      'Placed 399 of 410 priority points; at most 0.3% below the best possible.',
    );
  });

  it('says "the best possible" when the bound is reached, even with priority left open', () => {
    expect(qualityLine({ placed: 231, total: 247, bound: 231 })).toBe('Placed 231 of 247 priority points; the best possible.');
    expect(qualityLine({ placed: 1, total: 1, bound: 1 })).toBe('Placed 1 of 1 priority point; the best possible.');
    expect(qualityLine({ placed: 0, total: 0, bound: 0 })).toBe('No open requests to place.');
  });
});

const TUESDAY = '2026-12-08';
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

/** One consultant (m) working weekdays 08:00–17:00, over the week of Mon Dec 7, 2026. */
function instance(visits: VisitRequest[], extra: Partial<Instance> = {}): Instance {
  return {
    slotMinutes: 15,
    horizon: { start: '2026-12-07', end: '2026-12-13' },
    consultants: [{ id: 'm', workingHours: weekdays('08:00', '17:00') }],
    protectedBlocks: [],
    busy: [],
    visits,
    ...extra,
  };
}
const visit = (id: string, minutes: number, windows: [string, string], more: Partial<VisitRequest> = {}): VisitRequest => ({
  id,
  clientId: id,
  durationMinutes: minutes,
  travelMinutes: 0,
  priority: 3,
  consultantIds: ['m'],
  windows: [{ start: windows[0], end: windows[1] }],
  ...more,
});
/** The engine's reason for the visit `id` of the instance. */
function reasonFor(inst: Instance, id: string): string {
  const u = schedule(inst, { timeBudgetMs: 2000 }).unplaced.find((x) => x.visitId === id);
  expect(u, `${id} is unplaced`).toBeDefined();
  return u!.reason;
}

const context = (more: Partial<UnplacedContext> = {}): UnplacedContext => ({
  from: TUESDAY,
  to: '2026-12-10',
  pickedDates: [],
  consultants: ['Marcus'],
  restricted: true,
  durationMinutes: 90,
  travelMinutes: 15,
  thisYear: 2026,
  ...more,
});

describe('each unplaced visit in words, from the real engine’s reason', () => {
  it('a visit longer than any working-hours interval', () => {
    const reason = reasonFor(instance([visit('long', 510, ['2026-12-07T00:00', '2026-12-12T00:00'], { travelMinutes: 30 })]), 'long');
    expect(unplacedKind(reason)).toBe('too-long');
    expect(explainUnplaced(reason, context({ durationMinutes: 510, travelMinutes: 30 }))).toBe(
      'longer than any free gap: it needs 9.5 h with travel, more than any stretch of working hours of Marcus',
    );
  });

  it('a window on days its only allowed consultant does not work', () => {
    const reason = reasonFor(instance([visit('weekend', 60, ['2026-12-12T00:00', '2026-12-14T00:00'])]), 'weekend');
    expect(unplacedKind(reason)).toBe('not-working');
    const weekend = { from: '2026-12-12', to: '2026-12-13' };
    expect(explainUnplaced(reason, context(weekend))).toBe(
      'Marcus, the only allowed consultant, does not work those days (Sat Dec 12 – Sun Dec 13)',
    );
    expect(explainUnplaced(reason, context({ ...weekend, consultants: ['Marcus', 'Priya'] }))).toBe(
      'none of its allowed consultants (Marcus and Priya) works those days (Sat Dec 12 – Sun Dec 13)',
    );
    expect(explainUnplaced(reason, context({ ...weekend, restricted: false, consultants: ['Marcus', 'Priya'] }))).toBe(
      'nobody works those days (Sat Dec 12 – Sun Dec 13)',
    );
  });

  it('a window whose free gaps, around a marketing block, are all too short', () => {
    const block = { id: 'mail', consultantId: 'm', kind: 'direct-mail', start: `${TUESDAY}T10:00`, end: `${TUESDAY}T16:00` };
    const reason = reasonFor(instance([visit('gap', 150, [`${TUESDAY}T00:00`, '2026-12-09T00:00'])], { protectedBlocks: [block] }), 'gap');
    expect(unplacedKind(reason)).toBe('no-gap');
    expect(explainUnplaced(reason, context({ to: TUESDAY, durationMinutes: 150, travelMinutes: 0 }))).toBe(
      'longer than any free gap in its window (Tue Dec 8): marketing blocks, appointments and booked visits leave no 2.5 h',
    );
    expect(explainUnplaced(reason, context({ pickedDates: ['2026-12-10', TUESDAY], thisYear: 2025 }))).toBe(
      'longer than any free gap in the days its client picked (Tue Dec 8, 2026, Thu Dec 10, 2026): marketing blocks, appointments and booked visits leave no 2 h with travel',
    );
  });

  it('a weekly micro cap reached in every week it could go', () => {
    const inst = instance([visit('capped', 90, ['2026-12-07T00:00', '2026-12-12T00:00'])], {
      consultants: [{ id: 'm', workingHours: weekdays('08:00', '17:00'), maxMicroMinutesPerWeek: 60 }],
    });
    const reason = reasonFor(inst, 'capped');
    expect(unplacedKind(reason)).toBe('cap');
    expect(explainUnplaced(reason, context())).toBe('Marcus’s weekly micro cap is reached in every week it could go');
    expect(explainUnplaced(reason, context({ consultants: ['Ana Ross'] }))).toBe(
      'Ana Ross’s weekly micro cap is reached in every week it could go',
    );
    expect(explainUnplaced(reason, context({ consultants: ['Marcus', 'Priya', 'Ana'] }))).toBe(
      'the weekly micro caps of Marcus, Priya and Ana are reached in every week it could go',
    );
  });

  it('a window whose room went to a visit of higher priority', () => {
    const window: [string, string] = [`${TUESDAY}T08:00`, `${TUESDAY}T10:00`];
    const reason = reasonFor(instance([visit('high', 120, window, { priority: 5 }), visit('low', 120, window, { priority: 1 })]), 'low');
    expect(unplacedKind(reason)).toBe('taken');
    expect(explainUnplaced(reason, context({ to: TUESDAY }))).toBe(
      'no room in its window (Tue Dec 8): the free time went to requests of higher or equal priority — widen the window or allow more consultants',
    );
  });

  it('keeps a reason it does not know in the engine’s own words', () => {
    expect(unplacedKind('the moon is in the way')).toBeNull();
    expect(explainUnplaced('the moon is in the way', context())).toBe('the moon is in the way');
    expect(nameList(['A'])).toBe('A');
    expect(nameList([])).toBe('');
  });
});
