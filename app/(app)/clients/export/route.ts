import { clientsToCsv } from '@/lib/csv';
import { exportClients } from '@/lib/dal/clients';
import { memberForRoute } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export const dynamic = 'force-dynamic';

export async function GET() {
  const gate = await memberForRoute();
  if (!gate.ok) return new Response(gate.message, { status: gate.status });
  const { member } = gate;
  if (!can(member.role, 'clients.read')) return new Response('Not allowed.', { status: 403 });
  const csv = clientsToCsv(exportClients(member));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="clients-${date}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
