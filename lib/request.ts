import { headers } from 'next/headers';

/**
 * The address used for per-client login throttling. Next's server appends the
 * socket address to x-forwarded-for, so the last entry is the one a client
 * cannot forge; behind a trusted reverse proxy set TRUSTED_PROXY_HOPS to skip it.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0) || 0;
  return forwarded[forwarded.length - 1 - hops] ?? headers.get('x-real-ip') ?? 'unknown';
}

/**
 * The address people reach the app at, for links shown to be copied (calendar
 * feeds, the client request page): APP_URL when set, else the request's own host.
 */
export async function appOrigin(): Promise<string> {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/$/, '');
  const h = await headers();
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return `${proto}://${h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost'}`;
}
