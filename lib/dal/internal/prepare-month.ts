import 'server-only';
import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { insertPlannedLine } from '@/db/invoice-lines';
import { activeIn, monthBounds, planMonth, type PlannedDraft } from '@/lib/invoices/prepare';
import { isOnSite, termsForClient, tierTermsFrom, type TierTerms } from '@/lib/invoices/terms';
import { priceLine } from '@/lib/invoices/totals';
import { addDays, localDates, localToInstant } from '@/lib/time/zoned';
import { refreshTotals, unbilledClientEntries } from './invoices';
import { writeAudit, writeTransaction } from './write';
import type { Member } from '../session';

/**
 * The writing half of "prepare this month's invoices", with no request in it:
 * it runs in the jobs worker thread on that thread's own connection
 * (lib/dal/prepare-month-task.ts), and on the caller's thread in development
 * and tests (lib/dal/prepare-invoices.ts). Whoever runs it checked the
 * caller's role and the month first.
 *
 * Work is done in slices: clients are prepared in one immediate transaction
 * until SLICE_MS have passed (or a stop is asked for, checked after each
 * client), then the writer rests for REST_MS, so another connection waiting
 * for the write lock (the server's, in its busy timeout) gets it between
 * slices, and on the caller's thread pages get a share of the time.
 *
 * Idempotent: each client is re-read inside the slice's immediate
 * transaction — whether it already has a prepared invoice for the month,
 * which entries are still unbilled — so running it twice, or twice at once,
 * makes no second draft and bills no entry twice (a unique index backs this
 * up). A slice commits whole drafts only: stopped, what is prepared stays,
 * and running it again carries on.
 */
const SLICE_MS = 50;
const REST_MS = 25;

/** Who prepares: the firm, and the member the audit row names. */
export type Actor = Pick<Member, 'firmId' | 'userId'>;
export type MonthProgress = { done: number; total: number };
export type MonthOutcome = { created: number; invoiceIds: number[]; done: number; total: number };

export async function prepareMonth(
  actor: Actor,
  month: string,
  onProgress: (p: MonthProgress) => void,
  stopped: () => boolean = () => false,
): Promise<MonthOutcome> {
  const { first, last } = monthBounds(month);
  const ids = candidateClients(getDb(), actor.firmId, first, last);
  const invoiceIds: number[] = [];
  onProgress({ done: 0, total: ids.length });
  let next = 0;
  while (next < ids.length && !stopped()) {
    next = writeTransaction((tx) => {
      const slice = new Slice(tx, actor, month);
      const start = performance.now();
      let i = next;
      do {
        const id = slice.prepare(ids[i]!);
        if (id !== null) invoiceIds.push(id);
        i++;
      } while (i < ids.length && !stopped() && performance.now() - start < SLICE_MS);
      slice.audit();
      return i;
    });
    onProgress({ done: next, total: ids.length });
    if (next < ids.length && !stopped()) await rest(REST_MS);
  }
  return { created: invoiceIds.length, invoiceIds, done: next, total: ids.length };
}

const rest = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clients that may have something to bill in the month: an active contract, or billable work on no invoice. */
export function candidateClients(db: Conn, firmId: number, first: string, last: string): number[] {
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
    private readonly member: Actor,
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
    const { amountCents, taxCents } = priceLine(line);
    insertPlannedLine(tx, { firmId, invoiceId: id, position: i + 1 }, line, { amountCents, taxCents });
  });
  refreshTotals(tx, id);
  return id;
}
