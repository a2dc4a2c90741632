import { feedCalendar } from '@/lib/dal/feeds';

/**
 * A calendar feed (iCalendar) for Google Calendar, Outlook or Apple Calendar
 * to subscribe to. The secret token in the URL is the only credential; a
 * revoked or replaced token answers 404 at once.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const body = feedCalendar(token.replace(/\.ics$/, ''));
  if (body === null)
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="sweetspot.ics"',
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  });
}
