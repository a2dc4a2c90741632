/**
 * npm run test:attack — what an anonymous caller can send, against the real
 * production server (next start) on a demo database:
 *  1. a 200 MB body, declared and chunked, to every route that takes a post
 *     (Auth.js's endpoints, the field API, a page, a server action, the
 *     client request page, a feed, health): each is answered (413 or a
 *     refusal), the server's peak resident memory stays under 400 MB and it
 *     still answers /login; check-ins acknowledged before, during and after
 *     the flood are all in the database;
 *  2. X-Forwarded-For is not believed: with no trusted proxy, rotating it does
 *     not get past the 30-failures-per-address limit and naming someone
 *     else's address does not lock them out; behind one real proxy hop
 *     (TRUSTED_PROXY_HOPS=1, a proxy that appends the address as nginx does)
 *     each client is throttled on its own address, and a forged header sent
 *     through the proxy changes nothing;
 *  3. a flood of impatient page requests: at most the render limit at once, the
 *     abandoned ones never rendered, writes still acknowledged.
 * Clients are told apart by loopback source addresses (127.0.0.2, .3, …).
 * Prints each check and "N passed, N failed"; exits 1 on any failure.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../db';
import { DEMO_USERS } from '../db/seed';
import { shownLink } from '../lib/link-tokens';
// lib/dal/accounts.ts's MAX_FAILURES_PER_ADDRESS (a server-only module, not importable from a script).
const MAX_FAILURES_PER_ADDRESS = 30;
import { demoDatabase, signIn, startServer } from './bench-lib';
import { buildIsStale } from './lib';

const PORT = Number(process.env.ATTACK_PORT ?? 3236);
const PROXY_PORT = PORT + 1;
const BIG = 200 * 1024 * 1024;
const MEMORY_LIMIT_MB = 400;

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

type Answer = { status: number; location: string; cookies: string; body: string; sent: number; reset?: boolean };

/** One request over its own connection from a chosen local address; the body is streamed from a generator, never held. */
function send(opts: {
  port?: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  stream?: number;
  declare?: boolean;
  from?: string;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    if (opts.stream !== undefined && opts.declare) headers['content-length'] = opts.stream;
    const req = http.request({
      host: '127.0.0.1',
      port: opts.port ?? PORT,
      path: opts.path,
      method: opts.method ?? 'POST',
      headers,
      localAddress: opts.from,
      agent: false,
    });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body = (body + c).slice(0, 4096)));
      res.on('end', () => {
        const cookies = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
        resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), cookies, body, sent });
        req.destroy();
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, location: '', cookies: '', body, sent }));
    });
    // The server may refuse an oversized upload by closing the connection before its answer is read (EPIPE, reset).
    req.on('error', (e) => {
      if (answered) return;
      if (opts.stream !== undefined && sent > 0) resolve({ status: 0, location: '', cookies: '', body: e.message, sent, reset: true });
      else reject(e);
    });
    if (opts.stream === undefined) {
      req.end(opts.body);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 97);
    const pump = () => {
      while (!answered && sent < opts.stream!) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Auth.js's answer to a credentials post: 'ok', 'throttled' or 'credentials' (wrong email or password). */
async function tryLogin(email: string, password: string, opts: { port?: number; from?: string; forwarded?: string } = {}): Promise<string> {
  const port = opts.port ?? PORT;
  const extra: Record<string, string> = opts.forwarded ? { 'x-forwarded-for': opts.forwarded } : {};
  const csrf = await send({ port, path: '/api/auth/csrf', method: 'GET', from: opts.from, headers: extra });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = csrf.cookies;
  const res = await send({
    port,
    path: '/api/auth/callback/credentials',
    from: opts.from,
    headers: { ...extra, 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/dashboard' }).toString(),
  });
  if (/code=throttled/.test(res.location)) return 'throttled';
  if (/error=/.test(res.location)) return 'credentials';
  return res.status === 302 ? 'ok' : `status ${res.status}`;
}

async function floods(file: string, firmToken: string | null) {
  const { base, server } = await startServer(file, PORT, { TRUSTED_PROXY_HOPS: '0' });
  const consultant = DEMO_USERS.find((u) => u.role === 'consultant')!;
  const cookie = await signIn(base, consultant.email, consultant.password);
  const db = openDatabase(file, { migrate: false }).$client;
  const user = db.prepare('select id from users where email = ?').get(consultant.email) as { id: number };
  const client = db
    .prepare('select id from clients where firm_id = (select firm_id from users where id = ?) order by id limit 1')
    .get(user.id) as { id: number };
  db.close();

  // Acknowledged writes: on-the-spot visits from the phone (a start, then its check-out, since one
  // person has one open check-in at a time), before, during and after the flood.
  const acknowledged: string[] = [];
  const post = (op: Record<string, unknown>) =>
    fetch(`${base}/api/field`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify(op),
    });
  const fieldOp = async () => {
    const start = { type: 'start_unplanned', opId: randomUUID(), clientId: client.id, at: Date.now() - 120_000 };
    const res = await post(start);
    if (res.status !== 200) return res.status;
    acknowledged.push(start.opId);
    const { visitId } = (await res.json()) as { visitId: number };
    const end = { type: 'check_out', opId: randomUUID(), visitId, at: Date.now() - 60_000, summary: 'attack round', billableMinutes: 15 };
    const done = await post(end);
    if (done.status === 200) acknowledged.push(end.opId);
    return done.status;
  };
  await fieldOp();

  // Routes that read a body must refuse it (413, or 409 for an action id that does not exist); the others
  // never read it and only have to answer while it is drained.
  // A form posted without JavaScript (a page, the request page) is refused with 413 when it declares its size.
  const targets: { name: string; path: string; headers?: Record<string, string>; refuse?: number[]; refuseDeclared?: number[] }[] = [
    {
      name: 'Auth.js sign-in',
      path: '/api/auth/callback/credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      refuse: [413],
    },
    { name: 'Auth.js sign-out (JSON)', path: '/api/auth/signout', headers: { 'content-type': 'application/json' }, refuse: [413] },
    {
      name: 'field API (signed in)',
      path: '/api/field',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${PORT}`, cookie },
      refuse: [413],
    },
    {
      name: 'a server action',
      path: '/login',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'next-action': '7f'.repeat(21) },
      refuse: [409, 413],
    },
    { name: 'a page', path: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, refuseDeclared: [413] },
    { name: 'a 404 path', path: '/no-such-page', headers: { 'content-type': 'application/octet-stream' } },
    { name: 'health', path: '/api/health' },
    { name: 'a calendar feed', path: '/feeds/nothing-here.ics' },
  ];
  if (firmToken)
    targets.push({
      name: 'client request page',
      path: `/request/${firmToken}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      refuseDeclared: [413],
    });

  for (const t of targets) {
    for (const declare of [true, false]) {
      const during = fieldOp();
      let answer: Answer | null = null;
      let error = '';
      try {
        answer = await send({ path: t.path, headers: t.headers, stream: BIG, declare });
      } catch (e) {
        error = (e as Error).message;
      }
      await during;
      const status = answer?.status ?? 0;
      const closed = answer?.reset === true;
      const refuse = t.refuse ?? (declare ? t.refuseDeclared : undefined);
      // Routes that read the body stop reading early; Next drains the rest of a refused form's body (memory stays flat).
      const ok = refuse ? (refuse.includes(status) || closed) && (!t.refuse || answer!.sent < 8 * 1048576) : status > 0 || closed;
      const what = closed ? `connection closed by the server (${answer!.body})` : String(status);
      check(
        `200 MB ${declare ? 'declared' : 'chunked'} to ${t.name} is ${refuse ? 'refused' : 'answered'}`,
        ok,
        answer ? `${what} after ${Math.round(answer.sent / 1048576)} MB sent` : `connection error: ${error}`,
      );
    }
  }
  // Three at once, as the issue saw (3 × 500 MB to the field API pushed the old server to 2.7 GB).
  const together = await Promise.all(
    [0, 1, 2].map(() => send({ path: '/api/field', headers: targets[2]!.headers, stream: BIG, declare: false }).catch(() => null)),
  );
  check(
    'three 200 MB chunked bodies at once to the field API are refused',
    together.every((a) => a !== null && (a.status === 413 || a.reset === true) && a.sent < 8 * 1048576),
    together.map((a) => a?.status ?? 'error').join(', '),
  );

  await pageFlood(base, cookie, fieldOp);
  await fieldOp();
  const login = await fetch(`${base}/login`);
  check('the server still answers /login afterwards', login.status === 200, `status ${login.status}`);
  const peak = peakRssMb(server.pid!);
  check(
    `the server's peak resident memory stayed under ${MEMORY_LIMIT_MB} MB`,
    peak > 0 && peak < MEMORY_LIMIT_MB,
    `${peak.toFixed(0)} MB peak`,
  );
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  const after = openDatabase(file, { migrate: false }).$client;
  const recorded = new Set((after.prepare('select op_id from client_ops').all() as { op_id: string }[]).map((r) => r.op_id));
  after.close();
  const missing = acknowledged.filter((id) => !recorded.has(id));
  check(
    'every acknowledged write is in the database',
    acknowledged.length >= targets.length && missing.length === 0,
    `${acknowledged.length} acknowledged, ${missing.length} missing`,
  );
}

/**
 * Impatient callers: 100 connections keep asking for a signed-in page and give up after 3 s, for
 * 8 s. Pages take turns to render (lib/http/render-gate.ts): never more than the limit at once, and one
 * whose caller has left is not rendered at all — before, abandoned renders piled up until the heap ran out.
 */
async function pageFlood(base: string, cookie: string, fieldOp: () => Promise<number>) {
  const until = Date.now() + 8000;
  let answered = 0;
  let abandoned = 0;
  const caller = async () => {
    while (Date.now() < until) {
      if (await askPage(`${base}/schedule`, cookie, AbortSignal.timeout(3000))) answered++;
      else abandoned++;
    }
  };
  const [, write] = await Promise.all([Promise.all(Array.from({ length: 100 }, caller)), fieldOp()]);
  check('a write from the phone is acknowledged during a flood of page requests', write === 200, `status ${write}`);
  const health = (await fetch(`${base}/api/health`).then((r) => r.json())) as {
    renders?: { limit: number; peakRunning: number; dropped: number; running: number; waiting: number };
  };
  const r = health.renders;
  check(
    'pages render at most the limit at once under a flood',
    r !== undefined && r !== null && r.peakRunning > 0 && r.peakRunning <= r.limit,
    r ? `peak ${r.peakRunning} of ${r.limit}; ${answered} answered, ${abandoned} given up` : 'no render figures in /api/health',
  );
  const dropped = await abandonWhileWaiting(base, cookie, r?.dropped ?? 0);
  check('pages whose caller gave up while waiting were not rendered', dropped.after > dropped.before, dropped.detail);
}

/**
 * One page request that hangs up when `signal` fires. Plain node:http, destroying the socket: fetch's body read
 * could stay pending for ever when its signal fired mid-body on Node 20 (the attack run hung there once in CI).
 * True when the whole page arrived.
 */
function askPage(url: string, cookie: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers: { cookie } }, (res) => {
      res.on('error', () => resolve(false));
      res.on('end', () => resolve(true));
      res.on('close', () => resolve(false));
      res.resume();
    });
    req.on('error', () => resolve(false));
    req.on('close', () => resolve(false));
    const leave = () => req.destroy();
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
  });
}

