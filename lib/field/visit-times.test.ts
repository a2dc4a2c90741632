import { describe, expect, it } from 'vitest';
import { shownTimes } from './visit-times';
import { HOUR_MS, MINUTE_MS } from '@/lib/time/units';

const nine = Date.UTC(2026, 11, 2, 14); // 09:00 in New York; the function does not care about zones
const visit = {
  status: 'scheduled' as const,
  startsAt: nine,
  endsAt: nine + HOUR_MS,
  checkedInAt: null,
  checkedOutAt: null,
  unplanned: false,
};

describe('shownTimes', () => {
  it('shows the planned slot of a visit not yet done', () => {
    expect(shownTimes(visit)).toEqual({ from: nine, to: nine + HOUR_MS, planned: null });
    expect(shownTimes({ ...visit, status: 'checked_in', checkedInAt: nine + 10 * MINUTE_MS })).toEqual({
      from: nine,
      to: nine + HOUR_MS,
      planned: null,
    });
  });

  it('shows what happened once a planned visit is done, with the plan beside it', () => {
    const done = { ...visit, status: 'done' as const, checkedInAt: nine + 10 * MINUTE_MS, checkedOutAt: nine + 40 * MINUTE_MS };
    expect(shownTimes(done)).toEqual({
      from: nine + 10 * MINUTE_MS,
      to: nine + 40 * MINUTE_MS,
      planned: { from: nine, to: nine + HOUR_MS },
    });
  });

  it('a done call-out shows its real minutes and no plan: its stored hour was never one', () => {
    const callout = { ...visit, unplanned: true, status: 'done' as const, checkedInAt: nine, checkedOutAt: nine + 2 * MINUTE_MS };
    expect(shownTimes(callout)).toEqual({ from: nine, to: nine + 2 * MINUTE_MS, planned: null });
  });

  it('an open call-out has a start and no end yet', () => {
    expect(shownTimes({ ...visit, unplanned: true, status: 'checked_in', checkedInAt: nine })).toEqual({
      from: nine,
      to: null,
      planned: null,
    });
  });
});
