import 'server-only';
import { getDb } from '@/db';
import type { InvoiceState } from '@/lib/invoices/status';
import { assertCan } from '@/lib/permissions';
import { today } from '@/lib/time/zoned';
import type { InvoiceListQuery } from '@/lib/validations/invoices';
import { MAX_CLIENT_OPTIONS, type ClientOption } from './client-options';
import { escapeLike } from './internal/client-rows';
import { firmTimeZone } from './internal/firm';
import type { InvoiceListItem } from './invoices';
import type { Member } from './session';

/** The invoice list, a page at a time: newest first, filtered by what an invoice is now and by client. */

export const INVOICE_PAGE_SIZE = 50;

/**
 * An invoice's state in SQL, the same rule as lib/invoices/status.ts invoiceState
 * (a unit test holds the two together): filtering by it happens in the database,
 * so a page reads its 50 rows and the count, never the whole list.
 */
const STATE_SQL = `case when i.status <> 'finalised' then i.status
  when i.paid >= i.total_cents then 'paid'
  when i.due_date is not null and @today > i.due_date then 'overdue'
  when i.paid > 0 then 'partially_paid'
  when i.sent_at is null then 'open' else 'sent' end`;

const ROWS = `select inv.id, inv.number, inv.client_id, inv.period_start, inv.period_end, inv.issue_date, inv.due_date,
    inv.total_cents, inv.sent_at, inv.status, inv.created_at,
    coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = inv.id and p.reversed_at is null), 0) as paid
  from invoices inv where inv.firm_id = @firmId`;

export type InvoicePage = {
  rows: InvoiceListItem[];
  /** Invoices matching the filters, over every page. */
  total: number;
  page: number;
  pageCount: number;
  state: InvoiceState | undefined;
  client: number | undefined;
  q: string | undefined;
};

export function listInvoicePage(member: Member, query: InvoiceListQuery, now = Date.now()): InvoicePage {
  assertCan(member.role, 'invoices.read');
  const sqlite = getDb().$client;
  const on = today(firmTimeZone(getDb(), member.firmId), now);
  const params: Record<string, string | number> = { firmId: member.firmId, today: on };
  const where = ['1 = 1'];
  if (query.state) {
    where.push('state = @state');
    params.state = query.state;
  }
  if (query.client) {
    where.push('i.client_id = @client');
    params.client = query.client;
  } else if (query.q) {
    where.push("c.name like @q escape '\\'");
    params.q = `%${escapeLike(query.q)}%`;
  }
  const from = `from (select i.*, ${STATE_SQL} as state from (${ROWS}) i) i join clients c on c.id = i.client_id where ${where.join(' and ')}`;
  const total = (sqlite.prepare(`select count(*) as n ${from}`).get(params) as { n: number }).n;
  const pageCount = Math.max(1, Math.ceil(total / INVOICE_PAGE_SIZE));
  const page = Math.min(query.page ?? 1, pageCount);
  const raw = sqlite
    .prepare(
      `select i.id, i.number, i.client_id as clientId, c.name as clientName, i.period_start as periodStart, i.period_end as periodEnd,
              i.issue_date as issueDate, i.due_date as dueDate, i.total_cents as totalCents, i.paid as paidCents, i.state
         ${from} order by i.created_at desc, i.id desc limit ${INVOICE_PAGE_SIZE} offset ${(page - 1) * INVOICE_PAGE_SIZE}`,
    )
    .all(params) as InvoiceListItem[];
  return { rows: raw, total, page, pageCount, state: query.state, client: query.client, q: query.client ? undefined : query.q };
}

/** The clients with an invoice, to filter by: a select's options, or null when there are too many to list (filter by name instead). */
export function invoicedClientOptions(member: Member): ClientOption[] | null {
  assertCan(member.role, 'invoices.read');
  const rows = getDb()
    .$client.prepare(
      `select c.id, c.name from clients c where c.firm_id = ? and exists (select 1 from invoices i where i.client_id = c.id)
        order by c.name collate nocase limit ${MAX_CLIENT_OPTIONS + 1}`,
    )
    .all(member.firmId) as { id: number; name: string }[];
  return rows.length > MAX_CLIENT_OPTIONS ? null : rows.map((c) => ({ value: String(c.id), label: c.name }));
}
