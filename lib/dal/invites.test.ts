import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { verifyPassword } from '@/lib/password';
import { makeFirm, makeUser } from '@/test/factories';
import { acceptInvite, INVITE_LINK_MS, usableInvite } from './invites';
import { issueLink, LinkNotValidError } from './one-time-links';

const NOW = Date.UTC(2030, 1, 1, 12);
const userByEmail = (email: string) => getDb().select().from(schema.users).where(eq(schema.users.email, email)).get()!;

describe('an invitation link made before invitations had their own rows', () => {
  it('still sets the waiting account’s own password once, within its 72 hours', async () => {
    const firm = makeFirm('Invite Firm');
    // What the old "invite by email" left: an account with a password nobody knows, and a one-time link.
    const user = makeUser(firm.id, 'staff', { name: 'Nia' });
    const token = getDb().transaction((tx) => issueLink(tx, user.id, 'invite', INVITE_LINK_MS, NOW));
    expect(usableInvite(token, NOW + INVITE_LINK_MS - 1)).toEqual({ name: 'Nia', firmName: 'Invite Firm' });
    expect(usableInvite(token, NOW + INVITE_LINK_MS)).toBeUndefined();
    await expect(acceptInvite(token, 'nia own password', NOW + INVITE_LINK_MS)).rejects.toBeInstanceOf(LinkNotValidError);

    expect(await acceptInvite(token, 'nia own password', NOW + 10)).toBe(user.email);
    const row = userByEmail(user.email);
    expect(await verifyPassword('nia own password', row.passwordHash)).toBe(true);
    expect(row.emailConfirmed).toBe(true);
    await expect(acceptInvite(token, 'someone else', NOW + 11)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(await verifyPassword('nia own password', userByEmail(user.email).passwordHash)).toBe(true);
  });
});
