import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, schema, type Conn, type Tx } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { enqueueMail, mailsSince } from '@/lib/mail/outbox';
import { confirmEmailMail, mailOrigin } from '@/lib/mail/messages';
import { assertCan } from '@/lib/permissions';
import { DAY_MS, MINUTE_MS } from '@/lib/time/units';
import { recordAudit, writeTransaction } from './internal/write';
import { findLink, issueLink, useLink } from './one-time-links';
import type { Member } from './session';

export const CONFIRM_LINK_MS = 7 * DAY_MS;
/** "Send the link again" at most this often per person in the window. */
export const CONFIRM_RESENDS = 3;
export const CONFIRM_RESEND_WINDOW_MS = 10 * MINUTE_MS;

export class EmailNotConfirmedError extends UserFacingError {
  constructor() {
    super('Confirm your email address first: open the link we sent you (or use “Send the link again” at the top of the page).');
  }
}

export function isEmailConfirmed(conn: Conn, userId: number): boolean {
  return conn.select({ ok: schema.users.emailConfirmed }).from(schema.users).where(eq(schema.users.id, userId)).get()?.ok ?? false;
}

/** The gate of everything that invites or sends: an unconfirmed owner's firm may send only the confirmation. */
export function assertEmailConfirmed(conn: Conn, member: Pick<Member, 'userId'>): void {
  if (!isEmailConfirmed(conn, member.userId)) throw new EmailNotConfirmedError();
}

export function emailConfirmed(member: Member): boolean {
  return isEmailConfirmed(getDb(), member.userId);
}

type Person = { id: number; firmId: number; name: string; email: string; firmName: string };

/** Writes a confirmation link and its message inside the caller's transaction (sign-up, or "send again"). */
export function queueConfirmation(tx: Tx, who: Person, now: number): void {
  const token = issueLink(tx, who.id, 'confirm-email', CONFIRM_LINK_MS, now);
  enqueueMail(
    tx,
    confirmEmailMail(
      { firmId: who.firmId, firmName: who.firmName, name: who.name, to: who.email },
      `${mailOrigin()}/confirm-email/${token}`,
    ),
    now,
  );
}

export class ConfirmationSentRecentlyError extends UserFacingError {
  constructor() {
    super('We sent the link a few times just now. Check your inbox and spam folder, or try again in a few minutes.');
  }
}

/** "Send the link again": a new link (the earlier ones end) to the caller's own address; nothing when already confirmed. */
export function sendConfirmationAgain(member: Member, now = Date.now()): 'sent' | 'already-confirmed' {
  assertCan(member.role, 'account.own');
  return writeTransaction((tx) => {
    const who = tx
      .select({
        id: schema.users.id,
        firmId: schema.users.firmId,
        name: schema.users.name,
        email: schema.users.email,
        confirmed: schema.users.emailConfirmed,
        firmName: schema.firms.name,
      })
      .from(schema.users)
      .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
      .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
      .get();
    if (!who || who.confirmed) return 'already-confirmed';
    if (mailsSince(tx, who.email, 'confirm-email', now - CONFIRM_RESEND_WINDOW_MS) >= CONFIRM_RESENDS)
      throw new ConfirmationSentRecentlyError();
    queueConfirmation(tx, who, now);
    return 'sent';
  });
}

/** Opens a confirmation link, once: the address is the person's from now on. */
export function confirmEmail(token: string, now = Date.now()): void {
  writeTransaction((tx) => {
    const who = useLink(tx, token, 'confirm-email', now);
    tx.update(schema.users).set({ emailConfirmed: true }).where(eq(schema.users.id, who.userId)).run();
    recordAudit(tx, {
      firmId: who.firmId,
      actorUserId: who.userId,
      action: 'user.email_confirmed',
      entityType: 'user',
      entityId: who.userId,
    });
  });
}

/** Whether the link's page should offer its button. */
export function confirmLinkUsable(token: string, now = Date.now()): boolean {
  return findLink(getDb(), token, 'confirm-email', now) !== undefined;
}
