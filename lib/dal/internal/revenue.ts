import 'server-only';
import { getDb } from '@/db';
import { localDate, localToInstant } from '@/lib/time/zoned';

/**
 * A client's revenue over a window ending now — what the tier engine calls
 * "billed in the last 12 months", the client list's and page's revenue, the
 * dashboard's money per tier and the referral what-if — counted from three
 * sources that never hold the same money twice:
 *
 * 1. Finalised invoices (never drafts, never void ones) issued in the window,
 *    before tax: what the client was actually billed, after the billing
 *    terms' rounding, minimums, trip fees, contract fees and discounts.
 * 2. Time worked in the window that is on no finalised invoice (unbilled, or
 *    on a draft, or released by a void): at the amount it was recorded with,
 *    the best guess of what it will bill. An entry on a finalised invoice is
 *    never counted by itself, whenever that invoice was issued: the invoice
 *    carries it.
 * 3. Charges (monthly fees and the like billed before the firm invoiced in
 *    Sweetspot; nothing writes them any more) dated before the client's first
 *    finalised invoice's period: from that day on, its invoices are the record
 *    of its billing — a contract invoice bills the fee a charge recorded, so
 *    counting both would count the month twice (the demo holds both).
 *
 * The windows are instants for time and charges and the firm's dates for
 * invoices (an issue date has no time of day).
 */
type Row = { clientId: number } & Record<string, number>;
type Query = {
  params: Record<string, number | string>;
  sums: (column: string, at: string, prefix: 's' | 'd') => string;
  only: (column: string) => string;
};

export function clientRevenue(
  firmId: number,
  timeZone: string,
  now: number,
  sinces: readonly number[],
  clientId?: number,
): Map<number, number[]> {
  const from = Math.min(...sinces);
  const params: Record<string, number | string> = {
    firmId,
    now,
    from,
    today: localDate(now, timeZone),
    fromDate: localDate(from, timeZone),
  };
  sinces.forEach((s, i) => {
    params[`s${i}`] = s;
    params[`d${i}`] = localDate(s, timeZone);
  });
  if (clientId !== undefined) params.clientId = clientId;
  const q: Query = {
    params,
    // One column per window: the sum of `column` over the rows at or after its start (`at` against @s<i> or @d<i>).
    sums: (column, at, prefix) =>
      sinces.map((_, i) => `coalesce(sum(case when ${at} >= @${prefix}${i} then ${column} end), 0) as w${i}`).join(', '),
    only: (column) => (clientId === undefined ? '' : `and ${column} = @clientId`),
  };
  const out = new Map<number, number[]>();
  const add = (rows: Row[], sign: 1 | -1) => {
    for (const r of rows) {
      const v = out.get(r.clientId) ?? sinces.map(() => 0);
      sinces.forEach((_, i) => (v[i]! += sign * r[`w${i}`]!));
      out.set(r.clientId, v);
    }
  };
  add(invoiced(q), 1);
  add(worked(q), 1);
  add(workedOnInvoices(q), -1);
  add(chargesBeforeInvoicing(q, timeZone), 1);
  return out;
}

// One connection per process: these raw statements join the caller's open transaction (the tier engine's).
const all = (sql: string, params: Record<string, number | string>) => getDb().$client.prepare(sql).all(params) as Row[];

function invoiced({ params, sums, only }: Query): Row[] {
  return all(
    `select client_id as clientId, ${sums('subtotal_cents', 'issue_date', 'd')} from invoices
      where firm_id = @firmId and status = 'finalised' and issue_date >= @fromDate and issue_date <= @today ${only('client_id')}
      group by client_id`,
    params,
  );
}

/** All the window's time, read from the covering index alone. */
function worked({ params, sums, only }: Query): Row[] {
  return all(
    `select client_id as clientId, ${sums('amount_cents', 'started_at', 's')} from time_entries indexed by time_entries_firm_client_cover_idx
      where firm_id = @firmId and client_id is not null and started_at >= @from and started_at < @now ${only('client_id')}
      group by client_id`,
    params,
  );
}

/** The part of it on finalised invoices: their invoices count it. */
function workedOnInvoices({ params, sums, only }: Query): Row[] {
  return all(
    `select te.client_id as clientId, ${sums('te.amount_cents', 'te.started_at', 's')}
       from invoices i join invoice_lines l on l.invoice_id = i.id join time_entries te on te.invoice_line_id = l.id
      where i.firm_id = @firmId and i.status = 'finalised' and te.started_at >= @from and te.started_at < @now ${only('i.client_id')}
      group by te.client_id`,
    params,
  );
}

/** Charges dated before the first day of the client's first finalised invoice's period (all of them when it has none). */
function chargesBeforeInvoicing({ params, sums, only }: Query, timeZone: string): Row[] {
  const first = getDb()
    .$client.prepare(
      `select client_id as clientId, min(period_start) as day from invoices where firm_id = @firmId and status = 'finalised' ${only('client_id')}
        group by client_id`,
    )
    .all(params) as { clientId: number; day: string }[];
  const cuts = JSON.stringify(first.map((f) => [f.clientId, localToInstant(f.day, 0, timeZone)]));
  return all(
    `with cut(client_id, at) as (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(@cuts))
     select ch.client_id as clientId, ${sums('ch.amount_cents', 'ch.billed_at', 's')}
       from charges ch indexed by charges_firm_client_cover_idx left join cut on cut.client_id = ch.client_id
      where ch.firm_id = @firmId and ch.billed_at >= @from and ch.billed_at < @now and (cut.at is null or ch.billed_at < cut.at) ${only('ch.client_id')}
      group by ch.client_id`,
    { ...params, cuts },
  );
}
