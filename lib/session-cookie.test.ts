import { encode } from 'next-auth/jwt';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { authenticate, endSession } from '@/lib/dal/accounts';
import { hashPassword } from '@/lib/password';
import { makeFirm, makeUser } from '@/test/factories';

// The one stand-in: the request's headers, which only a running Next.js server provides.
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));

const { liveSession } = await import('./session-cookie');

const SECRET = process.env.AUTH_SECRET!;
const PLAIN = 'authjs.session-token';
const SECURE = '__Secure-authjs.session-token';

async function signedIn() {
  const firm = makeFirm();
  const user = makeUser(firm.id, 'consultant', { passwordHash: await hashPassword('correct horse') });
  const result = await authenticate(user.email, 'correct horse', '192.0.2.1');
  if (result.status !== 'ok') throw new Error(result.status);
  return { user, sid: result.sessionId };
}

/** A session token as Auth.js issues it: encrypted with the secret, salted with the cookie's name. */
const token = (sid: string, salt: string, secret = SECRET, maxAge = 3600) => encode({ token: { sid, sub: '1' }, secret, salt, maxAge });

function request(cookie: string | null, proto: 'http' | 'https' | null) {
  requestHeaders = new Headers();
  if (cookie !== null) requestHeaders.set('cookie', cookie);
  if (proto) requestHeaders.set('x-forwarded-proto', proto);
}

describe('liveSession reads the session cookie Auth.js issued', () => {
  beforeEach(() => {
    delete process.env.AUTH_URL;
    delete process.env.NEXTAUTH_URL;
  });

  it('finds the live row behind the plain cookie over http and the __Secure- cookie over https', async () => {
    const { user, sid } = await signedIn();
    request(`${PLAIN}=${await token(sid, PLAIN)}`, 'http');
    expect(await liveSession()).toMatchObject({ sid, row: { userId: user.id, firmId: user.firmId, role: 'consultant' } });
    request(`other=1; ${SECURE}=${await token(sid, SECURE)}`, 'https');
    expect((await liveSession())?.sid).toBe(sid);
    // Without X-Forwarded-Proto Auth.js calls the request https.
    request(`${SECURE}=${await token(sid, SECURE)}`, null);
    expect((await liveSession())?.sid).toBe(sid);
  });

  it('follows AUTH_URL over the header, as Auth.js does', async () => {
    const { sid } = await signedIn();
    process.env.AUTH_URL = 'https://sweetspot.example';
    request(`${SECURE}=${await token(sid, SECURE)}`, 'http');
    expect((await liveSession())?.sid).toBe(sid);
    request(`${PLAIN}=${await token(sid, PLAIN)}`, 'http');
    expect(await liveSession()).toBeNull();
  });

  it('refuses a token under the other cookie name, made with another secret, tampered with, expired, or of an ended session', async () => {
    const { sid } = await signedIn();
    // Issued as the plain cookie, presented as the secure one over https (and the reverse): the salt differs.
    request(`${SECURE}=${await token(sid, PLAIN)}`, 'https');
    expect(await liveSession()).toBeNull();
    request(`${PLAIN}=${await token(sid, SECURE)}`, 'http');
    expect(await liveSession()).toBeNull();
    // The right name, but not the name Auth.js reads for this protocol.
    request(`${PLAIN}=${await token(sid, PLAIN)}`, 'https');
    expect(await liveSession()).toBeNull();

    request(`${PLAIN}=${await token(sid, PLAIN, 'another-secret-that-is-long-enough-0123456789')}`, 'http');
    expect(await liveSession()).toBeNull();

    const good = await token(sid, PLAIN);
    const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    request(`${PLAIN}=${tampered}`, 'http');
    expect(await liveSession()).toBeNull();

    request(`${PLAIN}=${await token(sid, PLAIN, SECRET, -60)}`, 'http');
    expect(await liveSession()).toBeNull();

    request(`${PLAIN}=${good}`, 'http');
    expect((await liveSession())?.sid).toBe(sid);
    endSession(sid);
    expect(await liveSession()).toBeNull();
  });

  it('never reads an Authorization header, and an unknown session id is nobody', async () => {
    const { sid } = await signedIn();
    request(null, 'http');
    requestHeaders.set('authorization', `Bearer ${await token(sid, PLAIN)}`);
    expect(await liveSession()).toBeNull();
    request(`${PLAIN}=${await token('no-such-session', PLAIN)}`, 'http');
    expect(await liveSession()).toBeNull();
  });
});
