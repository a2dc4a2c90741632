import { describe, expect, it } from 'vitest';
import { dayLabel, dayRangeLabel, weekLabel } from './format';
import { loggedTimeProblem, planDateProblem } from './date-rules';
import { localToInstant } from './zoned';

const ZONE = 'America/Chicago';
// Wed Dec 2 2026, 10:00 in Chicago.
const NOW = localToInstant('2026-12-02', 600, ZONE);

describe('dates people read', () => {
  it('shows the year only when it is not the current one', () => {
    expect(dayLabel('2026-12-02', { thisYear: 2026 })).toBe('Wed Dec 2');
    expect(dayLabel('2026-01-01', { thisYear: 2027 })).toBe('Thu Jan 1, 2026');
    expect(dayLabel('2027-01-08', { thisYear: 2026 })).toBe('Fri Jan 8, 2027');
    expect(dayRangeLabel('2026-01-01', '2026-01-10', { thisYear: 2026 })).toBe('Thu Jan 1 – Sat Jan 10');
    expect(dayRangeLabel('2025-12-30', '2026-01-02', { thisYear: 2026 })).toBe('Tue Dec 30, 2025 – Fri Jan 2');
    expect(weekLabel(localToInstant('2025-12-29', 0, ZONE), ZONE, 2026)).toBe('Dec 29, 2025');
    expect(weekLabel(localToInstant('2026-11-30', 0, ZONE), ZONE, 2026)).toBe('Nov 30');
  });

  it('reads against the real current year by default', () => {
    const year = new Date().getUTCFullYear();
    expect(dayLabel(`${year}-03-04`)).not.toMatch(/\d{4}/);
    expect(dayLabel(`${year - 1}-03-04`)).toMatch(new RegExp(`, ${year - 1}$`));
  });
});

describe('planDateProblem', () => {
  it('allows today up to a year ahead', () => {
    expect(planDateProblem('2026-12-02', '2026-12-02', 'The date')).toBeNull();
    expect(planDateProblem('2027-12-02', '2026-12-02', 'The date')).toBeNull();
  });

  it('refuses the past and more than a year ahead, naming the span allowed', () => {
    expect(planDateProblem('2026-12-01', '2026-12-02', 'The date')).toBe(
      'The date is in the past (Tue Dec 1). Choose today, Wed Dec 2, or a later day.',
    );
    expect(planDateProblem('2025-12-09', '2026-12-02', 'The appointment')).toBe(
      'The appointment is in the past (Tue Dec 9, 2025). Choose today, Wed Dec 2, or a later day.',
    );
    expect(planDateProblem('2027-12-03', '2026-12-02', 'The latest date')).toBe(
      'The latest date is more than a year ahead (Fri Dec 3, 2027). Choose a day up to Thu Dec 2, 2027.',
    );
  });
});

describe('loggedTimeProblem', () => {
  const at = (date: string, minute: number) => localToInstant(date, minute, ZONE);

  it('logs now, earlier today, this week and last week without asking', () => {
    for (const [date, minute] of [
      ['2026-12-02', 600],
      ['2026-12-02', 420],
      ['2026-11-30', 540],
      ['2026-11-23', 540],
    ] as const)
      expect(loggedTimeProblem(date, at(date, minute), NOW, ZONE)).toBeNull();
  });

  it('refuses time that starts after now, even a minute later today', () => {
    expect(loggedTimeProblem('2026-12-02', at('2026-12-02', 601), NOW, ZONE)).toEqual({
      confirm: false,
      message: 'That is in the future (Wed Dec 2, 10:01). Log time once it is done: it can start at the latest now, Wed Dec 2, 10:00.',
    });
    expect(loggedTimeProblem('2027-01-05', at('2027-01-05', 540), NOW, ZONE)?.message).toMatch(
      /^That is in the future \(Tue Jan 5, 2027, 09:00\)/,
    );
  });

  it('asks before logging earlier than last week, and refuses more than a year back', () => {
    expect(loggedTimeProblem('2026-11-22', at('2026-11-22', 540), NOW, ZONE)).toEqual({
      confirm: true,
      message: 'Sun Nov 22 is before last week. If that date is right, tick “Yes, Sun Nov 22” and log it again.',
    });
    expect(loggedTimeProblem('2025-12-01', at('2025-12-01', 540), NOW, ZONE)).toEqual({
      confirm: false,
      message: 'Mon Dec 1, 2025 is more than a year ago. Time can be logged back to Tue Dec 2, 2025.',
    });
    expect(loggedTimeProblem('2025-12-02', at('2025-12-02', 540), NOW, ZONE)?.confirm).toBe(true);
  });
});
