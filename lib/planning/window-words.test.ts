import { describe, expect, it } from 'vitest';
import { windowWords } from './window-words';

describe('a marketing window in words', () => {
  it('joins runs of three or more days and writes the times on the firm’s clock', () => {
    expect(windowWords({ weekdays: [4, 2, 3], startMinute: 480, endMinute: 720 }, '24h')).toBe('Tue–Thu, 08:00–12:00');
    expect(windowWords({ weekdays: [1, 3, 5], startMinute: 480, endMinute: 720 }, '12h')).toBe('Mon, Wed, Fri, 8:00 AM–12:00 PM');
    // Two days in a row are named, not ranged: "Sat–Sun" reads as a span where a pair is clearer.
    expect(windowWords({ weekdays: [6, 7, 1, 2, 3], startMinute: 780, endMinute: 1020 }, '24h')).toBe('Mon–Wed, Sat, Sun, 13:00–17:00');
  });
});
