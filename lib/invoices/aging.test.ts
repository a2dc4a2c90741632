import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { today } from '@/lib/time/zoned';
import { agingBucket, agingReport, daysPastDue } from './aging';

describe('aging buckets', () => {
  // The firm's today comes from a frozen clock: 2026-03-31 10:00 in Chicago (a month with 31 days after a 28-day one).
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-31T15:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('counts whole days past the due date and puts each boundary in its bucket', () => {
    const now = today('America/Chicago');
    expect(now).toBe('2026-03-31');
    expect(daysPastDue('2026-03-31', now)).toBe(0);
    expect(daysPastDue('2026-04-15', now)).toBe(-15);
    expect(daysPastDue('2026-03-01', now)).toBe(30);
    expect(daysPastDue('2025-12-31', now)).toBe(90);
    const cases: [string, string][] = [
      ['2026-04-30', 'current'], // not due yet
      ['2026-03-31', 'current'], // due today
      ['2026-03-30', 'd1_30'], // 1 day late
      ['2026-03-01', 'd1_30'], // 30
      ['2026-02-28', 'd31_60'], // 31
      ['2026-01-30', 'd31_60'], // 60
      ['2026-01-29', 'd61_90'], // 61
      ['2025-12-31', 'd61_90'], // 90
      ['2025-12-30', 'd90_plus'], // 91
      ['2024-06-01', 'd90_plus'],
    ];
    for (const [due, bucket] of cases) expect([due, agingBucket(due, now)]).toEqual([due, bucket]);
  });

  it('sums balances outstanding per client and for the firm, most overdue client first, paid invoices left out', () => {
    const now = today('America/Chicago');
    const report = agingReport(
      [
        { clientId: 1, clientName: 'Harbor Yoga', dueDate: '2026-04-10', balanceCents: 10_000 },
        { clientId: 1, clientName: 'Harbor Yoga', dueDate: '2026-03-15', balanceCents: 2_550 }, // 16 days
        { clientId: 2, clientName: 'Elm Street Insurance', dueDate: '2025-12-01', balanceCents: 40_000 }, // 120 days
        { clientId: 2, clientName: 'Elm Street Insurance', dueDate: '2026-02-01', balanceCents: 7_500 }, // 58 days
        { clientId: 3, clientName: 'Paid Up Dental', dueDate: '2025-01-01', balanceCents: 0 },
        { clientId: 4, clientName: 'Acme', dueDate: '2026-01-15', balanceCents: 1 }, // 75 days
      ],
      now,
    );
    expect(report.rows.map((r) => [r.clientName, r.buckets, r.totalCents])).toEqual([
      ['Elm Street Insurance', { current: 0, d1_30: 0, d31_60: 7_500, d61_90: 0, d90_plus: 40_000 }, 47_500],
      ['Acme', { current: 0, d1_30: 0, d31_60: 0, d61_90: 1, d90_plus: 0 }, 1],
      ['Harbor Yoga', { current: 10_000, d1_30: 2_550, d31_60: 0, d61_90: 0, d90_plus: 0 }, 12_550],
    ]);
    expect(report.firm).toEqual({ current: 10_000, d1_30: 2_550, d31_60: 7_500, d61_90: 1, d90_plus: 40_000 });
    expect(report.totalCents).toBe(60_051);
  });
});
