import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import { databasePath, getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { monthBounds } from '@/lib/invoices/prepare';
import { startJob, type Started } from '@/lib/jobs/registry';
import { assertCan } from '@/lib/permissions';
import { forgetFirm } from './internal/metrics-cache';
import { prepareMonth, type MonthProgress } from './internal/prepare-month';
import type { Member } from './session';

export type PrepareProgress = MonthProgress;
export type PrepareResult = { month: string; created: number; invoiceIds: number[] };

function checkMonth(month: string): void {
  try {
    monthBounds(month);
  } catch {
    throw new UserFacingError('Choose a month, like 2026-12.', 'month');
  }
}

/**
 * "Prepare this month's invoices": a draft for every client with a contract
 * active in the month or billable work not yet invoiced (up to the month's
 * end). Nothing is sent: a person reviews and finalises each draft. This
 * runs it on the caller's thread (scripts, seeds and tests); the invoices page
 * starts it in a worker thread (startPrepareMonth). Both run the same
 * transactions (./internal/prepare-month.ts).
 */
export async function prepareMonthInvoices(
  member: Member,
  month: string,
  onProgress: (p: PrepareProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<PrepareResult> {
  assertCan(member.role, 'invoices.write');
  checkMonth(month);
  const { created, invoiceIds } = await prepareMonth(member, month, onProgress, () => signal?.aborted ?? false);
  return { month, created, invoiceIds };
}

/**
 * Starts the month's preparation as a job of the firm (lib/jobs/registry.ts)
 * in a worker thread with its own connection to the same database file: the
 * page polls its progress — clients done of clients to look at — and can be
 * left and come back to. Cancelled, it stops after the client it is on and
 * keeps the drafts already made. Started while one runs, the running one is
 * answered. When it ends, this thread forgets the firm's cached figures.
 */
export function startPrepareMonth(member: Member, month: string): Started {
  assertCan(member.role, 'invoices.write');
  checkMonth(month);
  const firmId = member.firmId;
  return startJob(
    member,
    'prepare-invoices',
    { actor: { firmId, userId: member.userId }, month, databasePath: databasePath() },
    { params: { month }, onFinish: () => forgetFirm(firmId) },
  );
}

/** How many clients have a prepared invoice for the month (not void): what the page says is already done. */
export function preparedCount(member: Member, month: string): number {
  assertCan(member.role, 'invoices.read');
  const row = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(schema.invoices)
    .where(and(eq(schema.invoices.firmId, member.firmId), eq(schema.invoices.preparedFor, month), ne(schema.invoices.status, 'void')))
    .get();
  return row?.n ?? 0;
}
