import { exportInvoices } from '@/lib/dal/invoice-export';
import { memberForRoute } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { attachment, refusal } from '@/lib/http/download';
import { exportCsv } from '@/lib/invoices/export-csv';
import { checkExportRequest } from '@/lib/invoices/export-request';

export const dynamic = 'force-dynamic';

const NAME = { qbo: 'quickbooks-invoices', xero: 'xero-invoices', plain: 'invoices-and-payments' } as const;

/** GET /invoices/export?from=YYYY-MM-DD&to=YYYY-MM-DD&format=qbo|xero|plain — the firm's invoices (and payments) as CSV for its accountant. */
export async function GET(request: Request) {
  const gate = await memberForRoute();
  if (!gate.ok) return new Response(gate.message, { status: gate.status });
  if (!can(gate.member.role, 'invoices.read')) return new Response('Not allowed.', { status: 403 });
  const check = checkExportRequest(Object.fromEntries(new URL(request.url).searchParams));
  if (!check.ok) return new Response(Object.values(check.problems).join(' '), { status: 400 });
  const { from, to, format } = check.value;
  try {
    const { invoices, payments } = exportInvoices(gate.member, from, to);
    return attachment(exportCsv(format, invoices, payments), 'text/csv; charset=utf-8', `${NAME[format]}-${from}-to-${to}.csv`);
  } catch (e) {
    return refusal(e);
  }
}
