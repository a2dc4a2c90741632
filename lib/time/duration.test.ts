import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['1', 60],
    ['8', 480],
    ['12', 720],
    ['1.5', 90],
    ['1,5', 90],
    ['.5', 30],
    ['0,25', 15],
    ['1:30', 90],
    ['0:45', 45],
    ['10:05', 605],
    ['1h30', 90],
    ['1h 30m', 90],
    ['1 h 30 min', 90],
    ['2h', 120],
    ['1.5h', 90],
    ['1,5 hours', 90],
    ['45m', 45],
    ['90m', 90],
    ['90 min', 90],
    ['90 minutes', 90],
    ['90', 90],
    ['13', 13],
    [' 1H30 ', 90],
  ])('%j is %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, minutes });
  });

  it.each(['abc', '1:75', '1::30', '1h30h', '-1', '1.5.5', 'h', '1 30', '1,5,0', '30s'])(
    '%j is refused with an example of what works',
    (text) => {
      const r = parseDuration(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/^Enter how long, like 1\.5, 1:30, 1h30 or 45m/);
    },
  );

  it('refuses nothing, zero and more than a day, saying why', () => {
    expect(parseDuration('  ')).toEqual({ ok: false, message: expect.stringMatching(/^Enter how long\./) });
    expect(parseDuration('0')).toEqual({ ok: false, message: 'The time must be at least a minute.' });
    expect(parseDuration('0m')).toEqual({ ok: false, message: 'The time must be at least a minute.' });
    expect(parseDuration('25h')).toEqual({ ok: false, message: 'The time must be at most 24 hours.' });
    expect(parseDuration('1441')).toEqual({ ok: false, message: 'The time must be at most 24 hours.' });
    expect(parseDuration('24:00')).toEqual({ ok: true, minutes: 1440 });
  });
});
