import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { verifyPassword } from '@/lib/password';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { EmailNotConfirmedError } from './email-confirmation';
import {
  acceptInvitation,
  AddressHasAccountError,
  AlreadyInvitedError,
  AlreadyMemberError,
  INVITATION_MS,
  inviteMember,
  listInvitations,
  openInvitation,
  RESEND_AFTER_MS,
  resendInvitation,
  revokeInvitation,
  SentRecentlyError,
} from './invitations';
import { INVITATION_BODY_WITHHELD, listOutbox } from './mail';
import { LinkNotValidError } from './one-time-links';

const NOW = Date.UTC(2030, 1, 1, 12);
const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2, 8)}@unit.example`;
const mailsTo = (email: string) =>
  getDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, email)).orderBy(asc(schema.outbox.id)).all();
const tokenIn = (body: string) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
const lastToken = (email: string) => tokenIn(mailsTo(email).at(-1)!.body)!;
const outboxOf = (firmId: number) => JSON.stringify(getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).all());
const invitationsOf = (firmId: number) =>
  getDb().select().from(schema.invitations).where(eq(schema.invitations.firmId, firmId)).orderBy(asc(schema.invitations.id)).all();
const userByEmail = (email: string) => getDb().select().from(schema.users).where(eq(schema.users.email, email)).get();

function ownerFirm(name = 'Invite Firm') {
  const firm = makeFirm(name);
  return { firm, owner: asMember(makeUser(firm.id, 'owner', { name: 'Olive' })) };
}

describe('adding a member is an invitation', () => {
  it('answers and records exactly alike whether or not the address has an account in another firm; only the mail differs', () => {
    const { firm, owner } = ownerFirm();
    const elsewhere = makeUser(makeFirm('Other Firm').id, 'consultant');
    const fresh = unique('fresh');
    const answers = [elsewhere.email, fresh].map((email) => inviteMember(owner, { name: 'Nia', email, role: 'staff' }, NOW));
    const blank = (email: string) => (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(email, '<address>'));
    // What the owner is told.
    expect(blank(elsewhere.email)({ ...answers[0], id: 0 })).toEqual(blank(fresh)({ ...answers[1], id: 0 }));
    // What the owner's firm holds: an invitation row each, alike but for the address and its link.
    const [a, b] = invitationsOf(firm.id);
    const shape = (r: typeof a) => ({ ...r, id: 0, email: '', tokenHash: '', nonce: '' });
    expect(shape(a!)).toEqual(shape(b!));
    expect(userByEmail(fresh)).toBeUndefined();
    expect(userByEmail(elsewhere.email)!.firmId).toBe(elsewhere.firmId);
    // What the owner sees of them: the list and Settings → Email.
    const listed = listInvitations(owner, NOW + 1);
    expect(listed.map((i) => i.email)).toEqual([elsewhere.email, fresh]);
    expect(listed.map((i) => ({ ...i, id: 0, email: '', link: typeof i.link }))[0]).toEqual(
      listed.map((i) => ({ ...i, id: 0, email: '', link: typeof i.link }))[1],
    );
    const shown = listOutbox(owner);
    expect(shown).toHaveLength(2);
    const seen = shown.map((m) => ({ kind: m.kind, subject: m.subject, body: m.body, status: m.status, attempts: m.attempts }));
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toMatchObject({
      kind: 'invite',
      subject: 'Olive invited you to Invite Firm on Sweetspot',
      body: INVITATION_BODY_WITHHELD,
    });
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firm.id)).all();
    expect(audit.map((e) => [e.action, e.entityType])).toEqual([
      ['team.member_invited', 'invitation'],
      ['team.member_invited', 'invitation'],
    ]);
    // The mail itself: a link for the new address; for the taken one, a note that it has an account, and no link.
    const [toFresh] = mailsTo(fresh);
    expect(toFresh!.body).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
    const [toTaken] = mailsTo(elsewhere.email);
    expect(toTaken!.body).toContain(`but ${elsewhere.email} already has a Sweetspot account. One address belongs to one firm`);
    expect(toTaken!.body).toContain('reply to Olive with another address');
    expect(tokenIn(toTaken!.body)).toBeUndefined();
    expect(toTaken!.body).not.toContain('/invite/');
  });

  it('the link makes the account once, within 72 hours, with the address confirmed', async () => {
    const { firm, owner } = ownerFirm();
    const email = unique('new');
    inviteMember(owner, { name: 'Nia', email, role: 'staff' }, NOW);
    const token = lastToken(email);
    expect(openInvitation(token, NOW + INVITATION_MS - 1)).toEqual({ name: 'Nia', email, firmName: 'Invite Firm', hasAccount: false });
    expect(openInvitation(token, NOW + INVITATION_MS)).toBeUndefined();
    await expect(acceptInvitation(token, { name: 'Nia N', password: 'nia own password' }, NOW + INVITATION_MS)).rejects.toBeInstanceOf(
      LinkNotValidError,
    );
    expect(userByEmail(email)).toBeUndefined();

    expect(await acceptInvitation(token, { name: 'Nia N', password: 'nia own password' }, NOW + 10)).toBe(email);
    const user = userByEmail(email)!;
    expect(user).toMatchObject({
      firmId: firm.id,
      name: 'Nia N',
      role: 'staff',
      emailConfirmed: true,
      mustChangePassword: false,
      active: true,
    });
    expect(await verifyPassword('nia own password', user.passwordHash)).toBe(true);
    expect(invitationsOf(firm.id)[0]).toMatchObject({ acceptedAt: NOW + 10, acceptedUserId: user.id });
    expect(listInvitations(owner, NOW + 11)).toEqual([]);
    await expect(acceptInvitation(token, { name: 'X', password: 'someone else' }, NOW + 11)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(await verifyPassword('nia own password', userByEmail(email)!.passwordHash)).toBe(true);
  });

  it('makes nothing when the address has an account by the time the link is used, and says so on the page', async () => {
    const { firm, owner } = ownerFirm();
    const email = unique('late');
    inviteMember(owner, { name: 'Nia', email, role: 'consultant' }, NOW);
    const token = lastToken(email);
    const other = makeFirm();
    makeUser(other.id, 'owner', { email });
    expect(openInvitation(token, NOW + 5)?.hasAccount).toBe(true);
    const before = firmRows(firm.id, other.id);
    const invitations = JSON.stringify(invitationsOf(firm.id));
    await expect(acceptInvitation(token, { name: 'Nia', password: 'nia own password' }, NOW + 5)).rejects.toBeInstanceOf(
      AddressHasAccountError,
    );
    expect(firmRows(firm.id, other.id)).toBe(before);
    expect(JSON.stringify(invitationsOf(firm.id))).toBe(invitations);
  });

  it('"Send again" is throttled, then makes a new link with 72 hours and kills the old one', async () => {
    const { firm, owner } = ownerFirm();
    const email = unique('again');
    const { id } = inviteMember(owner, { name: 'Nia', email, role: 'staff' }, NOW);
    const first = lastToken(email);
    const before = [firmRows(firm.id), outboxOf(firm.id)];
    expect(() => resendInvitation(owner, id, NOW + RESEND_AFTER_MS - 1)).toThrow(SentRecentlyError);
    expect([firmRows(firm.id), outboxOf(firm.id)]).toEqual(before);

    const later = NOW + INVITATION_MS + 1; // expired meanwhile: sending again revives it
    expect(listInvitations(owner, later)[0]).toMatchObject({ expired: true, link: null });
    expect(resendInvitation(owner, id, later)).toEqual({ email });
    const second = lastToken(email);
    expect(second).not.toBe(first);
    expect(mailsTo(email)).toHaveLength(2);
    expect(listInvitations(owner, later + 1)[0]).toMatchObject({ expired: false, sentAt: later, expiresAt: later + INVITATION_MS });
    expect(openInvitation(first, later + 1)).toBeUndefined();
    expect(await acceptInvitation(second, { name: 'Nia', password: 'nia own password' }, later + 2)).toBe(email);
  });

  it('revoking kills the link; another firm, a lower role and a finished invitation are refused, changing nothing', async () => {
    const { firm, owner } = ownerFirm();
    const email = unique('gone');
    const { id } = inviteMember(owner, { name: 'Nia', email, role: 'staff' }, NOW);
    const token = lastToken(email);
    const stranger = ownerFirm('Stranger Firm');
    const consultant = asMember(makeUser(firm.id, 'consultant'));
    const before = [firmRows(firm.id, stranger.firm.id), outboxOf(firm.id), JSON.stringify(invitationsOf(firm.id))];
    expect(() => revokeInvitation(stranger.owner, id, NOW + 1)).toThrow(NotFoundError);
    expect(() => resendInvitation(stranger.owner, id, NOW + RESEND_AFTER_MS)).toThrow(NotFoundError);
    expect(() => revokeInvitation(consultant, id, NOW + 1)).toThrow(ForbiddenError);
    expect(() => resendInvitation(consultant, id, NOW + RESEND_AFTER_MS)).toThrow(ForbiddenError);
    expect(() => listInvitations(consultant)).toThrow(ForbiddenError);
    expect([firmRows(firm.id, stranger.firm.id), outboxOf(firm.id), JSON.stringify(invitationsOf(firm.id))]).toEqual(before);

    expect(revokeInvitation(owner, id, NOW + 2)).toEqual({ email });
    expect(openInvitation(token, NOW + 3)).toBeUndefined();
    await expect(acceptInvitation(token, { name: 'Nia', password: 'nia own password' }, NOW + 3)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(userByEmail(email)).toBeUndefined();
    expect(listInvitations(owner, NOW + 3)).toEqual([]);
    expect(() => revokeInvitation(owner, id, NOW + 4)).toThrow(NotFoundError);
    expect(() => resendInvitation(owner, id, NOW + RESEND_AFTER_MS * 2)).toThrow(NotFoundError);
  });

  it('refuses, changing nothing: a member of this firm, an address already invited, a consultant, an unconfirmed owner', () => {
    const { firm, owner } = ownerFirm();
    const staff = makeUser(firm.id, 'staff');
    const consultant = asMember(makeUser(firm.id, 'consultant'));
    const unconfirmed = asMember(makeUser(firm.id, 'owner', { emailConfirmed: false }));
    const waiting = unique('waiting');
    inviteMember(owner, { name: 'W', email: waiting, role: 'staff' }, NOW);
    const before = [firmRows(firm.id), outboxOf(firm.id), JSON.stringify(invitationsOf(firm.id))];
    expect(() => inviteMember(owner, { name: 'X', email: staff.email, role: 'staff' }, NOW)).toThrow(AlreadyMemberError);
    expect(() => inviteMember(owner, { name: 'X', email: waiting, role: 'consultant' }, NOW + 1)).toThrow(AlreadyInvitedError);
    expect(() => inviteMember(consultant, { name: 'X', email: unique('x'), role: 'staff' }, NOW)).toThrow(ForbiddenError);
    expect(() => inviteMember(unconfirmed, { name: 'X', email: unique('x'), role: 'staff' }, NOW)).toThrow(EmailNotConfirmedError);
    expect([firmRows(firm.id), outboxOf(firm.id), JSON.stringify(invitationsOf(firm.id))]).toEqual(before);
    // Once the first has expired, the address can be invited again; the expired one gives way.
    inviteMember(owner, { name: 'W', email: waiting, role: 'staff' }, NOW + INVITATION_MS);
    expect(listInvitations(owner, NOW + INVITATION_MS + 1).map((i) => [i.email, i.expired])).toEqual([[waiting, false]]);
  });
});
