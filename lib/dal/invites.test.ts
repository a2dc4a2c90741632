import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { verifyPassword } from '@/lib/password';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { EmailNotConfirmedError } from './email-confirmation';
import { acceptInvite, INVITE_LINK_MS, inviteTeamMember, usableInvite } from './invites';
import { LinkNotValidError } from './one-time-links';
import { MemberNotAddedError } from './team';

const NOW = Date.UTC(2030, 1, 1, 12);
const tokenOf = (body: string) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(body)![1]!;
const userByEmail = (email: string) => getDb().select().from(schema.users).where(eq(schema.users.email, email)).get()!;

describe('inviting a member by email', () => {
  it('adds them with no usable password and mails a one-time link (72 h); the link sets their own password once', async () => {
    const firm = makeFirm('Invite Firm');
    const owner = asMember(makeUser(firm.id, 'owner', { name: 'Olive' }));
    const email = `new-${Math.random().toString(36).slice(2, 8)}@unit.example`;
    const user = await inviteTeamMember(owner, { name: 'Nia', email, role: 'staff' }, NOW);
    expect(user).toMatchObject({ name: 'Nia', email, role: 'staff', mustChangePassword: false });
    const [mail] = getDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, email)).all();
    expect(mail).toMatchObject({ kind: 'invite', firmId: firm.id, subject: 'Olive invited you to Invite Firm on Sweetspot' });
    expect(mail!.body).toContain('You get this because Olive, an owner of Invite Firm, invited');
    const token = tokenOf(mail!.body);
    expect(usableInvite(token, NOW + INVITE_LINK_MS - 1)).toEqual({ name: 'Nia', firmName: 'Invite Firm' });
    expect(usableInvite(token, NOW + INVITE_LINK_MS)).toBeUndefined();
    await expect(acceptInvite(token, 'nia own password', NOW + INVITE_LINK_MS)).rejects.toBeInstanceOf(LinkNotValidError);

    expect(await acceptInvite(token, 'nia own password', NOW + 10)).toBe(email);
    const row = userByEmail(email);
    expect(await verifyPassword('nia own password', row.passwordHash)).toBe(true);
    expect(row.emailConfirmed).toBe(true);
    await expect(acceptInvite(token, 'someone else', NOW + 11)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(await verifyPassword('nia own password', userByEmail(email).passwordHash)).toBe(true);
  });

  it('is refused, changing nothing, for an address with an account, a consultant, and a firm whose owner is unconfirmed', async () => {
    const firm = makeFirm();
    const owner = makeUser(firm.id, 'owner');
    const consultant = makeUser(firm.id, 'consultant');
    const unconfirmed = makeUser(firm.id, 'owner', { emailConfirmed: false });
    const before = firmRows(firm.id);
    const outbox = () => getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firm.id)).all().length;
    await expect(inviteTeamMember(asMember(owner), { name: 'X', email: consultant.email, role: 'staff' })).rejects.toBeInstanceOf(
      MemberNotAddedError,
    );
    await expect(inviteTeamMember(asMember(consultant), { name: 'X', email: 'x1@unit.example', role: 'staff' })).rejects.toThrow(
      'permission',
    );
    await expect(inviteTeamMember(asMember(unconfirmed), { name: 'X', email: 'x2@unit.example', role: 'staff' })).rejects.toBeInstanceOf(
      EmailNotConfirmedError,
    );
    expect(firmRows(firm.id)).toBe(before);
    expect(outbox()).toBe(0);
  });
});
