import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { hashPassword } from '@/lib/password';
import { HOUR_MS } from '@/lib/time/units';
import { recordAudit, writeTransaction } from './internal/write';
import { findLink, useLink } from './one-time-links';

export const INVITE_LINK_MS = 72 * HOUR_MS;

/*
 * Invitation links made before invitations had their own rows (lib/dal/invitations.ts):
 * the member's account was made at once, with a password nobody knows, and the link
 * (a one_time_links row of purpose 'invite') sets it. Those links keep working until
 * they expire; nothing makes new ones.
 */

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
