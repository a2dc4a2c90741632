import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { enqueueMail } from '@/lib/mail/outbox';
import { inviteMail, mailOrigin } from '@/lib/mail/messages';
import { hashPassword } from '@/lib/password';
import { assertCan } from '@/lib/permissions';
import { HOUR_MS } from '@/lib/time/units';
import { assertEmailConfirmed } from './email-confirmation';
import { memberColumns } from './internal/records';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import { findLink, issueLink, useLink } from './one-time-links';
import type { Member } from './session';
import { MemberNotAddedError, type TeamMemberDTO } from './team';

export const INVITE_LINK_MS = 72 * HOUR_MS;

/**
 * Adds a member who chooses their own password from a one-time link sent by
 * mail (72 h), instead of a temporary password passed on by hand. Until the
 * link is used the account has a random password nobody knows. The same
 * refusals as addTeamMember: an address with an account, an unconfirmed firm.
 */
export async function inviteTeamMember(
  member: Member,
  input: { name: string; email: string; role: 'consultant' | 'staff' },
  now = Date.now(),
): Promise<TeamMemberDTO> {
  assertCan(member.role, 'team.manage');
  const unusable = await hashPassword(randomBytes(32).toString('base64url'));
  return writeTransaction((tx) => {
    assertEmailConfirmed(tx, member);
    if (tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, input.email)).get())
      throw new MemberNotAddedError();
    const user = tx
      .insert(schema.users)
      .values({ firmId: member.firmId, name: input.name, email: input.email, role: input.role, passwordHash: unusable })
      .returning(memberColumns)
      .get();
    const firm = tx.select({ name: schema.firms.name }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
    const token = issueLink(tx, user.id, 'invite', INVITE_LINK_MS, now);
    enqueueMail(
      tx,
      inviteMail(
        { firmId: member.firmId, firmName: firm.name, name: user.name, to: user.email },
        member.name,
        `${mailOrigin()}/invite/${token}`,
      ),
      now,
    );
    writeAudit(tx, member, {
      action: 'team.member_invited',
      entity: 'user',
      id: user.id,
      after: { name: user.name, email: user.email, role: user.role },
    });
    return user;
  });
}

/** The firm an invitation link joins, while it is usable; undefined otherwise. */
export function usableInvite(token: string, now = Date.now()): { name: string; firmName: string } | undefined {
  const who = findLink(getDb(), token, 'invite', now);
  if (!who) return undefined;
  const firm = getDb().select({ name: schema.firms.name }).from(schema.firms).where(eq(schema.firms.id, who.firmId)).get();
  return { name: who.name, firmName: firm?.name ?? '' };
}

/** Sets the invited person's own password from the link, once; the address is proven theirs. Returns the email to sign in with. */
export async function acceptInvite(token: string, newPassword: string, now = Date.now()): Promise<string> {
  const passwordHash = await hashPassword(newPassword);
  return writeTransaction((tx) => {
    const who = useLink(tx, token, 'invite', now);
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: false, emailConfirmed: true })
      .where(eq(schema.users.id, who.userId))
      .run();
    tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, who.userId)).run();
    recordAudit(tx, {
      firmId: who.firmId,
      actorUserId: who.userId,
      action: 'user.invite_accepted',
      entityType: 'user',
      entityId: who.userId,
    });
    return who.email;
  });
}
