import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { decode, encode } from 'next-auth/jwt';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { makeFirm, makeUser } from '@/test/factories';
import { BUCKET_MS, cacheableUrl, PageCache, sessionCookie, withPageCache } from './page-cache';

const SECRET = 'page-cache-test-secret-0123456789abcdef';
const COOKIE = 'authjs.session-token';
const DAY = 86_400_000;

/**
 * The cache in front of a small renderer standing in for Next.js (the cache
 * only sees requests and responses), on a real HTTP server and the real
 * SQLite file: each render says who asked, what the database holds and a
 * render number, so a test can tell a cached answer from a fresh one.
 */
let base = '';
let server: http.Server;
let cacheDb: Database.Database; // the cache's own connection, as in scripts/server.ts
let clock = Date.now();
let renders = 0;
let renderDelay = 0;

beforeAll(async () => {
  getDb(); // migrate the test file
  cacheDb = new Database(process.env.DATABASE_PATH!, { fileMustExist: true });
  const render = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    renders++;
    const n = renders;
    if (renderDelay) await new Promise((r) => setTimeout(r, renderDelay));
    if (req.url === '/clients?redirect') {
      res.writeHead(307, { location: '/login' });
      return void res.end();
    }
    const cookie = sessionCookie(req.headers.cookie);
    const payload = cookie ? await decode({ token: cookie.value, secret: SECRET, salt: COOKIE }).catch(() => null) : null;
    const names = (getDb().$client.prepare('select group_concat(name, \',\') as n from (select name from clients order by id)').get() as { n: string | null }).n;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/today?cookie') res.setHeader('set-cookie', 'x=1');
    res.write(`<p>sid=${String(payload?.sid ?? 'none')}</p>`);
    res.end(`<p>clients=${names ?? ''}</p><p>render=${n}</p>`);
  };
  server = http.createServer(withPageCache(render, { db: drizzle(cacheDb, { schema }), secret: SECRET, decode, now: () => clock }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  cacheDb.close();
});

async function signedIn(overrides: { expiresAt?: number; tokenMaxAge?: number } = {}) {
  const firm = makeFirm();
  const user = makeUser(firm.id, 'owner');
  const sid = randomUUID();
  getDb().insert(schema.authSessions).values({ id: sid, userId: user.id, expiresAt: overrides.expiresAt ?? clock + DAY }).run();
  const token = await encode({ token: { sid, sub: String(user.id) }, secret: SECRET, salt: COOKIE, maxAge: overrides.tokenMaxAge ?? 86_400 });
  return { sid, userId: user.id, firmId: firm.id, cookie: `${COOKIE}=${token}` };
}

async function get(path: string, cookie: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers: { cookie, ...headers }, redirect: 'manual' });
  const body = await res.text();
  return { status: res.status, body, cache: res.headers.get('x-sweetspot-cache'), render: Number(/render=(\d+)/.exec(body)?.[1] ?? 0) };
}

