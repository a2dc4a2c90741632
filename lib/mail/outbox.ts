/**
 * The outbox: a mail is a row written in the transaction of the change that
 * causes it (a reset asked for → its link), so a change and its message land
 * together or not at all. A background sender (./sender.ts) delivers the rows.
 *
 * Delivery is at-least-once across a crash mid-send and exactly once
 * otherwise. A sender claims a row in an immediate transaction (status
 * 'sending' with a lease), sends it, then marks it sent. If the process dies
 * between the mail server's "250 OK" and that mark, the lease runs out and
 * the row is sent again — with the same Message-ID, so the receiving server
 * (or the reader's client) can drop the second copy. Two live senders never
 * hold the same row: the claim is one write under SQLite's write lock.
 *
 * Plain module (no `server-only`): the sender runs from instrumentation.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Conn, DB } from '../../db';
import type { MailAttachment } from '../../db/schema';
import * as schema from '../../db/schema';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../time/units';

export type OutboxRow = typeof schema.outbox.$inferSelect;
export type { MailAttachment };

export type NewMail = {
  firmId: number;
  kind: string;
  to: string;
  subject: string;
  /** Plain text, without the footer. */
  text: string;
  /** Why this person gets this message: the footer's line ("You asked to reset…"). */
  reason: string;
  /** Files sent with it (a booking's .ics, an invoice's PDF). */
  attachments?: MailAttachment[];
};

/** How long a claimed message is the claiming sender's; longer than one send can take (see the transport's timeouts). */
export const LEASE_MS = 5 * MINUTE_MS;
export const MAX_ATTEMPTS = 10;
export const FIRST_RETRY_MS = 30 * SECOND_MS;
export const MAX_RETRY_MS = HOUR_MS;

