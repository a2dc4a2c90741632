import 'server-only';
import { getToken } from 'next-auth/jwt';
import { headers as requestHeaders } from 'next/headers';
import { getDb } from '@/db';
import { liveSessionRow } from '@/lib/live-session';

type LiveSession = { sid: string; row: NonNullable<ReturnType<typeof liveSessionRow>> };

/**
 * The request's session (its id and live row) when its cookie decrypts and
 * names a live row, for lib/dal/session.ts — by the same rule as the jwt
 * callback in lib/auth.ts.
 *
 * Pages read the cookie here rather than through Auth.js's auth(): that runs
 * Auth.js's whole session endpoint for every page (a CSRF token made and
 * hashed, the token decrypted, then encrypted again into a cookie a server
 * component cannot set), about 7 % of the server's CPU per page. Here the
 * token is only decrypted. The cookie is the one Auth.js would read: its
 * secure name exactly when Auth.js's own rule calls the request https
 * (AUTH_URL's protocol, else X-Forwarded-Proto, else https), and the salt is
 * that name, so a token issued under one name is not accepted under the
 * other. Only the cookie counts; an Authorization header is never read.
 */
export async function liveSession(): Promise<LiveSession | null> {
  const incoming = await requestHeaders();
  const cookie = incoming.get('cookie');
  if (!cookie) return null;
  const envUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  const protocol = envUrl ? new URL(envUrl).protocol : `${(incoming.get('x-forwarded-proto') ?? 'https').replace(/:$/, '')}:`;
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  let token: Awaited<ReturnType<typeof getToken>>;
  try {
    token = await getToken({ req: { headers: new Headers({ cookie }) }, secret, secureCookie: protocol === 'https:' });
  } catch {
    return null; // tampered, expired or made with another secret
  }
  const sid = token?.sid;
  if (typeof sid !== 'string') return null;
  const row = liveSessionRow(getDb(), sid, Date.now());
  return row ? { sid, row } : null;
}
