import 'server-only';
import { and, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { activeIn, monthBounds, planMonth, type PlannedDraft } from '@/lib/invoices/prepare';
import { priceLine } from '@/lib/invoices/totals';
import { isBilledCategory } from '@/lib/money';
import { assertCan } from '@/lib/permissions';
import { addDays, localDate, localToInstant } from '@/lib/time/zoned';
import { refreshTotals } from './internal/invoices';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type PrepareProgress = { done: number; total: number };
export type PrepareResult = { month: string; created: number; invoiceIds: number[] };

/** Clients per write transaction: small enough that a page waiting for the write lock waits a few milliseconds. */
const BATCH = 100;

/**
 * "Prepare this month's invoices": a draft for every client with a contract
 * active in the month or billable work not yet invoiced (up to the month's
 * end). Nothing is sent: a person reviews and finalises each draft.
 *
 * Idempotent: each batch re-reads, inside its own immediate transaction,
 * which clients already have a prepared invoice for the month and which
 * entries are still unbilled, so running it twice — or twice at once — makes
 * no second draft and bills no entry twice (a unique index backs this up).
 * Batches are separate transactions with a turn of the event loop between
 * them, so the server keeps answering pages while a big firm is prepared.
 */
export async function prepareMonthInvoices(
  member: Member,
  month: string,
  onProgress: (p: PrepareProgress) => void = () => {},
): Promise<PrepareResult> {
  assertCan(member.role, 'invoices.write');
  let bounds: { first: string; last: string };
  try {
    bounds = monthBounds(month);
  } catch {
    throw new UserFacingError('Choose a month, like 2026-12.', 'month');
  }
  const ids = candidateClients(getDb(), member.firmId, bounds.first, bounds.last);
  const invoiceIds: number[] = [];
  onProgress({ done: 0, total: ids.length });
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    invoiceIds.push(...writeTransaction((tx) => prepareBatch(tx, member, month, batch)));
    onProgress({ done: Math.min(ids.length, i + BATCH), total: ids.length });
    await nextTurn();
  }
  return { month, created: invoiceIds.length, invoiceIds };
}

/** Clients that may have something to bill in the month: an active contract, or billable work on no invoice. */
function candidateClients(db: Conn, firmId: number, first: string, last: string): number[] {
  const zone = zoneOf(db, firmId);
  const end = localToInstant(addDays(last, 1), 0, zone);
  const withWork = db
    .selectDistinct({ id: schema.timeEntries.clientId })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.firmId, firmId),
        isNull(schema.timeEntries.invoiceLineId),
        lt(schema.timeEntries.startedAt, end),
        gt(schema.timeEntries.amountCents, 0),
      ),
    )
    .all();
  const contracts = db
    .select({ id: schema.contracts.clientId, startDate: schema.contracts.startDate, endDate: schema.contracts.endDate })
    .from(schema.contracts)
    .where(eq(schema.contracts.firmId, firmId))
    .all()
    .filter((c) => activeIn(c, first, last));
  const ids = new Set([...withWork, ...contracts].map((r) => r.id).filter((id): id is number => id !== null));
  return [...ids].sort((a, b) => a - b);
}

const zoneOf = (db: Conn, firmId: number) =>
  db.select({ zone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get()!.zone;

function prepareBatch(tx: Conn, member: Member, month: string, clientIds: number[]): number[] {
  const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  const { last } = monthBounds(month);
  const clients = tx
    .select({
      id: schema.clients.id,
      seats: schema.clients.seats,
      rateCents: schema.clients.hourlyRateCents,
      taxExempt: schema.clients.taxExempt,
    })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, member.firmId), inArray(schema.clients.id, clientIds)))
    .all();
  const contracts = tx
    .select()
    .from(schema.contracts)
    .where(and(eq(schema.contracts.firmId, member.firmId), inArray(schema.contracts.clientId, clientIds)))
    .all();
  const prepared = tx
    .select({ id: schema.invoices.clientId })
    .from(schema.invoices)
    .where(
      and(
        eq(schema.invoices.firmId, member.firmId),
        inArray(schema.invoices.clientId, clientIds),
        eq(schema.invoices.preparedFor, month),
        ne(schema.invoices.status, 'void'),
      ),
    )
    .all();
  const drafts = planMonth({
    month,
    clients: clients.map((c) => ({ ...c, taxExempt: Boolean(c.taxExempt) })),
    contracts,
    entries: unbilledEntries(tx, member.firmId, clientIds, firm.timeZone, last),
    prepared: new Set(prepared.map((p) => p.id)),
    defaultTaxRateMilli: firm.defaultTaxRateMilli,
  });
  const ids = drafts.map((draft) => writeDraft(tx, member.firmId, month, draft));
  if (ids.length > 0)
    writeAudit(tx, member, { action: 'invoices.prepared', entity: 'firm', id: member.firmId, after: { month, invoiceIds: ids } });
  return ids;
}

function unbilledEntries(tx: Conn, firmId: number, clientIds: number[], zone: string, last: string) {
  return tx
    .select({
      id: schema.timeEntries.id,
      clientId: schema.timeEntries.clientId,
      startedAt: schema.timeEntries.startedAt,
      minutes: schema.timeEntries.minutes,
      amountCents: schema.timeEntries.amountCents,
      category: schema.timeEntries.category,
    })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.firmId, firmId),
        inArray(schema.timeEntries.clientId, clientIds),
        isNull(schema.timeEntries.invoiceLineId),
        lt(schema.timeEntries.startedAt, localToInstant(addDays(last, 1), 0, zone)),
        gt(schema.timeEntries.amountCents, 0),
      ),
    )
    .all()
    .filter((e) => isBilledCategory(e.category))
    .map((e) => ({ id: e.id, clientId: e.clientId!, day: localDate(e.startedAt, zone), minutes: e.minutes, amountCents: e.amountCents }));
}

function writeDraft(tx: Conn, firmId: number, month: string, draft: PlannedDraft): number {
  const { id } = tx
    .insert(schema.invoices)
    .values({
      firmId,
      clientId: draft.clientId,
      periodStart: draft.periodStart,
      periodEnd: draft.periodEnd,
      preparedFor: month,
      contractId: draft.contractId,
    })
    .returning({ id: schema.invoices.id })
    .get();
  draft.lines.forEach((line, i) => {
    const priced = priceLine(line);
    const { kind, description, quantityMilli, unitPriceCents, minutes, taxRateMilli } = line;
    const row = tx
      .insert(schema.invoiceLines)
      .values({
        kind,
        description,
        quantityMilli,
        unitPriceCents,
        minutes,
        taxRateMilli,
        ...priced,
        firmId,
        invoiceId: id,
        position: i + 1,
      })
      .returning({ id: schema.invoiceLines.id })
      .get();
    if (line.entryIds.length > 0)
      tx.update(schema.timeEntries).set({ invoiceLineId: row.id }).where(inArray(schema.timeEntries.id, line.entryIds)).run();
  });
  refreshTotals(tx, id);
  return id;
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