/** The wait before attempt n + 1 after n failed: 30 s, 1 min, 2 min… doubling, at most an hour. */
export function retryDelay(failedAttempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export const FOOTER_RULE = '-- ';

/** The stored body: the text, then a signature line and the reason it was sent. */
export function withFooter(text: string, reason: string): string {
  return `${text.trimEnd()}\n\n${FOOTER_RULE}\nSweetspot. ${reason}\n`;
}

const WAKE = Symbol.for('sweetspot.mail.wake');
type WakeHolder = { [WAKE]?: () => void };

/** The running sender's wake-up (set by ./sender.ts): a new row goes out at once instead of at the next poll. */
export function setWakeUp(fn: (() => void) | undefined): void {
  (globalThis as WakeHolder)[WAKE] = fn;
}

/**
 * Writes a message inside the caller's transaction. The sender is woken on a
 * later turn of the event loop, when this synchronous transaction has
 * committed (or rolled back, and then it finds nothing new).
 */
export function enqueueMail(tx: Conn, mail: NewMail, now = Date.now()): number {
  return enqueueMailOnce(tx, mail, randomUUID(), now)!;
}

/**
 * Writes a message unless one with this key was ever written: a job that
 * runs twice (or in two processes) enqueues a reminder once. The key is also
 * the Message-ID's local part. Returns the new row's id, or null when the key
 * was taken.
 */
export function enqueueMailOnce(tx: Conn, mail: NewMail, messageKey: string, now = Date.now()): number | null {
  const row = tx
    .insert(schema.outbox)
    .values({
      firmId: mail.firmId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      body: withFooter(mail.text, mail.reason),
      messageKey,
      attachments: mail.attachments?.length ? mail.attachments : null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: schema.outbox.messageKey })
    .returning({ id: schema.outbox.id })
    .get();
  if (!row) return null;
  wakeSender();
  return row.id;
}

/** How many mails of a kind went into the outbox for an address since a moment: the count a throttle on that mail reads. */
export function mailsSince(tx: Conn, to: string, kind: string, since: number): number {
  const o = schema.outbox;
  return (
    tx
      .select({ n: count() })
      .from(o)
      .where(and(eq(o.toAddress, to), eq(o.kind, kind), gt(o.createdAt, since)))
      .get()?.n ?? 0
  );
}
/** Wakes the running sender, if any, on a later turn of the event loop (after the caller's transaction). */
export function wakeSender(): void {
  const wake = (globalThis as WakeHolder)[WAKE];
  if (wake) setImmediate(wake);
}

/**
 * Takes the next due message for this sender: a pending one whose time has
 * come, or one whose sender's lease ran out (it died mid-send). One immediate
 * transaction, so two senders never take the same row. Counts the attempt.
 */
export function claimNext(db: DB, now: number, leaseMs = LEASE_MS): OutboxRow | undefined {
  const t = schema.outbox;
  return db.transaction(
    (tx) => {
      const due = tx
        .select({ id: t.id })
        .from(t)
        .where(or(and(eq(t.status, 'pending'), lte(t.nextAttemptAt, now)), and(eq(t.status, 'sending'), lte(t.leaseUntil, now))))
        .orderBy(asc(t.nextAttemptAt), asc(t.id))
        .limit(1)
        .get();
      if (!due) return undefined;
      return tx
        .update(t)
        .set({ status: 'sending', leaseUntil: now + leaseMs, attempts: sql`${t.attempts} + 1` })
        .where(eq(t.id, due.id))
        .returning()
        .get();
    },
    { behavior: 'immediate' },
  );
}

/**
 * Takes back every claim when a sender starts: one sender runs per process and
 * one process per database (README "Running it in production"), so a message
 * still marked as being sent was claimed by a process that died (a kill, a
 * power cut) and goes out now rather than when its lease would have run out.
 * Returns how many were taken back.
 */
export function releaseClaims(db: DB): number {
  const t = schema.outbox;
  return db.update(t).set({ status: 'pending', leaseUntil: null }).where(eq(t.status, 'sending')).run().changes;
}

/** Only the sender holding the claim (same attempt, still 'sending') may settle it: a late sender after a takeover changes nothing. */
const heldBy = (row: Pick<OutboxRow, 'id' | 'attempts'>) =>
  and(eq(schema.outbox.id, row.id), eq(schema.outbox.status, 'sending'), eq(schema.outbox.attempts, row.attempts));

/** A one-time link's token (lib/link-tokens.ts shape: 43 URL-safe characters), standing alone. */
const LINK_TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
export const HIDDEN_TOKEN = '(hidden: only the recipient can open this link)';

export function hideTokens(body: string): string {
  return body.replace(LINK_TOKEN, HIDDEN_TOKEN);
}

/**
 * Marks a delivered message sent and drops the one-time links from its stored
 * body: the database keeps links only as hashes (lib/link-tokens.ts), and a
 * sent message no longer needs its copy, so a copy of the file opens nothing.
 */
export function markSent(db: DB, row: Pick<OutboxRow, 'id' | 'attempts' | 'body'>, now: number): boolean {
  return (
    db
      .update(schema.outbox)
      .set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: null, body: hideTokens(row.body) })
      .where(heldBy(row))
      .run().changes === 1
  );
}

/**
 * Records a failed attempt: waits retryDelay and tries again, or gives up
 * ('failed', with the reason) when the server refused for good or the
 * attempts are used up.
 */
export function markFailed(
  db: DB,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  error: { reason: string; permanent: boolean },
  now: number,
  maxAttempts = MAX_ATTEMPTS,
): 'retry' | 'failed' | 'lost-claim' {
  const giveUp = error.permanent || row.attempts >= maxAttempts;
  const reason = giveUp && !error.permanent ? `Gave up after ${row.attempts} attempts. Last: ${error.reason}` : error.reason;
  const changes = db
    .update(schema.outbox)
    .set(
      giveUp
        ? { status: 'failed', leaseUntil: null, lastError: reason }
        : { status: 'pending', leaseUntil: null, lastError: reason, nextAttemptAt: now + retryDelay(row.attempts) },
    )
    .where(heldBy(row))
    .run().changes;
  if (changes === 0) return 'lost-claim';
  return giveUp ? 'failed' : 'retry';
}
