import { describe, expect, it } from 'vitest';
import { blockMessages } from './block-messages';

const h24 = { hours: '24h' as const, thisYear: 2026 };
const h12 = { hours: '12h' as const, thisYear: 2026 };

describe('block messages', () => {
  it('name days as people read them, never ISO dates, with the year only when it is not this one', () => {
    expect(blockMessages.skipped('2026-12-07', h24)).toBe('Skipped the occurrence of Mon Dec 7; the reason is in the audit log.');
    expect(blockMessages.unskipped('2027-01-04', h24)).toBe('The occurrence of Mon Jan 4, 2027 protects its time again.');
    expect(blockMessages.ended('2026-12-31', h12)).toBe('The block now ends on Thu Dec 31.');
  });

  it('write times on the firm’s clock', () => {
    expect(blockMessages.added('every week on Monday', 7 * 60 + 30, 9 * 60, h24)).toBe(
      'Protected block added: every week on Monday, 07:30–09:00.',
    );
    expect(blockMessages.added('every week on Monday', 7 * 60 + 30, 9 * 60, h12)).toBe(
      'Protected block added: every week on Monday, 7:30–9:00 AM.',
    );
    expect(blockMessages.moved('2026-12-07', '2026-12-09', 10 * 60, 13 * 60, h12)).toBe(
      'Moved the occurrence of Mon Dec 7 to Wed Dec 9, 10:00 AM–1:00 PM.',
    );
    expect(blockMessages.moved('2026-12-07', '2026-12-07', 14 * 60, 15 * 60, h24)).toBe(
      'Moved the occurrence of Mon Dec 7 to 14:00–15:00.',
    );
  });
});