/**
 * Callers who leave while their page waits for a turn. A fast machine answers the flood above within
 * the callers' patience, so here the callers leave on purpose: 60 ask at once, and as soon as the
 * server reports pages waiting they all hang up. Those still waiting must be counted as dropped.
 */
async function abandonWhileWaiting(base: string, cookie: string, before: number) {
  type Renders = { waiting: number; dropped: number };
  const renders = async () => ((await fetch(`${base}/api/health`).then((r) => r.json())) as { renders?: Renders }).renders;
  const controller = new AbortController();
  const pending = Array.from({ length: 60 }, () => askPage(`${base}/schedule`, cookie, controller.signal));
  let waitingSeen = 0;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    waitingSeen = (await renders())?.waiting ?? 0;
    if (waitingSeen >= 10) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  controller.abort();
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 500));
  const after = (await renders())?.dropped ?? 0;
  return { before, after, detail: `${waitingSeen} waiting when the callers left; ${after - before} dropped` };
}

async function spoofing(file: string) {
  // Old throttle rows, as a flood of yesterday left them: the server prunes them when it starts.
  const old = openDatabase(file, { migrate: false }).$client;
  const yesterday = Date.now() - 86_400_000;
  old.prepare("insert into login_attempts (email, address, succeeded, at) values ('old@flood.example', '192.0.2.1', 0, ?)").run(yesterday);
  old.prepare("insert into request_attempts (address, at) values ('1|192.0.2.1', ?)").run(yesterday);
  old.close();
  const { server } = await startServer(file, PORT, { TRUSTED_PROXY_HOPS: '0' });
  const db = openDatabase(file, { migrate: false }).$client;
  const left = (
    db
      .prepare('select (select count(*) from login_attempts where at <= ?) + (select count(*) from request_attempts where at <= ?) as n')
      .get(yesterday, yesterday) as { n: number }
  ).n;
  db.close();
  check('the server prunes old throttle rows when it starts', left === 0, `${left} old rows left`);
  const victim = DEMO_USERS.find((u) => u.role === 'staff')!;
  // The attacker rotates X-Forwarded-For: the limit still counts its socket address.
  const answers: string[] = [];
  for (let i = 0; i <= MAX_FAILURES_PER_ADDRESS; i++)
    answers.push(await tryLogin(`nobody-${i}@spray.example`, 'guess', { from: '127.0.0.2', forwarded: `198.51.100.${i}` }));
  check(
    `no proxy trusted: a rotated X-Forwarded-For is throttled after ${MAX_FAILURES_PER_ADDRESS} failures`,
    answers.at(-1) === 'throttled' && answers.slice(0, MAX_FAILURES_PER_ADDRESS).every((a) => a === 'credentials'),
    `last answer: ${answers.at(-1)}`,
  );
  // Failures sent in the victim's name (their address in the header) do not lock the victim out.
  for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
    await tryLogin(`nobody-${i}@frame.example`, 'guess', { from: '127.0.0.3', forwarded: '127.0.0.4' });
  const own = await tryLogin(victim.email, victim.password, { from: '127.0.0.4' });
  check("no proxy trusted: failures sent with someone else's address do not lock them out", own === 'ok', own);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

/** One ordinary reverse proxy hop: appends the socket address to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does. */
function startProxy(target: number): Promise<http.Server> {
  const proxy = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress?.replace(/^::ffff:/, '')].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwarded } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(PROXY_PORT, '127.0.0.1', () => resolve(proxy)));
}

