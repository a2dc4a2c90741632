import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { schema, type Conn, type Tx } from '@/db';
import { oneTimeToken, tokenHash } from '@/lib/link-tokens';
import { UserFacingError } from '@/lib/errors';

/**
 * One-time links sent by mail (a password reset, an email confirmation, an
 * invitation). Only the token's SHA-256 is stored, like every secret link
 * (lib/link-tokens.ts); a link works once, until it expires, and making a new
 * one of the same purpose ends the person's earlier ones.
 */
export type LinkPurpose = (typeof schema.linkPurposes)[number];

export class LinkNotValidError extends UserFacingError {
  constructor() {
    super('This link has expired or was already used. Ask for a new one.');
  }
}

/** A new link for this person and purpose (their earlier unused ones of the purpose end); returns the token for the URL. */
export function issueLink(tx: Tx, userId: number, purpose: LinkPurpose, lifetimeMs: number, now: number): string {
  const { token, hash } = oneTimeToken();
  tx.delete(schema.oneTimeLinks)
    .where(and(eq(schema.oneTimeLinks.userId, userId), eq(schema.oneTimeLinks.purpose, purpose), isNull(schema.oneTimeLinks.usedAt)))
    .run();
  tx.insert(schema.oneTimeLinks)
    .values({ userId, purpose, tokenHash: hash, expiresAt: now + lifetimeMs, createdAt: now })
    .run();
  return token;
}

/** The person a usable link of this purpose belongs to (unused, unexpired, the person active); undefined otherwise. */
export function findLink(conn: Conn, token: string, purpose: LinkPurpose, now: number) {
  const l = schema.oneTimeLinks;
  const u = schema.users;
  return conn
    .select({ linkId: l.id, userId: u.id, firmId: u.firmId, role: u.role, email: u.email, name: u.name })
    .from(l)
    .innerJoin(u, eq(u.id, l.userId))
    .where(and(eq(l.tokenHash, tokenHash(token)), eq(l.purpose, purpose), isNull(l.usedAt), gt(l.expiresAt, now), eq(u.active, true)))
    .get();
}

/** Uses a link up inside the caller's transaction: throws LinkNotValidError unless it was usable, so it works exactly once. */
export function useLink(tx: Tx, token: string, purpose: LinkPurpose, now: number) {
  const link = findLink(tx, token, purpose, now);
  if (!link) throw new LinkNotValidError();
  tx.update(schema.oneTimeLinks).set({ usedAt: now }).where(eq(schema.oneTimeLinks.id, link.linkId)).run();
  return link;
}
