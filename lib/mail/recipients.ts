/**
 * Who may be sent what. Required messages (a booking and its changes, an
 * invoice, a reset, an invite) always go; optional ones (reminders, overdue
 * reminders, new-request notices) go to an address only while it has not
 * opted out, and each carries the link that opts it out.
 *
 * Plain module (no `server-only`): the reminder job runs from instrumentation.ts.
 */
import { and, eq } from 'drizzle-orm';
import type { Conn } from '../../db';
import * as schema from '../../db/schema';
import { newLink, shownLink, tokenHash, TOKEN } from '../link-tokens';
import { mailOrigin } from './messages';
import { enqueueMailOnce, type NewMail } from './outbox';
import { randomUUID } from 'node:crypto';

const normal = (email: string) => email.trim().toLowerCase();

/**
 * A firm speaks to people only once its owner's address is confirmed (sign-up
 * confirms it before the firm can invite or send anything): until then,
 * messages its changes would cause are not written at all.
 */
export function firmMaySend(conn: Conn, firmId: number): boolean {
  return !!conn
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(eq(schema.users.firmId, firmId), eq(schema.users.role, 'owner'), eq(schema.users.emailConfirmed, true)))
    .get();
}

function recipientRow(conn: Conn, firmId: number, email: string) {
  const r = schema.mailRecipients;
  return conn
    .select()
    .from(r)
    .where(and(eq(r.firmId, firmId), eq(r.email, normal(email))))
    .get();
}

export function isOptedOut(conn: Conn, firmId: number, email: string): boolean {
  return recipientRow(conn, firmId, email)?.optedOutAt != null;
}

/** The address's row, made on first use with its opt-out link's nonce. */
function ensureRecipient(conn: Conn, firmId: number, email: string, now: number) {
  const had = recipientRow(conn, firmId, email);
  if (had) return had;
  const { nonce, hash } = newLink('mail-opt-out');
  return conn
    .insert(schema.mailRecipients)
    .values({ firmId, email: normal(email), nonce, tokenHash: hash, createdAt: now })
    .returning()
    .get();
}

/** The address's opt-out link (made on first use). */
export function optOutLink(conn: Conn, firmId: number, email: string, now: number): string | null {
  const row = ensureRecipient(conn, firmId, email, now);
  const token = shownLink('mail-opt-out', { nonce: row.nonce, hash: row.tokenHash })?.token;
  return token ? `${mailOrigin()}/mail/opt-out/${token}` : null;
}

/** Opts an address in or out of a firm's optional mail (a member's setting, or the link). */
export function setOptOut(conn: Conn, firmId: number, email: string, out: boolean, now: number): void {
  const row = ensureRecipient(conn, firmId, email, now);
  conn
    .update(schema.mailRecipients)
    .set({ optedOutAt: out ? (row.optedOutAt ?? now) : null })
    .where(eq(schema.mailRecipients.id, row.id))
    .run();
}

/** What an opt-out link opens: the firm and address, or null for a link that opens nothing. */
export function recipientByToken(conn: Conn, token: string) {
  if (!TOKEN.test(token)) return null;
  const r = schema.mailRecipients;
  return (
    conn
      .select({ id: r.id, firmId: r.firmId, email: r.email, optedOutAt: r.optedOutAt, firmName: schema.firms.name })
      .from(r)
      .innerJoin(schema.firms, eq(schema.firms.id, r.firmId))
      .where(eq(r.tokenHash, tokenHash(token)))
      .get() ?? null
  );
}

/**
 * Writes an optional message inside the caller's transaction, unless its
 * address opted out (then nothing, and null) or its key was written before.
 * The text gains the opt-out link.
 */
export function enqueueOptional(conn: Conn, mail: NewMail, now: number, messageKey: string = randomUUID()): number | null {
  if (isOptedOut(conn, mail.firmId, mail.to)) return null;
  const link = optOutLink(conn, mail.firmId, mail.to, now);
  const text = link ? `${mail.text.trimEnd()}\n\nTo stop messages like this one: ${link}` : mail.text;
  return enqueueMailOnce(conn, { ...mail, text }, messageKey, now);
}