async function behindProxy(file: string) {
  const { server } = await startServer(file, PORT, { TRUSTED_PROXY_HOPS: '1' });
  const proxy = await startProxy(PORT);
  const port = (proxy.address() as AddressInfo).port;
  const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
  const answers: string[] = [];
  for (let i = 0; i <= MAX_FAILURES_PER_ADDRESS; i++)
    answers.push(await tryLogin(`nobody-${i}@proxy.example`, 'guess', { port, from: '127.0.0.5', forwarded: `203.0.113.${i}` }));
  check(
    'one proxy hop: a client rotating X-Forwarded-For through the proxy is throttled on its own address',
    answers.at(-1) === 'throttled',
    `last answer: ${answers.at(-1)}`,
  );
  const other = await tryLogin(owner.email, owner.password, { port, from: '127.0.0.6' });
  check('one proxy hop: another client behind the same proxy still signs in (not one shared bucket)', other === 'ok', other);
  const db = openDatabase(file, { migrate: false }).$client;
  const addresses = (
    db.prepare("select distinct address from login_attempts where email like '%@proxy.example'").all() as { address: string }[]
  ).map((r) => r.address);
  db.close();
  check(
    "one proxy hop: the failures are recorded under the client's address",
    addresses.length === 1 && addresses[0] === '127.0.0.5',
    addresses.join(', '),
  );
  proxy.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

async function main() {
  if (buildIsStale()) {
    console.error('Build first (npm run build): the attack test runs the production server.');
    process.exit(2);
  }
  const { dir, file } = demoDatabase('attack');
  const db = openDatabase(file, { migrate: false }).$client;
  // The demo's request page link, remade from its nonce with the secret it was made with (the database keeps only a hash).
  const token =
    shownLink(
      'request-page',
      db.prepare('select request_page_token_hash as hash, request_page_nonce as nonce from firms order by id limit 1').get() as
        { hash: string | null; nonce: string | null } | undefined,
    )?.token ?? null;
  if (!token) throw new Error('the demo firm has no request page link');
  db.close();
  try {
    await floods(file, token);
    await spoofing(file);
    await behindProxy(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
