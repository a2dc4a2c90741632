import 'server-only';
import { and, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { activeIn, monthBounds, monthName, planMonth, type PlannedDraft, type PrepareJobResult } from '@/lib/invoices/prepare';
import { startServerJob, type Started } from '@/lib/jobs/registry';
import { isOnSite, termsForClient, tierTermsFrom, type TierTerms } from '@/lib/invoices/terms';
import { priceLine } from '@/lib/invoices/totals';
import { assertCan } from '@/lib/permissions';
import { addDays, localDates, localToInstant } from '@/lib/time/zoned';
import { refreshTotals, unbilledClientEntries } from './internal/invoices';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type PrepareProgress = { done: number; total: number };
export type PrepareResult = { month: string; created: number; invoiceIds: number[] };

/**
 * Work is done in slices: clients are prepared in one immediate transaction
 * until SLICE_MS have passed, then the server rests for REST_MS, so pages
 * asked for meanwhile get a share of the time (a page needs several
 * turns of the event loop, and each slice holds one).
 */
const SLICE_MS = 100;
const REST_MS = 25;

/**
 * "Prepare this month's invoices": a draft for every client with a contract
 * active in the month or billable work not yet invoiced (up to the month's
 * end). Nothing is sent: a person reviews and finalises each draft.
 *
 * Idempotent: each client is re-read inside the slice's immediate
 * transaction — whether it already has a prepared invoice for the month,
 * which entries are still unbilled — so running it twice, or twice at once,
 * makes no second draft and bills no entry twice (a unique index backs this
 * up).
 */
export async function prepareMonthInvoices(
  member: Member,
  month: string,
  onProgress: (p: PrepareProgress) => void = () => {},
  signal?: AbortSignal,
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
  for (let next = 0; next < ids.length;) {
    next = writeTransaction((tx) => {
      const slice = new Slice(tx, member, month);
      const start = performance.now();
      let i = next;
      do {
        const id = slice.prepare(ids[i]!);
        if (id !== null) invoiceIds.push(id);
        i++;
      } while (i < ids.length && performance.now() - start < SLICE_MS);
      slice.audit();
      return i;
    });
    onProgress({ done: next, total: ids.length });
    // Cancelled: what is prepared stays (each slice is whole); running it again carries on.
    if (signal?.aborted) break;
    if (next < ids.length) await rest(REST_MS);
  }
  return { month, created: invoiceIds.length, invoiceIds };
}

/**
 * Starts the month's preparation as a job of the firm (lib/jobs/registry.ts):
 * the page polls its progress — clients done of clients to look at — and can
 * be left and come back to. It runs on this thread in slices (it writes), as
 * prepareMonthInvoices says. Started while one runs, the running one is answered.
 */
export function startPrepareMonth(member: Member, month: string): Started {
  assertCan(member.role, 'invoices.write');
  try {
    monthBounds(month);
  } catch {
    throw new UserFacingError('Choose a month, like 2026-12.', 'month');
  }
  const name = monthName(month);
  let clients = 0;
  return startServerJob(
    member,
    'prepare-invoices',
    async (report, signal) => {
      const progress = ({ done, total }: PrepareProgress) => {
        clients = total;
        report({ done, total: Math.max(total, 1), text: `Looked at ${count(done)} of ${count(total)} clients for ${name}` });
      };
      const { created } = await prepareMonthInvoices(member, month, progress, signal);
      return JSON.stringify({ month, created, clients } satisfies PrepareJobResult);
    },
    { params: { month } },
  );
}

const count = (n: number) => n.toLocaleString('en-US');

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

/** Clients prepared in one transaction: the firm read once, one audit row for the slice's drafts. */
class Slice {
  private readonly firm: typeof schema.firms.$inferSelect;
  private readonly toDate: (instant: number) => string;
  private readonly made: number[] = [];
  private readonly tierTerms: TierTerms;

  constructor(
    private readonly tx: Conn,
    private readonly member: Member,
    private readonly month: string,
  ) {
    this.firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
    this.toDate = localDates(this.firm.timeZone);
    this.tierTerms = tierTermsFrom(this.firm.tierTerms);
  }

  /** The client's draft for the month, or null when it already has one or has nothing to bill. */
  prepare(clientId: number): number | null {
    const { tx, member, month } = this;
    const client = tx
      .select({
        id: schema.clients.id,
        seats: schema.clients.seats,
        rateCents: schema.clients.hourlyRateCents,
        taxExempt: schema.clients.taxExempt,
        tier: schema.clients.tier,
        termsOverride: schema.clients.termsOverride,
      })
      .from(schema.clients)
      .where(and(eq(schema.clients.firmId, member.firmId), eq(schema.clients.id, clientId)))
      .get();
    if (!client || alreadyPrepared(tx, member.firmId, clientId, month)) return null;
    const contracts = tx
      .select()
      .from(schema.contracts)
      .where(and(eq(schema.contracts.firmId, member.firmId), eq(schema.contracts.clientId, clientId)))
      .all();
    // The terms in force now, read in this transaction: a tier changed since the last run is followed from here on.
    const { terms } = termsForClient(client, this.tierTerms);
    const [draft] = planMonth({
      month,
      clients: [{ id: client.id, seats: client.seats, rateCents: client.rateCents, taxExempt: Boolean(client.taxExempt), terms }],
      contracts,
      entries: unbilledEntries(tx, member.firmId, clientId, this.firm.timeZone, this.toDate, monthBounds(month).last),
      prepared: new Set(),
      defaultTaxRateMilli: this.firm.defaultTaxRateMilli,
    });
    if (!draft) return null;
    const id = writeDraft(tx, member.firmId, month, draft, terms.paymentTermsDays);
    this.made.push(id);
    return id;
  }

  audit(): void {
    if (this.made.length > 0)
      writeAudit(this.tx, this.member, {
        action: 'invoices.prepared',
        entity: 'firm',
        id: this.member.firmId,
        after: { month: this.month, invoiceIds: this.made },
      });
  }
}

const rest = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alreadyPrepared(tx: Conn, firmId: number, clientId: number, month: string): boolean {
  const row = tx
    .select({ id: schema.invoices.id })
    .from(schema.invoices)
    .where(
      and(
        eq(schema.invoices.firmId, firmId),
        eq(schema.invoices.clientId, clientId),
        eq(schema.invoices.preparedFor, month),
        ne(schema.invoices.status, 'void'),
      ),
    )
    .get();
  return row !== undefined;
}

function unbilledEntries(tx: Conn, firmId: number, clientId: number, zone: string, toDate: (t: number) => string, last: string) {
  return unbilledClientEntries(tx, firmId, clientId, null, localToInstant(addDays(last, 1), 0, zone)).map((e) => ({
    id: e.id,
    clientId,
    day: toDate(e.startedAt),
    minutes: e.minutes,
    amountCents: e.amountCents,
    onSite: isOnSite(e),
  }));
}

function writeDraft(tx: Conn, firmId: number, month: string, draft: PlannedDraft, paymentTermsDays: number): number {
  const { id } = tx
    .insert(schema.invoices)
    .values({
      firmId,
      clientId: draft.clientId,
      periodStart: draft.periodStart,
      periodEnd: draft.periodEnd,
      preparedFor: month,
      contractId: draft.contractId,
      paymentTermsDays,
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
