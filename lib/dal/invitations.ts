import 'server-only';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { getDb, schema, type Conn, type Tx } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { newLink, shownLink, tokenHash } from '@/lib/link-tokens';
import { enqueueMail, wakeSender } from '@/lib/mail/outbox';
import { inviteExistingAccountMail, inviteMail, mailOrigin } from '@/lib/mail/messages';
import { hashPassword } from '@/lib/password';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { HOUR_MS, MINUTE_MS } from '@/lib/time/units';
import { assertEmailConfirmed } from './email-confirmation';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import { mailServerConfigured } from './mail';
import { LinkNotValidError } from './one-time-links';
import type { Member } from './session';

/**
 * Adding a member is an invitation (its own row), not an account: the account
 * is made when the invitee opens the link and chooses a password. So the owner
 * is answered, and their firm's rows change, exactly alike whether or not the
 * address already has an account in some other firm; only the mail to that
 * address differs, and only its recipient reads it (lib/dal/mail.ts withholds
 * invitation bodies from the owner's view of the outbox).
 */
export const INVITATION_MS = 72 * HOUR_MS;
/** "Send again" waits this long after the last send, so an owner cannot flood an address. */
export const RESEND_AFTER_MS = 5 * MINUTE_MS;

export type InvitationDTO = {
  id: number;
  email: string;
  name: string;
  role: 'consultant' | 'staff';
  sentAt: number;
  expiresAt: number;
  expired: boolean;
  /** The link to pass on by hand, shown only while no mail server carries it; null otherwise. */
  link: string | null;
};

export class AlreadyMemberError extends UserFacingError {
  constructor() {
    super('This address belongs to a member of your team already.', 'email');
  }
}

export class AlreadyInvitedError extends UserFacingError {
  constructor() {
    super('An invitation to this address is waiting already: use “Send again” in the list below.', 'email');
  }
}

export class SentRecentlyError extends UserFacingError {
  constructor() {
    super('This invitation was sent less than 5 minutes ago. Wait a little before sending it again.');
  }
}

export class AddressHasAccountError extends UserFacingError {
  constructor() {
    super(
      'This address already has a Sweetspot account, so no new one was made. One address belongs to one firm: sign in to your account, or ask for an invitation to another address.',
    );
  }
}

const inv = schema.invitations;
const open = (now: number) => and(isNull(inv.acceptedAt), isNull(inv.revokedAt), gt(inv.expiresAt, now));
const linkOf = (token: string) => `${mailOrigin()}/invite/${token}`;

/** Writes the invitation's mail: a link for a new address; for an address with an account anywhere, a note with no link. */
function queueInvitationMail(tx: Tx, member: Member, who: { name: string; email: string }, token: string, now: number): void {
  const firm = tx.select({ name: schema.firms.name }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  const addressed = { firmId: member.firmId, firmName: firm.name, name: who.name, to: who.email };
  const hasAccount = !!tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, who.email)).get();
  enqueueMail(
    tx,
    hasAccount ? inviteExistingAccountMail(addressed, member.name, mailOrigin()) : inviteMail(addressed, member.name, linkOf(token)),
    now,
  );
}

export function inviteMember(
  member: Member,
  input: { name: string; email: string; role: 'consultant' | 'staff' },
  now = Date.now(),
): { id: number; name: string; email: string } {
  assertCan(member.role, 'team.manage');
  const created = writeTransaction((tx) => {
    assertEmailConfirmed(tx, member);
    const user = tx.select({ firmId: schema.users.firmId }).from(schema.users).where(eq(schema.users.email, input.email)).get();
    // The owner sees their own team, so saying this tells them nothing new; another firm's account is never mentioned.
    if (user?.firmId === member.firmId) throw new AlreadyMemberError();
    const waiting = and(eq(inv.firmId, member.firmId), eq(inv.email, input.email), isNull(inv.acceptedAt), isNull(inv.revokedAt));
    if (
      tx
        .select({ id: inv.id })
        .from(inv)
        .where(and(waiting, gt(inv.expiresAt, now)))
        .get()
    )
      throw new AlreadyInvitedError();
    // An expired one for the address gives way to the new one.
    tx.update(inv).set({ revokedAt: now }).where(waiting).run();
    const { token, nonce, hash } = newLink('invitation');
    const row = tx
      .insert(inv)
      .values({
        firmId: member.firmId,
        email: input.email,
        name: input.name,
        role: input.role,
        invitedByUserId: member.userId,
        tokenHash: hash,
        nonce,
        sentAt: now,
        expiresAt: now + INVITATION_MS,
        createdAt: now,
      })
      .returning({ id: inv.id, name: inv.name, email: inv.email })
      .get();
    queueInvitationMail(tx, member, row, token, now);
    writeAudit(tx, member, { action: 'team.member_invited', entity: 'invitation', id: row.id, after: input });
    return row;
  });
  wakeSender();
  return created;
}

