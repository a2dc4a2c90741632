import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditFieldLabel, auditValue } from './audit-labels';

describe('audit log wording', () => {
  it('names every action the app writes in words, and an unknown one still without dots or underscores', () => {
    expect(auditActionLabel('marketing.move')).toBe('Moved a marketing block occurrence');
    expect(auditActionLabel('firm.settings_updated')).toBe('Changed firm settings');
    expect(auditActionLabel('something.brand_new')).toBe('Something brand new');
  });

  it('names fields as their forms do, and other keys as words', () => {
    expect(auditFieldLabel('microMaxSeats')).toBe('Micro: up to (seats)');
    expect(auditFieldLabel('startDate')).toBe('Start date');
    expect(auditFieldLabel('week_submitted')).toBe('Week submitted');
  });

  it('reads dates as days (the year when it is not this one), and no JSON quotes', () => {
    expect(auditValue('2026-12-22', { thisYear: 2026 })).toBe('Tue Dec 22');
    expect(auditValue('2027-01-04', { thisYear: 2026 })).toBe('Mon Jan 4, 2027');
    expect(auditValue('13:00')).toBe('13:00');
    expect(auditValue(true)).toBe('yes');
    expect(auditValue(null)).toBe('—');
    expect(auditValue(5)).toBe('5');
    expect(auditValue(12_500, { key: 'targetHourlyRateCents' })).toBe('$125.00');
  });

  it('reads a role by the name the team page gives it', () => {
    expect(auditValue('staff', { key: 'role' })).toBe('Office staff');
    expect(auditValue('owner', { key: 'role' })).toBe('Owner');
    expect(auditValue('staff', { key: 'name' })).toBe('staff');
  });
});
