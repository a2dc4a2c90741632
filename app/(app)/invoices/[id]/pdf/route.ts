import { getInvoicePdf } from '@/lib/dal/invoice-pdf';
import { memberForRoute } from '@/lib/dal/session';
import { attachment, refusal } from '@/lib/http/download';

export const dynamic = 'force-dynamic';

/** GET /invoices/<id>/pdf — the stored PDF of a finalised invoice, or a draft's preview marked DRAFT (owner and staff of its firm). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const gate = await memberForRoute();
  if (!gate.ok) return new Response(gate.message, { status: gate.status });
  const id = (await params).id;
  if (!/^\d{1,12}$/.test(id)) return new Response('Not found.', { status: 404 });
  try {
    const { filename, bytes } = getInvoicePdf(gate.member, Number(id));
    return attachment(bytes, 'application/pdf', filename);
  } catch (e) {
    return refusal(e);
  }
}
