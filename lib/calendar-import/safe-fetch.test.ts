import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarUrl, refusedAddress, safeFetchText, type Resolver } from './safe-fetch';

/** Real local servers; the only test hooks are a resolver for made-up names and which host counts as public. */
let base = '';
let port = 0;
const servers: http.Server[] = [];
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  port = await serve((req, res) => {
    if (req.url === '/cal.ics') return void res.end(ICS);
    if (req.url === '/host') return void res.end(req.headers.host);
    if (req.url === '/to-loopback') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/cal.ics` }).end();
    if (req.url === '/to-private-name') return void res.writeHead(301, { location: `http://intranet.example:${port}/cal.ics` }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/big') {
      // No content-length: the cap must hold while streaming.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 40) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    if (req.url === '/slow') return; // never answers
    if (req.url === '/gone') return void res.writeHead(404).end();
    res.writeHead(500).end();
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

/** calendar.example is "public" and lives on the test server; intranet.example resolves to a private address. */
const resolve: Resolver = async (host) => {
  if (host === 'calendar.example') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'intranet.example') return [{ address: '10.1.2.3', family: 4 }];
  if (host === 'mixed.example')
    return [
      { address: '93.184.215.14', family: 4 },
      { address: '192.168.1.10', family: 4 },
    ];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};
const publicTestHost = (address: string, host: string) => host !== 'calendar.example' && refusedAddress(address);
const strict = { allowPrivate: false, resolve, isRefused: publicTestHost };

describe('refusedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.1',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
    'not-an-ip',
  ])('refuses %s', (ip) => expect(refusedAddress(ip)).toBe(true));
  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111'])('allows %s', (ip) =>
    expect(refusedAddress(ip)).toBe(false),
  );
});

describe('calendarUrl', () => {
  it('takes http, https and webcal (as https), nothing else', () => {
    expect(calendarUrl('webcal://p01-calendars.icloud.com/published/2/abc')?.toString()).toBe(
      'https://p01-calendars.icloud.com/published/2/abc',
    );
    expect(calendarUrl(' https://calendar.google.com/x/basic.ics ')?.protocol).toBe('https:');
    expect(calendarUrl('file:///etc/passwd')).toBeNull();
    expect(calendarUrl('ftp://example.com/a.ics')).toBeNull();
    expect(calendarUrl('not a url')).toBeNull();
  });
});

describe('safeFetchText', () => {
  it('reads a calendar from an allowed host, connecting to the checked address with the typed Host', async () => {
    expect(await safeFetchText(`http://calendar.example:${port}/cal.ics`, strict)).toBe(ICS);
    expect(await safeFetchText(`http://calendar.example:${port}/host`, strict)).toBe(`calendar.example:${port}`);
  });

  it.each([
    ['127.0.0.1', () => `${base}/cal.ics`],
    ['localhost', () => `http://localhost:${port}/cal.ics`],
    ['::1', () => `http://[::1]:${port}/cal.ics`],
    ['a name resolving to 10.x', () => `http://intranet.example:${port}/cal.ics`],
    ['a name with one private address among public ones', () => `http://mixed.example:${port}/cal.ics`],
  ])('refuses %s', async (_what, url) => {
    const real = _what === 'localhost' ? { allowPrivate: false } : strict;
    await expect(safeFetchText(url(), real)).rejects.toThrow(/private or local network/);
  });

  it('refuses a redirect from an allowed server to a private one, by address or by name', async () => {
    await expect(safeFetchText(`http://calendar.example:${port}/to-loopback`, strict)).rejects.toThrow(
      /127\.0\.0\.1 points into a private/,
    );
    await expect(safeFetchText(`http://calendar.example:${port}/to-private-name`, strict)).rejects.toThrow(/intranet\.example points into/);
  });

  it('stops after five redirects', async () => {
    await expect(safeFetchText(`http://calendar.example:${port}/loop`, strict)).rejects.toThrow(/redirected too many times/);
  });

  it('caps the size while streaming', async () => {
    await expect(safeFetchText(`http://calendar.example:${port}/big`, { ...strict, maxBytes: 1024 * 1024 })).rejects.toThrow(
      /larger than 1 MB/,
    );
    expect((await safeFetchText(`http://calendar.example:${port}/big`, strict)).length).toBe(40 * 64 * 1024);
  });

  it('caps the time', async () => {
    const t0 = Date.now();
    await expect(safeFetchText(`http://calendar.example:${port}/slow`, { ...strict, timeoutMs: 300 })).rejects.toThrow(
      /did not answer within/,
    );
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('caps the time of the name lookup too', async () => {
    const never: Resolver = () => new Promise(() => {});
    await expect(safeFetchText('http://slow-dns.example/cal.ics', { ...strict, resolve: never, timeoutMs: 300 })).rejects.toThrow(
      'The calendar’s server name could not be looked up in time.',
    );
  });

  it('says what went wrong in plain words', async () => {
    await expect(safeFetchText('gopher://x', strict)).rejects.toThrow('That is not a web address (http:// or https://).');
    await expect(safeFetchText(`http://calendar.example:${port}/gone`, strict)).rejects.toThrow(/no calendar at this address \(404\)/);
    await expect(safeFetchText('http://nowhere.example/cal.ics', strict)).rejects.toThrow(/could not be found/);
  });

  it('CALENDAR_FETCH_ALLOW_PRIVATE lifts only the address refusal', async () => {
    expect(await safeFetchText(`${base}/cal.ics`, { allowPrivate: true })).toBe(ICS);
    await expect(safeFetchText(`${base}/big`, { allowPrivate: true, maxBytes: 1000 })).rejects.toThrow(/larger than/);
  });

  it('over https, connects to the checked address while the TLS name and Host stay the typed host', async () => {
    // A self-signed certificate for calendar.example only: the fetch succeeds only if SNI and the check use that name, not the IP.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-fetch-tls-'));
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=calendar.example',
        '-addext',
        'subjectAltName=DNS:calendar.example',
      ],
      { stdio: 'ignore' },
    );
    const ca = fs.readFileSync(cert, 'utf8');
    const tls = https.createServer({ key: fs.readFileSync(key), cert: ca }, (req, res) =>
      res.end(`${(req.socket as import('node:tls').TLSSocket).servername} ${req.headers.host}`),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    const tlsPort = (tls.address() as AddressInfo).port;
    try {
      expect(await safeFetchText(`webcal://calendar.example:${tlsPort}/cal.ics`, { ...strict, ca })).toBe(
        `calendar.example calendar.example:${tlsPort}`,
      );
      // The same server by its address: the certificate does not name it, so it is refused.
      await expect(safeFetchText(`https://127.0.0.1:${tlsPort}/cal.ics`, { allowPrivate: true, ca })).rejects.toThrow(
        /no valid certificate/,
      );
    } finally {
      tls.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
