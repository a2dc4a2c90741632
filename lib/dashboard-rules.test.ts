import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DateTime } from 'luxon';
import {
  bucketOf,
  dashboardSuggestions,
  emptyMinutes,
  marketingProgress,
  MAX_CANDIDATES,
  microShare,
  microTrend,
  tierTotals,
  type ClientFigures,
  type WeekMinutes,
} from './dashboard-rules';

// Wednesday 2026-11-25 12:00 in Chicago. The clock is frozen elsewhere (see beforeEach) to prove the rules read `now` only from their argument.
const NOW = DateTime.fromISO('2026-11-25T12:00', { zone: 'America/Chicago' }).toMillis();
const DAY = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const week = (m: Partial<WeekMinutes> = {}): WeekMinutes => ({ ...emptyMinutes(), ...m });

/** Six weeks, oldest first: one ignored week, the four prior weeks, last week, this week. */
const weeks = (
  prior: Partial<WeekMinutes>,
  last: Partial<WeekMinutes>,
  current: Partial<WeekMinutes> = {},
  oldest: Partial<WeekMinutes> = {},
) => [week(oldest), week(prior), week(prior), week(prior), week(prior), week(last), week(current)];

describe('buckets', () => {
  it('takes the named bucket and counts anything unknown as micro', () => {
    expect(bucketOf('marketing')).toBe('marketing');
    expect(bucketOf('admin')).toBe('admin');
    expect(bucketOf('large')).toBe('large');
    expect(bucketOf('sweet_spot')).toBe('sweet_spot');
    expect(bucketOf('something-else')).toBe('micro');
  });

  it('shares micro over client work only: marketing and admin do not dilute it', () => {
    expect(microShare([week({ micro: 60, large: 180, marketing: 1000, admin: 1000 })])).toBe(0.25);
    expect(microShare([week({ micro: 60 }), week({ emerging: 60, sweet_spot: 60 })])).toBeCloseTo(1 / 3);
    expect(microShare([week({ marketing: 480 })])).toBeNull();
  });
});

describe('marketingProgress', () => {
  it('is met at the target exactly and says how much is left below it', () => {
    expect(marketingProgress(470, 480)).toEqual({ met: false, remainingMinutes: 10 });
    expect(marketingProgress(480, 480)).toEqual({ met: true, remainingMinutes: 0 });
    expect(marketingProgress(600, 480)).toEqual({ met: true, remainingMinutes: 0 });
  });
});

describe('micro-creep warning', () => {
  // The prior weeks: 1 h micro of 4 h client work (25%). Last week: 3 h of 4 h (75%), 2 h marketing of an 8 h target.
  const prior = { micro: 60, large: 180, marketing: 480 };
  const last = { micro: 180, large: 60, marketing: 120 };

  it('warns when last week’s micro share rose above the 4 weeks before while marketing fell short', () => {
    const t = microTrend(weeks(prior, last, { micro: 30, sweet_spot: 90 }), 480);
    expect(t).toEqual({ microShareThisWeek: 0.25, microShareLastWeek: 0.75, microSharePrior4: 0.25, microCreepWarning: true });
  });

  it('does not warn when marketing reached the target, even with the share up', () => {
    expect(microTrend(weeks(prior, { ...last, marketing: 480 }), 480).microCreepWarning).toBe(false);
    expect(microTrend(weeks(prior, { ...last, marketing: 479 }), 480).microCreepWarning).toBe(true);
  });

  it('does not warn when the share only held steady or fell', () => {
    expect(microTrend(weeks(prior, { micro: 60, large: 180, marketing: 0 }), 480).microCreepWarning).toBe(false);
    expect(microTrend(weeks(prior, { micro: 0, large: 240, marketing: 0 }), 480).microCreepWarning).toBe(false);
  });

  it('does not warn without client work to compare', () => {
    expect(microTrend(weeks({ marketing: 480 }, last), 480).microCreepWarning).toBe(false);
    expect(microTrend(weeks(prior, { marketing: 0 }), 480).microCreepWarning).toBe(false);
  });

  it('compares last week with exactly the four weeks before it: this week and older weeks do not count', () => {
    // All micro this week and in the week before the four: nothing changes.
    const t = microTrend(weeks(prior, last, { micro: 600 }, { micro: 10_000 }), 480);
    expect(t.microSharePrior4).toBe(0.25);
    expect(t.microShareThisWeek).toBe(1);
    expect(t.microCreepWarning).toBe(true);
    // Had the oldest week counted, the prior share would be (240 + 10,000) / (960 + 10,000) > 75%, and no warning.
  });

  it('needs this week, last week and the four before', () => {
    expect(() => microTrend(weeks(prior, last).slice(2), 480)).toThrow(RangeError);
  });
});

