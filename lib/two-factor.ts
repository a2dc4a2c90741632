import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { MINUTE_MS } from '@/lib/time/units';

/**
 * Two-factor sign-in with an authenticator app (RFC 6238 TOTP through the
 * otpauth library: 6 digits, 30-second steps, SHA-1, which is what every app
 * reads from a QR code), recovery codes, and the short-lived token that
 * carries a sign-in from its password step to its code step.
 *
 * The secret is kept encrypted (AES-256-GCM) under a key derived from
 * AUTH_SECRET, so a copy of the database file alone makes no codes. Recovery
 * codes are kept as keyed hashes: they are random, so a fast hash is enough.
 *
 * Plain module (no `server-only`): the tests make codes with it.
 */

export const TOTP_PERIOD_S = 30;
/** Steps either side of now a code is still taken for: a phone's clock a little off, a code typed as it turned over. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** How long the code step of a sign-in may follow its password step. */
export const PENDING_SIGN_IN_MS = 5 * MINUTE_MS;
export const ISSUER = 'Sweetspot';

const keys = new Map<string, Buffer>();

function key(purpose: 'totp secret v1' | 'recovery code v1' | 'pending sign-in v1'): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set: two-factor sign-in needs it.');
  // Each purpose its own key, none of them AUTH_SECRET itself (which also signs session cookies).
  const id = `${purpose}\0${secret}`;
  let k = keys.get(id);
  if (!k) keys.set(id, (k = Buffer.from(hkdfSync('sha256', secret, 'sweetspot', purpose, 32))));
  return k;
}

/** A new authenticator secret (160 bits, as RFC 4226 recommends), in the base32 the apps take typed in. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// address the QR code carries. */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The code an app shows at `now` (tests and nothing else make codes). */
export function totpCode(secretBase32: string, now: number): string {
  return totp(secretBase32).generate({ timestamp: now });
}

/**
 * The time step a code belongs to, when it is right within the window and
 * newer than the last step accepted: a code seen once (over a shoulder, in a
 * phished page) never signs in again. Null otherwise.
 */
export function matchTotp(secretBase32: string, code: string, now: number, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** What is stored for a secret: iv, tag and ciphertext, base64url, dot-separated. */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key('totp secret v1'), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The secret again; null when it was sealed under another AUTH_SECRET or altered. */
export function openSecret(stored: string): string | null {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key('totp secret v1'), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i to misread

/** Ten codes like `k7m2p-x9qre` (50 bits each), to be shown once. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A typed code as it is compared: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normalizeRecoveryCode(code));
}

export function recoveryCodeHash(code: string): string {
  return createHmac('sha256', key('recovery code v1')).update(normalizeRecoveryCode(code)).digest('hex');
}

/**
 * The token the password step hands the code step: user id and expiry, signed
 * together with a hash of the user's password hash, so it names one user, dies
 * after PENDING_SIGN_IN_MS and with any password change. It proves a right
 * password, nothing more: no session comes without the code.
 */
export function signPendingSignIn(userId: number, passwordHash: string, now: number): string {
  const body = `${userId}.${now + PENDING_SIGN_IN_MS}`;
  return `${body}.${pendingMac(body, passwordHash)}`;
}

/** The user id a pending token names, before its signature is checked against that user's password hash. */
export function pendingSignInUser(token: string): number | null {
  const m = /^(\d{1,12})\.(\d{1,15})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m ? Number(m[1]) : null;
}

export function pendingSignInValid(token: string, passwordHash: string, now: number): boolean {
  const m = /^(\d{1,12}\.(\d{1,15}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || Number(m[2]) < now) return false;
  const want = Buffer.from(pendingMac(m[1]!, passwordHash));
  const got = Buffer.from(m[3]!);
  return want.length === got.length && timingSafeEqual(want, got);
}

function pendingMac(body: string, passwordHash: string): string {
  return createHmac('sha256', key('pending sign-in v1')).update(`${body}\0${passwordHash}`).digest('base64url');
}