describe('page cache', () => {
  it('answers a repeated view from the cache until any commit, and moves on with the clock', async () => {
    const a = await signedIn();
    const first = await get('/clients', a.cookie);
    expect(first.cache).toBe('miss');
    expect(first.body).toContain(`sid=${a.sid}`);
    const again = await get('/clients', a.cookie);
    expect(again).toMatchObject({ cache: 'hit', render: first.render, body: first.body });

    // A query string, another compression or another browser is a different page.
    expect((await get('/clients?q=x', a.cookie)).cache).toBe('miss');
    expect((await get('/clients', a.cookie, { 'accept-encoding': 'identity' })).cache).toBe('miss');
    expect((await get('/clients', a.cookie, { 'user-agent': 'Googlebot/2.1' })).cache).toBe('miss');

    // A commit through the app's connection…
    getDb().insert(schema.clients).values({ firmId: a.firmId, name: 'Written by the app', seats: 3, tier: 'micro', tierReason: 'test' }).run();
    const afterApp = await get('/clients', a.cookie);
    expect(afterApp.cache).toBe('miss');
    expect(afterApp.body).toContain('Written by the app');

    // …and by another process (a script, a restore) both empty it.
    expect((await get('/clients', a.cookie)).cache).toBe('hit');
    const other = new Database(process.env.DATABASE_PATH!);
    other.prepare('update clients set name = ? where name = ?').run('Written elsewhere', 'Written by the app');
    other.close();
    const afterOther = await get('/clients', a.cookie);
    expect(afterOther.cache).toBe('miss');
    expect(afterOther.body).toContain('Written elsewhere');

    // The next clock bucket renders again ("today" and "this week" move on).
    expect((await get('/clients', a.cookie)).cache).toBe('hit');
    clock += BUCKET_MS;
    expect((await get('/clients', a.cookie)).cache).toBe('miss');
  });

  it('never answers one session with another session’s page', async () => {
    const a = await signedIn();
    const b = await signedIn();
    await get('/dashboard', a.cookie);
    expect((await get('/dashboard', a.cookie)).cache).toBe('hit');
    const other = await get('/dashboard', b.cookie);
    expect(other.cache).toBe('miss');
    expect(other.body).toContain(`sid=${b.sid}`);
    expect(other.body).not.toContain(a.sid);
  });

  it('checks the session on every hit: expired, ended or deactivated sessions and forged cookies go to the app', async () => {
    const start = clock;
    const shortRow = await signedIn({ expiresAt: start + 60_000 });
    expect((await get('/today', shortRow.cookie)).cache).toBe('miss');
    expect((await get('/today', shortRow.cookie)).cache).toBe('hit');
    // The session row expires with no write and within the same clock bucket.
    clock = start + 60_001;
    const expired = await get('/today', shortRow.cookie);
    expect(expired.cache).toBeNull();
    expect(expired.render).toBeGreaterThan(0);

    // The token itself expires (exp) while its row would still be valid.
    clock = Date.now();
    const shortToken = await signedIn({ tokenMaxAge: 1 });
    expect((await get('/today', shortToken.cookie)).cache).toBe('miss');
    clock = Date.now() + 2_000;
    expect((await get('/today', shortToken.cookie)).cache).toBeNull();

    clock = Date.now();
    const ended = await signedIn();
    await get('/today', ended.cookie);
    getDb().delete(schema.authSessions).where(eq(schema.authSessions.id, ended.sid)).run();
    expect((await get('/today', ended.cookie)).cache).toBeNull();

    const deactivated = await signedIn();
    await get('/today', deactivated.cookie);
    getDb().$client.prepare('update users set active = 0 where id = ?').run(deactivated.userId);
    expect((await get('/today', deactivated.cookie)).cache).toBeNull();

    // A cookie sealed with another secret is not a session.
    const forged = await encode({ token: { sid: (await signedIn()).sid }, secret: 'another-secret-another-secret-another', salt: COOKIE });
    expect((await get('/today', `${COOKIE}=${forged}`)).cache).toBeNull();
    expect((await get('/today', '')).cache).toBeNull();
  });

  it('keeps only plain 200 HTML page views without cookies being set', async () => {
    const a = await signedIn();
    // A redirect is rendered every time.
    expect((await get('/clients?redirect', a.cookie)).status).toBe(307);
    const redirectAgain = await get('/clients?redirect', a.cookie);
    expect(redirectAgain.status).toBe(307);
    expect(redirectAgain.cache).toBe('miss');
    // A response that sets a cookie is not kept.
    await get('/today?cookie', a.cookie);
    expect((await get('/today?cookie', a.cookie)).cache).toBe('miss');
    // Router (RSC) fetches, prefetches and server actions never touch the cache.
    await get('/schedule', a.cookie);
    expect((await get('/schedule', a.cookie)).cache).toBe('hit');
    const routerHeaders: Record<string, string>[] = [{ rsc: '1' }, { 'next-router-prefetch': '1' }, { 'next-action': 'abc' }];
    for (const h of routerHeaders) expect((await get('/schedule', a.cookie, h)).cache).toBeNull();
    expect((await get('/schedule?_rsc=abc', a.cookie)).cache).toBeNull();
    // Nor do pages outside the list (settings show secrets such as feed links).
    await get('/settings/profile', a.cookie);
    expect((await get('/settings/profile', a.cookie)).cache).toBeNull();
  });

  it('renders a page once for concurrent requests', async () => {
    const a = await signedIn();
    clock += BUCKET_MS;
    renderDelay = 50;
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 8 }, () => get('/timesheets', a.cookie)));
    renderDelay = 0;
    expect(renders - before).toBe(1);
    expect(new Set(answers.map((x) => x.body)).size).toBe(1);
  });
});

describe('page cache parts', () => {
  it('recognises cacheable requests', () => {
    expect(cacheableUrl('GET', '/dashboard?scope=firm', {})).toBe('/dashboard?scope=firm');
    expect(cacheableUrl('POST', '/dashboard', {})).toBeNull();
    expect(cacheableUrl('GET', '/clients/12', {})).toBeNull();
    expect(cacheableUrl('GET', '/today', { 'if-none-match': '"x"' })).toBeNull();
  });

  it('reads one unchunked session cookie', () => {
    expect(sessionCookie('a=1; authjs.session-token=abc; b=2')).toEqual({ name: 'authjs.session-token', value: 'abc' });
    expect(sessionCookie('authjs.session-token.0=abc; authjs.session-token.1=def')).toBeNull();
    expect(sessionCookie('authjs.session-token=a; __Secure-authjs.session-token=b')).toBeNull();
    expect(sessionCookie(undefined)).toBeNull();
  });

  it('drops the least recently used pages beyond its size and everything on a new epoch', () => {
    const cache = new PageCache(25);
    const page = (n: number) => ({ headers: {}, body: Buffer.alloc(n) });
    cache.at('1:1');
    cache.set('1:1', 'a', page(10));
    cache.set('1:1', 'b', page(10));
    cache.get('a');
    cache.set('1:1', 'c', page(10));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    cache.set('0:1', 'late', page(1)); // rendered under an older epoch
    expect(cache.get('late')).toBeUndefined();
    cache.at('2:1');
    expect(cache.size).toBe(0);
  });
});
