import { isIP } from 'node:net';
import { headers } from 'next/headers';
import { PEER_HEADER } from '@/lib/http/peer-address';

/** TRUSTED_PROXY_HOPS: how many reverse proxies of your own stand in front of the server (0 when none). */
export function trustedProxyHops(value = process.env.TRUSTED_PROXY_HOPS): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,2}$/.test(value) || Number(value) > 10) throw new Error(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${value}"`);
  return Number(value);
}

/**
 * The client's address, for throttling: the socket's address, or behind N
 * trusted proxies the N-th X-Forwarded-For entry from the right (the one the
 * outermost proxy of yours appended), read from the chain the server stamps
 * on each request (lib/http/peer-address.ts). A request that reached the app
 * past the proxies (a chain shorter than expected) is known by its leftmost
 * entry, which is then the socket's. Anything that is not an IP address
 * counts as "unknown".
 */
export function clientAddress(headers: Headers, hops = trustedProxyHops()): string {
  const chain = (headers.get(PEER_HEADER) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = chain[Math.max(0, chain.length - 1 - hops)];
  if (!entry) return 'unknown';
  const address = entry.startsWith('::ffff:') && isIP(entry.slice(7)) === 4 ? entry.slice(7) : entry;
  return isIP(address) ? address : 'unknown';
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
