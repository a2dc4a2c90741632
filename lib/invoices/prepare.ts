import { formatMoney } from '@/lib/format';
import { amountForMinutes } from '@/lib/money';
import { dayLabel, formatHours } from '@/lib/time/format';
import { addDays, type LocalDate } from '@/lib/time/zoned';
import { priceEntry, tripFeeDays, type BillingTerms } from './terms';

/**
 * "Prepare this month's invoices", as a pure function of what the database
 * holds: for each client with a contract active in the month or billable
 * work not yet on an invoice, the draft a person will review. The data layer
 * (lib/dal/prepare-invoices.ts) reads the rows, calls this and writes the
 * drafts; nothing here knows about the database or the clock.
 */

export type MonthlyContract = {
  id: number;
  clientId: number;
  name: string;
  startDate: LocalDate;
  endDate: LocalDate | null;
  monthlyFeeCents: number;
  perSeatCents: number;
  includedMinutes: number;
  overageRateCents: number | null;
};

/** A client to prepare, with the billing terms in force for it now (its tier's or its own; lib/invoices/terms.ts). */
export type PrepClient = { id: number; seats: number; rateCents: number | null; taxExempt: boolean; terms: BillingTerms };
/** A billable time entry on no invoice yet (its amount rounded when it was recorded), and whether it was work on site. */
export type UnbilledEntry = { id: number; clientId: number; day: LocalDate; minutes: number; amountCents: number; onSite: boolean };

export type PlannedLine = {
  kind: 'fixed' | 'time';
  description: string;
  quantityMilli: number;
  unitPriceCents: number;
  /** Time lines: the minutes and the amount billed for them, and the entries they bill. */
  minutes: number | null;
  timeAmountCents: number;
  entryIds: number[];
  taxRateMilli: number;
};

export type PlannedDraft = {
  clientId: number;
  contractId: number | null;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  lines: PlannedLine[];
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The first and last local dates of a month written "2026-12". */
export function monthBounds(month: string): { first: LocalDate; last: LocalDate } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const [year, mm] = [Number(m[1]), Number(m[2])];
  const next = mm === 12 ? `${year + 1}-01-01` : `${year}-${String(mm + 1).padStart(2, '0')}-01`;
  return { first: `${month}-01`, last: addDays(next, -1) };
}

/** What the invoices page shows of a finished month's preparation (the job's result, lib/dal/prepare-invoices.ts). */
export type PrepareJobResult = {
  month: string;
  created: number;
  /** Clients to look at. */
  clients: number;
  /** Clients looked at: all of them, unless the run was cancelled. */
  looked: number;
};

/** "December 2026". */
export function monthName(month: string): string {
  const { first } = monthBounds(month);
  return `${MONTH_NAMES[Number(first.slice(5, 7)) - 1]} ${first.slice(0, 4)}`;
}

/** A contract bills a month when it is active on any day of it (a whole month's fee: no proration). */
export function activeIn(c: Pick<MonthlyContract, 'startDate' | 'endDate'>, first: LocalDate, last: LocalDate): boolean {
  return c.startDate <= last && (c.endDate === null || c.endDate >= first);
}

export type PlanInput = {
  month: string;
  clients: PrepClient[];
  contracts: MonthlyContract[];
  /** Unbilled billable entries up to the month's last day (earlier months' stragglers included). */
  entries: UnbilledEntry[];
  /** Clients that already have a prepared invoice for the month (not void): skipped, so preparing twice makes nothing new. */
  prepared: Set<number>;
  defaultTaxRateMilli: number;
};

/** The drafts of a month, one per client that has something to bill, in client order. */
export function planMonth(input: PlanInput): PlannedDraft[] {
  const { first, last } = monthBounds(input.month);
  const contracts = groupBy(
    input.contracts.filter((c) => activeIn(c, first, last)),
    (c) => c.clientId,
  );
  const entries = groupBy(
    input.entries.filter((e) => e.day <= last && e.amountCents >= 0),
    (e) => e.clientId,
  );
  const drafts: PlannedDraft[] = [];
  for (const client of [...input.clients].sort((a, b) => a.id - b.id)) {
    if (input.prepared.has(client.id)) continue;
    const own = contracts.get(client.id) ?? [];
    const work = entries.get(client.id) ?? [];
    if (own.length === 0 && work.length === 0) continue;
    const tax = client.taxExempt ? 0 : input.defaultTaxRateMilli;
    const lines = [
      ...own.flatMap((c) => contractLines(c, client, input.month, tax)),
      ...timeLines(work, own, client, tax),
      ...tripFeeLines(work, client.terms, tax),
    ];
    const periodStart = work.reduce((min, e) => (e.day < min ? e.day : min), first);
    drafts.push({ clientId: client.id, contractId: own[0]?.id ?? null, periodStart, periodEnd: last, lines });
  }
  return drafts;
}

