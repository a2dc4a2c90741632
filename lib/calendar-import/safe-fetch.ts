import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Fetching an address a person typed, without opening a door into the
 * server's own network: the name is resolved first and refused when any of
 * its addresses is loopback, private, link-local, unique-local, CGNAT,
 * multicast, reserved or unspecified; the request then connects to the very
 * address checked (pinned, so a second DNS answer cannot swap it) while the
 * Host header and TLS name stay the typed host; each redirect is checked the
 * same way; the body and the time are capped.
 *
 * CALENDAR_FETCH_ALLOW_PRIVATE=1 (tests, the demo) lifts only the address
 * refusal, never the caps.
 */

/** A fetch that did not give a calendar, with a reason a person can act on. */
export class FetchFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchFailed';
  }
}

export type Resolved = { address: string; family: number };
export type Resolver = (host: string) => Promise<Resolved[]>;

export type SafeFetchOptions = {
  /** Default: CALENDAR_FETCH_ALLOW_PRIVATE=1. */
  allowPrivate?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Default: the system resolver, every address. */
  resolve?: Resolver;
  /** Test hook: a certificate authority to trust instead of the system's (a test's self-signed server). */
  ca?: string;
  /** Test hook: which resolved addresses are refused for a host (default: refusedAddress). */
  isRefused?: (address: string, host: string) => boolean;
};

export const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;
export const CALENDAR_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

// Two lists: Node maps IPv4 into IPv6 rules, and ::ffff:0:0/96 would then refuse every IPv4 address.
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  refusedV4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: whatever it maps to, a public name has no reason to answer with one
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, may embed a private IPv4 address
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const)
  refusedV6.addSubnet(net, bits, 'ipv6');

/** Whether an IP address lies where a fetched calendar must never come from. */
export function refusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return refusedV4.check(address, 'ipv4');
  if (family === 6) return refusedV6.check(address.replace(/%.*$/, ''), 'ipv6');
  return true;
}

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** http(s) only; webcal:// (Apple, Google) is https. */
export function calendarUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim().replace(/^webcals?:\/\//i, 'https://'));
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

async function checkedAddress(url: URL, opts: SafeFetchOptions, allowPrivate: boolean, signal: AbortSignal): Promise<Resolved> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Resolved[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      // The time cap covers the name lookup too.
      const gaveUp = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      addresses = await Promise.race([(opts.resolve ?? systemResolver)(host), gaveUp]);
    } catch {
      if (signal.aborted) throw new FetchFailed('The calendar’s server name could not be looked up in time.');
      throw new FetchFailed(`The name ${host} could not be found.`);
    }
  }
  if (!addresses.length) throw new FetchFailed(`The name ${host} could not be found.`);
  const isRefused = opts.isRefused ?? refusedAddress;
  if (!allowPrivate && addresses.some((a) => isRefused(a.address, host)))
    throw new FetchFailed(`${host} points into a private or local network; Sweetspot only reads calendars on the public internet.`);
  return addresses[0]!;
}

type Answer = { status: number; location: string | null; body: string };

function requestOnce(url: URL, pinned: Resolved, maxBytes: number, signal: AbortSignal, ca?: string): Promise<Answer> {
  // Every connection goes to the address checked, whatever the resolver would say now.
  const pin: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Resolved[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      {
        lookup: pin,
        signal,
        ...(ca ? { ca } : {}),
        headers: { accept: 'text/calendar, */*;q=0.5', 'user-agent': 'Sweetspot calendar reader' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          resolve({ status, location: res.headers.location ?? null, body: '' });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          res.destroy();
          reject(new FetchFailed(`The calendar is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new FetchFailed(`The calendar is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location: null, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

function plainReason(error: unknown, signal: AbortSignal, timeoutMs: number): FetchFailed {
  if (error instanceof FetchFailed) return error;
  if (signal.aborted) return new FetchFailed(`The calendar did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return new FetchFailed('The calendar’s server refused the connection.');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FetchFailed('The calendar’s server name could not be found.');
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return new FetchFailed('The calendar’s server has no valid certificate.');
  return new FetchFailed('The calendar could not be reached.');
}

/** The body of a 2xx answer at the address, after at most `maxRedirects` checked redirects. Throws FetchFailed. */
export async function safeFetchText(address: string, opts: SafeFetchOptions = {}): Promise<string> {
  const allowPrivate = opts.allowPrivate ?? process.env.CALENDAR_FETCH_ALLOW_PRIVATE === '1';
  const maxBytes = opts.maxBytes ?? MAX_CALENDAR_BYTES;
  const timeoutMs = opts.timeoutMs ?? CALENDAR_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = calendarUrl(address);
  if (!url) throw new FetchFailed('That is not a web address (http:// or https://).');
  try {
    for (let hop = 0; hop <= (opts.maxRedirects ?? MAX_REDIRECTS); hop++) {
      const pinned = await checkedAddress(url, opts, allowPrivate, signal);
      const answer = await requestOnce(url, pinned, maxBytes, signal, opts.ca);
      if (answer.location !== null) {
        const next = calendarUrl(new URL(answer.location, url).toString());
        if (!next) throw new FetchFailed('The calendar’s server redirected to something that is not a web address.');
        url = next;
        continue;
      }
      if (answer.status === 401 || answer.status === 403)
        throw new FetchFailed(`The calendar’s server refused access (${answer.status}); the private address may have been reset.`);
      if (answer.status === 404) throw new FetchFailed('The calendar’s server says there is no calendar at this address (404).');
      if (answer.status < 200 || answer.status >= 300)
        throw new FetchFailed(`The calendar’s server answered with an error (${answer.status}).`);
      return answer.body;
    }
    throw new FetchFailed('The calendar’s server redirected too many times.');
  } catch (error) {
    throw plainReason(error, signal, timeoutMs);
  }
}