/** The firm's invitations not yet accepted or revoked, expired ones included (marked), oldest first. */
export function listInvitations(member: Member, now = Date.now()): InvitationDTO[] {
  assertCan(member.role, 'team.manage');
  const showLinks = !mailServerConfigured();
  return getDb()
    .select()
    .from(inv)
    .where(and(eq(inv.firmId, member.firmId), isNull(inv.acceptedAt), isNull(inv.revokedAt)))
    .orderBy(asc(inv.createdAt), asc(inv.id))
    .all()
    .map((r) => {
      const expired = r.expiresAt <= now;
      const token = showLinks && !expired ? shownLink('invitation', { nonce: r.nonce, hash: r.tokenHash })?.token : null;
      return {
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role,
        sentAt: r.sentAt,
        expiresAt: r.expiresAt,
        expired,
        link: token ? linkOf(token) : null,
      };
    });
}

/** The firm's invitation still waiting (expired or not); another firm's id, an accepted or revoked one: not found. */
function waitingInvitation(tx: Tx, member: Member, id: number) {
  const row = tx
    .select()
    .from(inv)
    .where(and(eq(inv.id, id), eq(inv.firmId, member.firmId), isNull(inv.acceptedAt), isNull(inv.revokedAt)))
    .get();
  if (!row) throw new NotFoundError('That invitation');
  return row;
}

/** A new link (the old one dies) with 72 hours again, mailed afresh; throttled per invitation. */
export function resendInvitation(member: Member, id: number, now = Date.now()): { email: string } {
  assertCan(member.role, 'team.manage');
  const email = writeTransaction((tx) => {
    assertEmailConfirmed(tx, member);
    const row = waitingInvitation(tx, member, id);
    if (now - row.sentAt < RESEND_AFTER_MS) throw new SentRecentlyError();
    const { token, nonce, hash } = newLink('invitation');
    tx.update(inv)
      .set({ tokenHash: hash, nonce, sentAt: now, expiresAt: now + INVITATION_MS })
      .where(eq(inv.id, id))
      .run();
    queueInvitationMail(tx, member, row, token, now);
    writeAudit(tx, member, { action: 'team.invitation_resent', entity: 'invitation', id });
    return row.email;
  });
  wakeSender();
  return { email };
}

/** Ends the invitation: its link stops working at once. */
export function revokeInvitation(member: Member, id: number, now = Date.now()): { email: string } {
  assertCan(member.role, 'team.manage');
  return writeTransaction((tx) => {
    const row = waitingInvitation(tx, member, id);
    tx.update(inv).set({ revokedAt: now }).where(eq(inv.id, id)).run();
    writeAudit(tx, member, { action: 'team.invitation_revoked', entity: 'invitation', id, before: { email: row.email, role: row.role } });
    return { email: row.email };
  });
}

function usable(conn: Conn, token: string, now: number) {
  return conn
    .select({
      id: inv.id,
      firmId: inv.firmId,
      email: inv.email,
      name: inv.name,
      role: inv.role,
      firmName: schema.firms.name,
    })
    .from(inv)
    .innerJoin(schema.firms, eq(schema.firms.id, inv.firmId))
    .where(and(eq(inv.tokenHash, tokenHash(token)), open(now)))
    .get();
}

/**
 * What an invitation link opens while it works (undefined once accepted,
 * revoked, replaced or expired). Whether the address has an account is shown
 * to the link's holder: it reached them at that address.
 */
export function openInvitation(token: string, now = Date.now()) {
  const row = usable(getDb(), token, now);
  if (!row) return undefined;
  const hasAccount = !!getDb().select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, row.email)).get();
  return { name: row.name, email: row.email, firmName: row.firmName, hasAccount };
}

/**
 * The invitee's account, made from the link in one immediate transaction: the
 * invitation marked accepted, the address confirmed (the link reached it).
 * Nothing is made when the address has an account by now. Returns the email.
 */
export async function acceptInvitation(token: string, input: { name: string; password: string }, now = Date.now()): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => {
    const row = usable(tx, token, now);
    if (!row) throw new LinkNotValidError();
    if (tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, row.email)).get())
      throw new AddressHasAccountError();
    const user = tx
      .insert(schema.users)
      .values({
        firmId: row.firmId,
        name: input.name,
        email: row.email,
        role: row.role,
        passwordHash,
        emailConfirmed: true,
        createdAt: now,
      })
      .returning({ id: schema.users.id })
      .get();
    tx.update(inv).set({ acceptedAt: now, acceptedUserId: user.id }).where(eq(inv.id, row.id)).run();
    recordAudit(tx, {
      firmId: row.firmId,
      actorUserId: user.id,
      action: 'user.invite_accepted',
      entityType: 'user',
      entityId: user.id,
      after: { name: input.name, email: row.email, role: row.role },
    });
    return row.email;
  });
}
