import { isIP } from 'node:net';
import { headers } from 'next/headers';
import { PEER_HEADER } from '@/lib/http/peer-address';

/** TRUSTED_PROXY_HOPS: how many reverse proxies of your own stand in front of the server (0 when none). */
export function trustedProxyHops(value = process.env.TRUSTED_PROXY_HOPS): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,2}$/.test(value) || Number(value) > 10)
    throw new Error(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${value}"`);
  return Number(value);
}

/**
 * The client's address, for throttling: the socket's address, or behind N
 * trusted proxies the N-th X-Forwarded-For entry from the right (the one the
 * outermost proxy of yours appended), read from the chain the server stamps
 * on each request (lib/http/peer-address.ts). A request that reached the app
 * past the proxies (a chain shorter than expected) is known by its leftmost
 * entry, which is then the socket's. Anything that is not an IP address
 * counts as "unknown". An IPv6 address counts by its /64: one home or office
 * line is given a whole /64, so a client rotating through it would otherwise
 * be a new address each time.
 */
export function clientAddress(headers: Headers, hops = trustedProxyHops()): string {
  const chain = (headers.get(PEER_HEADER) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = chain[Math.max(0, chain.length - 1 - hops)];
  if (!entry) return 'unknown';
  const address = entry.startsWith('::ffff:') && isIP(entry.slice(7)) === 4 ? entry.slice(7) : entry;
  const family = isIP(address);
  if (family === 6) return ipv6Slash64(address);
  return family === 4 ? address : 'unknown';
}

/** The /64 an IPv6 address belongs to, written out in full: "2001:db8:0:7::/64". */
export function ipv6Slash64(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const part = (text: string | undefined) => (text ? text.split(':') : []);
  // A dotted IPv4 tail stands for the last two groups.
  const dotted = (list: string[]) => (list.length && list[list.length - 1]!.includes('.') ? list.slice(0, -1).concat(['0', '0']) : list);
  const groups = dotted(part(head));
  const after = dotted(part(tail));
  const full = tail === undefined ? groups : [...groups, ...Array<string>(8 - groups.length - after.length).fill('0'), ...after];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
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
