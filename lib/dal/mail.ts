import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { OutboxStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { HIDDEN_TOKEN, hideTokens, wakeSender } from '@/lib/mail/outbox';
import { mailConfig } from '@/lib/mail/sender';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { writeAudit, writeTransaction } from './internal/write';
import { assertEmailConfirmed } from './email-confirmation';
import type { Member } from './session';

export const OUTBOX_SHOWN = 50;

export type OutboxMessageDTO = {
  id: number;
  kind: string;
  to: string;
  subject: string;
  /** The body as sent; one-time links in a message to someone else are hidden (only its recipient may use them). */
  body: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** The files sent with it, by name, type and size (their bytes stay on the server). */
  attachments: { filename: string; contentType: string; bytes: number }[];
};

export { HIDDEN_TOKEN };

/** Is a mail server configured? Without one, messages wait in the outbox and the list says so. */
export function mailServerConfigured(): boolean {
  return mailConfig() !== null;
}

/**
 * Whose one-time links the list shows: only the owner's own (without a mail
 * server, the confirmation link is read here) and never a password reset's.
 * Someone signed in does not need a reset link; someone holding a stolen
 * session would otherwise ask for one, read it here and set a password of
 * their own without knowing the current one (which changing it asks for).
 */
function linksShown(message: { to: string; kind: string }, member: Member): boolean {
  return message.to === member.email && message.kind !== 'password-reset';
}

/**
 * An invitation's words depend on whether its address already has an account
 * somewhere (lib/mail/messages.ts); the firm that sent it must not learn that,
 * so its owner sees this instead of the body, for every invitation alike.
 */
export const INVITATION_BODY_WITHHELD =
  'An invitation to join the firm. Its words and link are for its recipient only; Settings → Team lists the invitations still waiting.';

function bodyShown(message: { to: string; kind: string; body: string }, member: Member): string {
  if (message.kind === 'invite' && message.to !== member.email) return INVITATION_BODY_WITHHELD;
  return linksShown(message, member) ? message.body : hideTokens(message.body);
}

export function listOutbox(member: Member): OutboxMessageDTO[] {
  assertCan(member.role, 'mail.manage');
  const t = schema.outbox;
  return getDb()
    .select({
      id: t.id,
      kind: t.kind,
      to: t.toAddress,
      subject: t.subject,
      body: t.body,
      status: t.status,
      attempts: t.attempts,
      nextAttemptAt: t.nextAttemptAt,
      lastError: t.lastError,
      createdAt: t.createdAt,
      sentAt: t.sentAt,
      attachments: t.attachments,
    })
    .from(t)
    .where(eq(t.firmId, member.firmId))
    .orderBy(desc(t.id))
    .limit(OUTBOX_SHOWN)
    .all()
    .map(({ attachments, ...m }) => ({
      ...m,
      body: bodyShown(m, member),
      attachments: (attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType.split(';')[0]!,
        bytes: Buffer.byteLength(a.base64, 'base64'),
      })),
    }));
}

export class NotFailedError extends UserFacingError {
  constructor() {
    super('Only a message that failed can be sent again; this one is sent or still on its way.');
  }
}

/** A failed message goes back to the queue with its attempts counted afresh; the sender is woken. Another firm's id is not found. */
export function resendMessage(member: Member, id: number, now = Date.now()): void {
  assertCan(member.role, 'mail.manage');
  const t = schema.outbox;
  writeTransaction((tx) => {
    const row = tx
      .select({ status: t.status, lastError: t.lastError, kind: t.kind })
      .from(t)
      .where(and(eq(t.id, id), eq(t.firmId, member.firmId)))
      .get();
    if (!row) throw new NotFoundError('That message');
    if (row.status !== 'failed') throw new NotFailedError();
    // Until the owner's address is confirmed, the firm sends nothing but the confirmation.
    if (row.kind !== 'confirm-email') assertEmailConfirmed(tx, member);
    tx.update(t)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, lastError: null })
      .where(and(eq(t.id, id), eq(t.firmId, member.firmId)))
      .run();
    writeAudit(tx, member, { action: 'mail.resent', entity: 'outbox', id, before: { status: 'failed', lastError: row.lastError } });
  });
  wakeSender();
}
