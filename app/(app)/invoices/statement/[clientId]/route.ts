import { clientStatementPdf } from '@/lib/dal/receivables';
import { memberForRoute } from '@/lib/dal/session';
import { attachment, refusal } from '@/lib/http/download';
import { can } from '@/lib/permissions';
import { isRealDate } from '@/lib/time/zoned';

export const dynamic = 'force-dynamic';

/** GET /invoices/statement/<clientId>?from=YYYY-MM-DD&to=YYYY-MM-DD — the client's statement as a PDF (owner and staff of its firm). */
export async function GET(request: Request, { params }: { params: Promise<{ clientId: string }> }) {
  const gate = await memberForRoute();
  if (!gate.ok) return new Response(gate.message, { status: gate.status });
  if (!can(gate.member.role, 'invoices.read')) return new Response('Not allowed.', { status: 403 });
  const clientId = (await params).clientId;
  if (!/^\d{1,12}$/.test(clientId)) return new Response('Not found.', { status: 404 });
  const url = new URL(request.url);
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  if (!isRealDate(from) || !isRealDate(to) || to < from)
    return new Response('Give from and to as dates (YYYY-MM-DD), from not after to.', { status: 400 });
  try {
    const { filename, bytes } = clientStatementPdf(gate.member, Number(clientId), from, to);
    return attachment(bytes, 'application/pdf', filename);
  } catch (e) {
    return refusal(e);
  }
}
