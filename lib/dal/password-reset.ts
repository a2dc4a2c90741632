import 'server-only';
import { and, count, eq, gt, like } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { hashPassword } from '@/lib/password';
import { enqueueMail } from '@/lib/mail/outbox';
import { mailOrigin, passwordResetMail } from '@/lib/mail/messages';
import { HOUR_MS, MINUTE_MS } from '@/lib/time/units';
import { endFeedsOf } from './internal/feed-trust';
import { recordAudit, writeTransaction } from './internal/write';
import { findLink, issueLink, useLink } from './one-time-links';

export const RESET_LINK_MS = HOUR_MS;
/** Inside the sign-in attempts' keep time (lib/dal/attempts.ts), which prunes these rows too. */
export const RESET_WINDOW_MS = 15 * MINUTE_MS;
export const MAX_RESETS_PER_EMAIL = 3;
export const MAX_RESETS_PER_ADDRESS = 10;

/** The one answer to "forgot password", whether or not the address has an account and when throttled: anything else would tell. */
export const RESET_ANSWER = 'If an account exists for that address, we sent a link to it. It works once, within an hour.';

/**
 * Reset requests are counted in login_attempts under "(reset) " + the email,
 * with succeeded = true: not an email address, so no sign-in looks it up,
 * and not a failure, so the sign-in throttle (loginRetryAt) never counts it.
 */
export const RESET_MARKER = '(reset) ';

function resetAllowed(conn: Conn, email: string, address: string, now: number): boolean {
  const t = schema.loginAttempts;
  const recent = and(like(t.email, `${RESET_MARKER}%`), gt(t.at, now - RESET_WINDOW_MS));
  const n = (where: ReturnType<typeof and>) => conn.select({ n: count() }).from(t).where(where).get()?.n ?? 0;
  return (
    n(and(recent, eq(t.email, RESET_MARKER + email))) < MAX_RESETS_PER_EMAIL &&
    n(and(recent, eq(t.address, address))) < MAX_RESETS_PER_ADDRESS
  );
}

/**
 * "Forgot password": for an active account's email, within the throttle, a
 * one-time link (1 h) and its message, written together. The caller answers
 * the same whatever happened here, so nothing is returned.
 *
 * Every request within the throttle counts, whether or not the address has an
 * account: an unknown address that wrote nothing would both escape the
 * per-client throttle (unlimited guesses) and answer measurably faster than a
 * known one (no committed write), telling which addresses have accounts. A
 * throttled request writes nothing, known or not.
 */
export function requestPasswordReset(email: string, address: string, now = Date.now()): void {
  writeTransaction((tx) => {
    if (!resetAllowed(tx, email, address, now)) return;
    tx.insert(schema.loginAttempts)
      .values({ email: RESET_MARKER + email, address, succeeded: true, at: now })
      .run();
    const user = tx
      .select({
        id: schema.users.id,
        name: schema.users.name,
        email: schema.users.email,
        firmId: schema.users.firmId,
        firmName: schema.firms.name,
      })
      .from(schema.users)
      .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
      .where(and(eq(schema.users.email, email), eq(schema.users.active, true)))
      .get();
    if (!user) return;
    const token = issueLink(tx, user.id, 'password-reset', RESET_LINK_MS, now);
    enqueueMail(
      tx,
      passwordResetMail(
        { firmId: user.firmId, firmName: user.firmName, name: user.name, to: user.email },
        `${mailOrigin()}/reset-password/${token}`,
      ),
      now,
    );
    recordAudit(tx, {
      firmId: user.firmId,
      actorUserId: null,
      action: 'user.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

/** Whether the reset page should offer its form: the link is unused, unexpired and its person active. */
export function resetLinkUsable(token: string, now = Date.now()): boolean {
  return findLink(getDb(), token, 'password-reset', now) !== undefined;
}

/**
 * Sets the new password from a reset link, once (and confirms the address it reached): the link is used up, every
 * session of the person ends (whoever held one), and so do their calendar
 * feeds, as when the owner resets a password (lib/dal/team.ts).
 */
export async function resetPasswordWithLink(token: string, newPassword: string, now = Date.now()): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  writeTransaction((tx) => {
    const who = useLink(tx, token, 'password-reset', now);
    // The link reached them at the address, which proves it theirs: a sign-up never confirmed is confirmed now.
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: false, emailConfirmed: true })
      .where(eq(schema.users.id, who.userId))
      .run();
    tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, who.userId)).run();
    endFeedsOf(tx, who, who.userId, 'user.password_reset_by_link');
    recordAudit(tx, {
      firmId: who.firmId,
      actorUserId: who.userId,
      action: 'user.password_reset_by_link',
      entityType: 'user',
      entityId: who.userId,
    });
  });
}