const client = (over: Partial<ClientFigures> & { id: number }): ClientFigures => ({
  name: `Client ${over.id}`,
  tier: 'micro',
  status: 'active',
  seats: 3,
  hasServer: false,
  growth: 'flat',
  serverAddedAt: null,
  revenue12mCents: 0,
  minutes12m: 0,
  ...over,
});

describe('tierTotals', () => {
  it('adds every client’s money per tier but counts only active clients and prospects', () => {
    const t = tierTotals([
      client({ id: 1, tier: 'micro', revenue12mCents: 60_000, minutes12m: 600 }), // $600 over 10 h
      client({ id: 2, tier: 'micro', status: 'archived', revenue12mCents: 30_000, minutes12m: 300 }),
      client({ id: 3, tier: 'sweet_spot', status: 'prospect' }),
      client({ id: 4, tier: 'large', revenue12mCents: 700_000, minutes12m: 2_100 }), // $7,000 over 35 h
    ]);
    expect(t.perTier).toEqual([
      { tier: 'micro', clients: 1, revenue12mCents: 90_000, minutes12m: 900, effectiveRateCents: 6_000 },
      { tier: 'emerging', clients: 0, revenue12mCents: 0, minutes12m: 0, effectiveRateCents: null },
      { tier: 'sweet_spot', clients: 1, revenue12mCents: 0, minutes12m: 0, effectiveRateCents: null },
      { tier: 'large', clients: 1, revenue12mCents: 700_000, minutes12m: 2_100, effectiveRateCents: 20_000 },
    ]);
    expect(t.firmRevenue12mCents).toBe(790_000);
    expect(t.firmMinutes12m).toBe(3_000);
    expect(t.blendedRateCents).toBe(15_800); // $7,900 over 50 h
  });
});

