/**
 * Rendered-page cache of the production server (scripts/server.ts).
 *
 * A signed-in page is a function of who asks (the session), what they ask for
 * (path and query), what the database holds and the clock. This cache keeps
 * the HTML of the main list pages under exactly those inputs:
 *   - the session id, checked against the database on every hit (ended,
 *     expired or deactivated sessions never see a cached page);
 *   - the URL, the Accept-Encoding header (the body may be gzipped) and the
 *     User-Agent (Next.js renders crawlers' pages differently);
 *   - the database's data_version, which changes on any commit by the app or
 *     by another process (a backup restore, a script), so any write anywhere
 *     empties the cache;
 *   - a 10-second clock bucket, so "this week" and "today" move on and no
 *     page is more than 10 seconds older than the clock.
 * Only plain document GETs of CACHED_PATHS answered 200 text/html without a
 * Set-Cookie are stored; React Server Component fetches, prefetches and
 * server actions always go to Next.js.
 *
 * Kept free of Next.js and `server-only` imports: it runs in the custom
 * server, outside Next's bundle.
 */
import type { DB } from '../db';
import { liveSessionRow } from './live-session';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export const CACHED_PATHS: ReadonlySet<string> = new Set(['/dashboard', '/clients', '/schedule', '/today', '/timesheets']);
export const BUCKET_MS = 10_000;
const MAX_BYTES = 24 * 1024 * 1024;
const MAX_ENTRY_BYTES = 1024 * 1024;
const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'];
/** Request headers that make Next.js answer with something other than the page's HTML. */
const NEXT_HEADERS = ['rsc', 'next-action', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-url', 'if-none-match', 'if-modified-since', 'range'];

/** A stored 200 response: its headers and body. */
export type CachedPage = { headers: OutgoingHttpHeaders; body: Buffer };

/** The path and query of a request the cache may answer, or null. */
export function cacheableUrl(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): string | null {
  if (method !== 'GET' || !url) return null;
  if (NEXT_HEADERS.some((h) => headers[h] !== undefined)) return null;
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (!CACHED_PATHS.has(pathname)) return null;
  if (q !== -1 && /(?:^|&)_rsc=/.test(url.slice(q + 1))) return null;
  return url;
}

/** The Auth.js session cookie (name and value), or null when absent or split into chunks. */
export function sessionCookie(cookieHeader: string | undefined): { name: string; value: string } | null {
  if (!cookieHeader) return null;
  let found: { name: string; value: string } | null = null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (SESSION_COOKIES.some((c) => name.startsWith(`${c}.`))) return null; // chunked: let Next.js read it
    if (SESSION_COOKIES.includes(name)) {
      if (found) return null; // two session cookies: ambiguous
      found = { name, value: part.slice(eq + 1).trim() };
    }
  }
  return found;
}

type Decode = (params: { token: string; secret: string; salt: string }) => Promise<Record<string, unknown> | null>;

/**
 * Resolves a cookie header to a live session id: the cookie must decrypt with
 * the secret, be unexpired, and name an auth_sessions row that has not
 * expired and whose user is active — lib/live-session.ts, as for every request.
 */
export function sessionChecker(db: DB, secret: string, decode: Decode) {
  const decoded = new Map<string, { sid: string; exp: number } | null>();
  return async function liveSession(cookieHeader: string | undefined, now = Date.now()): Promise<string | null> {
    const cookie = sessionCookie(cookieHeader);
    if (!cookie) return null;
    const memo = `${cookie.name}=${cookie.value}`;
    let token = decoded.get(memo);
    if (token === undefined) {
      const payload = await decode({ token: cookie.value, secret, salt: cookie.name }).catch(() => null);
      const sid = payload?.sid;
      const exp = payload?.exp;
      token = typeof sid === 'string' && typeof exp === 'number' ? { sid, exp: exp * 1000 } : null;
      if (decoded.size >= 1000) decoded.clear();
      decoded.set(memo, token);
    }
    if (!token || token.exp <= now) return null;
    return liveSessionRow(db, token.sid, now) ? token.sid : null;
  };
}

/**
 * The pages of the current database version and clock bucket, least recently
 * used dropped first beyond MAX_BYTES. A new version or bucket empties it.
 */
export class PageCache {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;
  private epoch = '';

