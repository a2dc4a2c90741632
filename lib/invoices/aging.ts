import { DateTime } from 'luxon';
import type { LocalDate } from '@/lib/time/zoned';

export const AGING_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const AGING_LABEL: Record<AgingBucket, string> = {
  current: 'Current',
  d1_30: '1–30 days',
  d31_60: '31–60 days',
  d61_90: '61–90 days',
  d90_plus: 'Over 90 days',
};

/** Whole days from `dueDate` to `today` (both the firm's local dates): 0 on the due date, negative before it. */
export function daysPastDue(dueDate: LocalDate, today: LocalDate): number {
  return Math.round(DateTime.fromISO(today, { zone: 'utc' }).diff(DateTime.fromISO(dueDate, { zone: 'utc' }), 'days').days);
}

/** The bucket of money still owed: current until the day after it was due, then by whole days past due. */
export function agingBucket(dueDate: LocalDate, today: LocalDate): AgingBucket {
  const days = daysPastDue(dueDate, today);
  if (days <= 0) return 'current';
  if (days <= 30) return 'd1_30';
  if (days <= 60) return 'd31_60';
  if (days <= 90) return 'd61_90';
  return 'd90_plus';
}

export type OpenInvoice = { clientId: number; clientName: string; dueDate: LocalDate; balanceCents: number };
export type Buckets = Record<AgingBucket, number>;
export type AgingRow = { clientId: number; clientName: string; buckets: Buckets; totalCents: number; oldestDue: LocalDate };
export type AgingReport = { rows: AgingRow[]; firm: Buckets; totalCents: number };

const empty = (): Buckets => ({ current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 });

/**
 * Receivables by age: each invoice's balance outstanding in the bucket of its
 * due date, summed per client and for the firm. Invoices with nothing owed
 * are left out. Clients come most overdue first (oldest due date), then by
 * name, so the calls to make are at the top.
 */
export function agingReport(invoices: OpenInvoice[], today: LocalDate): AgingReport {
  const byClient = new Map<number, AgingRow>();
  const firm = empty();
  for (const inv of invoices) {
    if (inv.balanceCents <= 0) continue;
    const bucket = agingBucket(inv.dueDate, today);
    const row = byClient.get(inv.clientId) ?? {
      clientId: inv.clientId,
      clientName: inv.clientName,
      buckets: empty(),
      totalCents: 0,
      oldestDue: inv.dueDate,
    };
    row.buckets[bucket] += inv.balanceCents;
    row.totalCents += inv.balanceCents;
    if (inv.dueDate < row.oldestDue) row.oldestDue = inv.dueDate;
    byClient.set(inv.clientId, row);
    firm[bucket] += inv.balanceCents;
  }
  const rows = [...byClient.values()].sort((a, b) => a.oldestDue.localeCompare(b.oldestDue) || a.clientName.localeCompare(b.clientName));
  return { rows, firm, totalCents: rows.reduce((s, r) => s + r.totalCents, 0) };
}
