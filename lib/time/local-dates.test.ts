import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from './units';
import { localDate, localDates } from './zoned';

describe('localDates', () => {
  it('gives the same date as localDate for any instant, across daylight-saving changes and odd offsets', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), (zone, t) => {
        expect(localDates(zone)(t)).toBe(localDate(t, zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('one converter stays right over days of instants around a change, midnights included', () => {
    for (const [zone, change] of [
      ['America/New_York', Date.UTC(2026, 10, 1, 6)], // Nov 1 2026: 02:00 EDT → 01:00 EST
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], // Apr 5 2026: a half-hour change
    ] as const) {
      const toDate = localDates(zone);
      for (let t = change - 48 * HOUR_MS; t < change + 48 * HOUR_MS; t += 7 * 60_000)
        expect(toDate(t), `${zone} ${t}`).toBe(localDate(t, zone));
    }
  });
});