  constructor(private readonly maxBytes = MAX_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  /** Moves to a new database version / clock bucket; everything older is dropped. */
  at(epoch: string): void {
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.entries.clear();
    this.bytes = 0;
  }

  get(key: string): CachedPage | undefined {
    const page = this.entries.get(key);
    if (page) {
      this.entries.delete(key);
      this.entries.set(key, page);
    }
    return page;
  }

  /** Stores a page rendered at `epoch`; a page from an older epoch is not kept. */
  set(epoch: string, key: string, page: CachedPage): void {
    if (epoch !== this.epoch || page.body.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length;
    }
    this.entries.set(key, page);
    this.bytes += page.body.length;
    for (const [k, p] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= p.body.length;
    }
  }
}

/** Whether a finished response may be stored. */
export function storable(status: number, headers: OutgoingHttpHeaders): boolean {
  const type = headers['content-type'];
  return status === 200 && typeof type === 'string' && type.startsWith('text/html') && headers['set-cookie'] === undefined;
}

/**
 * Copies what Next.js writes to `res`; once the response is finished (or
 * abandoned) hands `done` the page when it may be stored, else null.
 */
export function recordResponse(res: ServerResponse, done: (page: CachedPage | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  let settled = false;
  const settle = (page: CachedPage | null) => {
    if (settled) return;
    settled = true;
    done(page);
  };
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (overflow || chunk == null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_ENTRY_BYTES) overflow = true;
    else chunks.push(buf);
  };
  const write = res.write;
  const end = res.end;
  const writeHead = res.writeHead;
  // Headers passed to writeHead bypass getHeaders(); fold them in first.
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = rest.find((r) => r && typeof r === 'object') as OutgoingHttpHeaders | undefined;
    if (headers && !Array.isArray(headers)) for (const [k, v] of Object.entries(headers)) if (v !== undefined) this.setHeader(k, v);
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...(typeof rest[0] === 'string' ? [rest[0]] : []));
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    keep(args[0], args[1]);
    const result = (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    const headers = { ...res.getHeaders() };
    if (overflow || !storable(res.statusCode, headers)) settle(null);
    else {
      delete headers['transfer-encoding'];
      delete headers['content-length'];
      settle({ headers, body: Buffer.concat(chunks) });
    }
    return result;
  } as typeof res.end;
  res.once('close', () => settle(null));
}

/** Answers a request from a cached page. */
export function sendCached(req: IncomingMessage, res: ServerResponse, page: CachedPage): void {
  res.writeHead(200, { ...page.headers, 'content-length': page.body.length, 'x-sweetspot-cache': 'hit' });
  res.end(page.body);
}

/**
 * Wraps Next.js's request handler with the cache. `db` must be a connection
 * of its own (data_version only moves on other connections' commits); it is
 * only read.
 */
export function withPageCache(handle: Handler, options: { db: DB; secret: string; decode: Decode; now?: () => number }): Handler {
  const clock = options.now ?? Date.now;
  const dataVersion = options.db.$client.prepare('pragma data_version').pluck();
  const liveSession = sessionChecker(options.db, options.secret, options.decode);
  const pages = new PageCache();
  /** Renders under way, so that concurrent requests for one page wait for one render instead of starting their own. */
  const rendering = new Map<string, Promise<CachedPage | null>>();

  return async function cached(req, res) {
    const url = cacheableUrl(req.method, req.url, req.headers);
    const now = clock();
    const sid = url ? await liveSession(req.headers.cookie, now) : null;
    if (!url || !sid) return handle(req, res);
    // Read before rendering: a page stored under this epoch is at least this new.
    const epoch = `${dataVersion.get()}:${Math.floor(now / BUCKET_MS)}`;
    pages.at(epoch);
    // Next.js varies its HTML by compression and, for crawlers, by user agent.
    const key = `${sid}\n${req.headers['accept-encoding'] ?? ''}\n${req.headers['user-agent'] ?? ''}\n${url}`;
    const hit = pages.get(key);
    if (hit) return sendCached(req, res, hit);
    const flight = `${epoch}\n${key}`;
    const pending = rendering.get(flight);
    if (pending) {
      const page = await pending;
      if (page) return sendCached(req, res, page);
      return handle(req, res);
    }
    let finish!: (page: CachedPage | null) => void;
    rendering.set(flight, new Promise((resolve) => (finish = resolve)));
    res.setHeader('x-sweetspot-cache', 'miss');
    recordResponse(res, (page) => {
      rendering.delete(flight);
      if (page) pages.set(epoch, key, page);
      finish(page);
    });
    return handle(req, res);
  };
}