const fixedLine = (description: string, quantityMilli: number, unitPriceCents: number, taxRateMilli: number): PlannedLine => ({
  kind: 'fixed',
  description,
  quantityMilli,
  unitPriceCents,
  minutes: null,
  timeAmountCents: 0,
  entryIds: [],
  taxRateMilli,
});

/** The terms' trip fee, once for each day with on-site work. */
function tripFeeLines(work: UnbilledEntry[], terms: BillingTerms, taxRateMilli: number): PlannedLine[] {
  return tripFeeDays(work, terms).map((day) => fixedLine(`Trip fee — ${dayLabel(day)}`, 1000, terms.tripFeeCents, taxRateMilli));
}

function contractLines(c: MonthlyContract, client: PrepClient, month: string, taxRateMilli: number): PlannedLine[] {
  const line = (description: string, quantityMilli: number, unitPriceCents: number) =>
    fixedLine(description, quantityMilli, unitPriceCents, taxRateMilli);
  const lines: PlannedLine[] = [];
  if (c.monthlyFeeCents > 0) lines.push(line(`${c.name} — ${monthName(month)}`, 1000, c.monthlyFeeCents));
  if (c.perSeatCents > 0)
    lines.push(
      line(`${c.name} — ${client.seats} seats × ${formatMoney(c.perSeatCents)}, ${monthName(month)}`, client.seats * 1000, c.perSeatCents),
    );
  return lines;
}

/**
 * The month's work, each entry first re-priced under the client's terms (increment and minimum; priceEntry says how
 * that relates to the entry's stored amount). Under a contract with included hours, one line bills all of it: the
 * included hours cost nothing more and the billed hours beyond them are charged at the overage rate. Otherwise one
 * line per day, each the sum of its entries' re-priced amounts.
 */
function timeLines(work: UnbilledEntry[], own: MonthlyContract[], client: PrepClient, taxRateMilli: number): PlannedLine[] {
  if (work.length === 0) return [];
  const sorted = [...work]
    .sort((a, b) => (a.day === b.day ? a.id - b.id : a.day < b.day ? -1 : 1))
    .map((e) => ({ ...e, ...priceEntry(e, client.terms) }));
  const included = own.reduce((sum, c) => sum + c.includedMinutes, 0);
  const timeLine = (description: string, group: UnbilledEntry[], amount: number): PlannedLine => ({
    kind: 'time',
    description,
    quantityMilli: 1000,
    unitPriceCents: 0,
    minutes: group.reduce((s, e) => s + e.minutes, 0),
    timeAmountCents: amount,
    entryIds: group.map((e) => e.id),
    taxRateMilli,
  });
  if (included > 0) {
    const minutes = sorted.reduce((s, e) => s + e.minutes, 0);
    const over = Math.max(0, minutes - included);
    const rate = own.find((c) => c.includedMinutes > 0)?.overageRateCents ?? client.rateCents;
    const beyond = over > 0 ? `; ${formatHours(over)} beyond at ${formatMoney(rate ?? 0)}/h` : '';
    return [
      timeLine(`Support: ${formatHours(minutes)} worked, ${formatHours(included)} included${beyond}`, sorted, amountForMinutes(over, rate)),
    ];
  }
  return [...groupBy(sorted, (e) => e.day).values()].map((group) =>
    timeLine(
      `${dayLabel(group[0]!.day)} — ${group.length} ${group.length === 1 ? 'entry' : 'entries'} (${formatHours(group.reduce((s, e) => s + e.minutes, 0))})`,
      group,
      group.reduce((s, e) => s + e.amountCents, 0),
    ),
  );
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
