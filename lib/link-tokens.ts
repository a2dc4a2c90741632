import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secret links (calendar feeds, the client request page, a request's status
 * page) are opened by a token in the URL. The database keeps only the token's
 * SHA-256, which is what a request is looked up by, so a copy of the database
 * file (a backup, a stolen disk) opens nothing.
 *
 * The owner must still be able to see the request page's link, and a person
 * their feed's, in Settings. Such a token is therefore not random but
 * HMAC-SHA256(key, purpose + ':' + nonce), with a random nonce stored beside
 * the hash and a key derived from AUTH_SECRET: the app remakes the link from
 * the nonce; the file alone cannot. A request's status link is remade the
 * same way for the mail that tells its sender it was booked, and so is the
 * opt-out link in optional mail.
 *
 * Plain module (no `server-only`): scripts/serve.ts prints the demo's link.
 */

export type LinkPurpose = 'calendar-feed' | 'request-page' | 'request-status' | 'mail-opt-out' | 'invitation';

/** A token made here: 32 bytes in URL-safe base64. */
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * What Settings can show of a secret link: null when there is none; a null
 * token when it works but cannot be shown (made before links were hashed, or
 * AUTH_SECRET has changed since), and only a new link can be shown.
 */
export type ShownLink = { token: string | null } | null;

/** The SHA-256 (hex) a token is stored and looked up by. Also the SQL function sweetspot_sha256_hex (db/index.ts). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

let derived: { secret: string; key: Buffer } | undefined;

function linkKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set: secret links can be neither made nor shown without it.');
  // Its own key, not AUTH_SECRET itself, which also signs session cookies.
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync('sha256', secret, 'sweetspot', 'secret links v1', 32)) };
  return derived.key;
}

function remake(purpose: LinkPurpose, nonce: string): string {
  return createHmac('sha256', linkKey()).update(`${purpose}:${nonce}`).digest('base64url');
}

/** A new link: its token (for the URL) and what to store (nonce and hash). */
export function newLink(purpose: LinkPurpose): { token: string; nonce: string; hash: string } {
  const nonce = randomBytes(16).toString('base64url');
  const token = remake(purpose, nonce);
  return { token, nonce, hash: tokenHash(token) };
}

/** The stored link's token again, when this server can remake the very token the hash is of. */
export function shownLink(purpose: LinkPurpose, stored: { nonce: string | null; hash: string | null } | undefined): ShownLink {
  if (!stored?.hash) return null;
  if (stored.nonce === null) return { token: null };
  const token = remake(purpose, stored.nonce);
  return { token: tokenHash(token) === stored.hash ? token : null };
}

/** A random token shown once and never again (a one-time link's), with its hash to store. */
export function oneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}
