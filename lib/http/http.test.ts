import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxyHops } from '../request';
import { BODY_LIMITS, readBodyCapped } from './body';
import { PEER_HEADER, peerChain } from './peer-address';

const stamped = (forwarded: string | undefined, socket: string) => new Headers({ [PEER_HEADER]: peerChain(forwarded, socket) });

describe('client address', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(stamped(undefined, '203.0.113.7'), 0)).toBe('203.0.113.7');
    expect(clientAddress(stamped('198.51.100.1', '203.0.113.7'), 0)).toBe('203.0.113.7');
    expect(clientAddress(stamped('198.51.100.1, 10.0.0.9', '::ffff:203.0.113.7'), 0)).toBe('203.0.113.7');
  });

  it('behind N proxies is the N-th entry from the right, the socket being entry 0', () => {
    // A client forging X-Forwarded-For through one proxy: the proxy appends the real address.
    expect(clientAddress(stamped('6.6.6.6, 198.51.100.23', '127.0.0.1'), 1)).toBe('198.51.100.23');
    expect(clientAddress(stamped('198.51.100.23', '127.0.0.1'), 1)).toBe('198.51.100.23');
    expect(clientAddress(stamped('6.6.6.6, 198.51.100.23, 10.0.0.2', '127.0.0.1'), 2)).toBe('198.51.100.23');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const a = clientAddress(stamped(undefined, '2001:db8:0:7:1:2:3:4'), 0);
    expect(a).toBe('2001:db8:0:7::/64');
    expect(clientAddress(stamped(undefined, '2001:0db8:0000:0007:ffff::9'), 0)).toBe(a);
    expect(clientAddress(stamped(undefined, '2001:db8:0:7::'), 0)).toBe(a);
    expect(clientAddress(stamped(undefined, '2001:db8::7:0:0:0:1'), 0)).toBe('2001:db8:0:7::/64');
    expect(clientAddress(stamped(undefined, '2001:db8:0:8::1'), 0)).not.toBe(a);
    expect(clientAddress(stamped(undefined, '2001:db8::'), 0)).toBe('2001:db8:0:0::/64');
    expect(clientAddress(stamped(undefined, '64:ff9b::192.0.2.1'), 0)).toBe('64:ff9b:0:0::/64');
    expect(clientAddress(stamped(undefined, '1:2:3:4:5:6:1.2.3.4'), 0)).toBe('1:2:3:4::/64');
    expect(clientAddress(stamped(undefined, 'fe80::1%eth0'), 0)).toBe('fe80:0:0:0::/64');
  });

  it('a request that skipped the proxies is known by its socket address', () => {
    expect(clientAddress(stamped(undefined, '192.0.2.4'), 1)).toBe('192.0.2.4');
  });

  it('is "unknown" without the server stamp or for text that is not an address', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '198.51.100.1' }), 0)).toBe('unknown');
    expect(clientAddress(stamped('<script>, 1.2.3.4', '::1'), 0)).toBe('0:0:0:0::/64');
    expect(clientAddress(stamped('not-an-ip', '127.0.0.1'), 1)).toBe('unknown');
  });

  it('keeps only the rightmost entries of a long forged chain, each bounded', () => {
    const chain = peerChain(Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', '), '127.0.0.1');
    expect(chain.split(', ')).toHaveLength(12);
    expect(chain.endsWith('127.0.0.1')).toBe(true);
    expect(peerChain('x'.repeat(10_000), '127.0.0.1').length).toBeLessThan(100);
  });

  it('TRUSTED_PROXY_HOPS must be a whole number from 0 to 10', () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops('2')).toBe(2);
    for (const bad of ['-1', '1.5', 'one', '11']) expect(() => trustedProxyHops(bad)).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});

function streamOf(chunks: number, size: number, counter: { pulled: number }) {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= chunks) return controller.close();
      counter.pulled++;
      controller.enqueue(new Uint8Array(size));
    },
  });
}

describe('capped body', () => {
  it('refuses a declared length over the cap without reading anything', async () => {
    const counter = { pulled: 0 };
    const request = new Request('http://x/', {
      method: 'POST',
      body: streamOf(1000, 1024, counter),
      duplex: 'half',
      headers: { 'content-length': String(200 * 1024 * 1024) },
    } as RequestInit);
    const body = await readBodyCapped(request, BODY_LIMITS.auth);
    expect(body.ok).toBe(false);
    if (!body.ok) expect(body.response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a chunked body as soon as it passes the cap', async () => {
    const counter = { pulled: 0 };
    const request = new Request('http://x/', { method: 'POST', body: streamOf(100_000, 1024, counter), duplex: 'half' } as RequestInit);
    const body = await readBodyCapped(request, 16 * 1024);
    expect(body.ok).toBe(false);
    expect(counter.pulled).toBeLessThan(40);
  });

  it('hands back a body within the cap unchanged', async () => {
    const body = await readBodyCapped(
      new Request('http://x/', { method: 'POST', body: 'email=a%40b.example&password=x' }),
      BODY_LIMITS.auth,
    );
    expect(body.ok && new TextDecoder().decode(body.bytes)).toBe('email=a%40b.example&password=x');
  });
});