describe('dashboard suggestions', () => {
  it('suggests referring out the three lowest-earning micro clients that are not growing, lowest first', () => {
    const { suggestions } = dashboardSuggestions(
      [
        // A big client keeps every micro client under the 10% concentration line.
        client({ id: 100, tier: 'large', seats: 200, revenue12mCents: 10_000_000, minutes12m: 100_000 }),
        client({ id: 1, revenue12mCents: 9_000, minutes12m: 60 }), // $90/h
        client({ id: 2, revenue12mCents: 6_000, minutes12m: 60, growth: 'shrinking' }), // $60/h
        client({ id: 3, revenue12mCents: 12_000, minutes12m: 60 }), // $120/h: fourth lowest, left out
        client({ id: 4, revenue12mCents: 7_550, minutes12m: 60 }), // $75.50/h, said as $76
        client({ id: 5, revenue12mCents: 1_000, minutes12m: 60, growth: 'growing' }), // growing: kept
        client({ id: 6, revenue12mCents: 500, minutes12m: 60, status: 'archived' }), // not a current client
        client({ id: 7, revenue12mCents: 0, minutes12m: 0 }), // no hours: no rate to judge
        client({ id: 8, tier: 'emerging', seats: 6, revenue12mCents: 100, minutes12m: 60 }), // not micro
      ],
      10,
      NOW,
    );
    const low = suggestions.filter((s) => s.kind === 'low-rate-micro');
    expect(low.map((s) => s.clientId)).toEqual([2, 4, 1]);
    expect(low[0]!.text).toBe('earns $60/h over 12 months and is shrinking: consider referring it out');
    expect(low[1]!.text).toBe('earns $76/h over 12 months and is flat: consider referring it out');
    expect(suggestions.map((s) => s.kind)).toEqual(['low-rate-micro', 'low-rate-micro', 'low-rate-micro', 'concentration']);
  });

  it('flags every active client over 10% of the firm’s revenue, biggest first; the firm’s revenue counts every client', () => {
    const { suggestions } = dashboardSuggestions(
      [
        client({ id: 1, tier: 'large', seats: 150, revenue12mCents: 500_000 }), // 50%
        client({ id: 2, tier: 'sweet_spot', seats: 20, revenue12mCents: 100_001 }), // just over 10%
        client({ id: 3, tier: 'sweet_spot', seats: 20, revenue12mCents: 100_000 }), // exactly 10%: not over
        client({ id: 4, tier: 'sweet_spot', seats: 20, revenue12mCents: 99_999, status: 'referred_out' }), // not current, yet in the total
        client({ id: 5, tier: 'large', seats: 150, revenue12mCents: 200_000 }), // 20%
      ],
      10,
      NOW,
    );
    expect(suggestions.filter((s) => s.kind === 'concentration').map((s) => [s.clientId, s.text])).toEqual([
      [1, 'is 50% of revenue: losing it would hurt'],
      [5, 'is 20% of revenue: losing it would hurt'],
      [2, 'is 10% of revenue: losing it would hurt'],
    ]);
  });

  it('makes no concentration suggestion when the firm has earned nothing', () => {
    expect(dashboardSuggestions([client({ id: 1, tier: 'large', seats: 150 })], 10, NOW).suggestions).toEqual([]);
  });

  it('lists growing clients up to two seats short of the sweet spot, and a server added in the last 90 days, new servers first', () => {
    const { suggestions, moreCandidates } = dashboardSuggestions(
      [
        client({ id: 1, tier: 'emerging', seats: 8, growth: 'growing', name: 'Eight' }),
        client({ id: 2, tier: 'emerging', seats: 9, growth: 'growing', name: 'Nine' }),
        client({ id: 3, tier: 'emerging', seats: 7, growth: 'growing', name: 'Seven' }), // three short
        client({ id: 4, tier: 'emerging', seats: 9, growth: 'flat', name: 'Flat nine' }), // not growing
        client({ id: 5, tier: 'micro', seats: 4, hasServer: true, serverAddedAt: NOW - 90 * DAY, name: 'Server on day 90' }),
        client({ id: 6, tier: 'micro', seats: 4, hasServer: true, serverAddedAt: NOW - 90 * DAY - 1, name: 'Server on day 91' }),
        client({ id: 7, tier: 'emerging', seats: 9, growth: 'growing', status: 'prospect', name: 'Prospect' }), // not current
        client({ id: 8, tier: 'sweet_spot', seats: 9, growth: 'growing', name: 'Already there' }), // already in the sweet spot
        client({ id: 9, tier: 'micro', seats: 4, hasServer: false, serverAddedAt: NOW, name: 'Server removed' }), // no server any more
      ],
      10,
      NOW,
    );
    expect(suggestions.filter((s) => s.kind === 'candidate').map((s) => [s.name, s.text])).toEqual([
      ['Server on day 90', 'just added a server: a sweet-spot candidate'],
      ['Nine', 'has 9 seats and is growing: a sweet-spot candidate'],
      ['Eight', 'has 8 seats and is growing: a sweet-spot candidate'],
    ]);
    expect(moreCandidates).toBe(0);
  });

  it('lists the first 8 candidates, most seats then by name, and counts the rest', () => {
    const many = Array.from({ length: MAX_CANDIDATES + 3 }, (_, i) =>
      client({ id: i + 1, tier: 'emerging', seats: i % 2 ? 9 : 8, growth: 'growing', name: `C${String(i).padStart(2, '0')}` }),
    );
    const { suggestions, moreCandidates } = dashboardSuggestions(many, 10, NOW);
    // 11 candidates: C01, C03, … C09 have 9 seats (5 of them), then the 8-seat ones by name.
    expect(suggestions.map((s) => s.name)).toEqual(['C01', 'C03', 'C05', 'C07', 'C09', 'C00', 'C02', 'C04']);
    expect(moreCandidates).toBe(3);
  });
});
