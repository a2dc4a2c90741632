import { timesheetToCsv } from '@/lib/csv';
import { exportTimesheet } from '@/lib/dal/timesheets';
import { memberForRoute } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { isRealDate } from '@/lib/time/zoned';

export const dynamic = 'force-dynamic';

/** GET /timesheets/export?from=YYYY-MM-DD&to=YYYY-MM-DD&who=<id>|all — time entries as CSV. */
export async function GET(request: Request) {
  const gate = await memberForRoute();
  if (!gate.ok) return new Response(gate.message, { status: gate.status });
  const { member } = gate;
  const url = new URL(request.url);
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  const who = url.searchParams.get('who') ?? String(member.userId);
  if (!isRealDate(from) || !isRealDate(to) || to < from)
    return new Response('Give from and to as dates (YYYY-MM-DD), from not after to.', { status: 400 });
  if (who !== 'all' && !/^\d+$/.test(who)) return new Response('who must be a person id or "all".', { status: 400 });
  try {
    const rows = exportTimesheet(member, who === 'all' ? 'all' : Number(who), from, to);
    return new Response(`\uFEFF${timesheetToCsv(rows)}\r\n`, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="timesheet-${from}-to-${to}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return new Response('Not found.', { status: 404 });
    if (e instanceof ForbiddenError) return new Response('Not allowed.', { status: 403 });
    throw e;
  }
}
