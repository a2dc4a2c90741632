import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { inviteMember } from './invitations';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { changeTeamMemberRole, getTeamMember, LastOwnerError, listTeam, resetTeamMemberPassword, setTeamMemberActive } from './team';

function firmWithTeam() {
  const firm = makeFirm();
  const owner = makeUser(firm.id, 'owner');
  const consultant = makeUser(firm.id, 'consultant');
  const staff = makeUser(firm.id, 'staff');
  return { firm, owner, consultant, staff };
}

describe('team', () => {
  it('lists only the caller’s firm', () => {
    const a = firmWithTeam();
    const b = firmWithTeam();
    const ids = listTeam(asMember(a.consultant)).map((u) => u.id);
    expect(ids.sort()).toEqual([a.owner.id, a.consultant.id, a.staff.id].sort());
    expect(ids).not.toContain(b.owner.id);
  });

  it('shows the owner who has two-factor sign-in on, and nobody else', () => {
    const a = firmWithTeam();
    getDb().update(schema.users).set({ totpSecret: 'sealed' }).where(eq(schema.users.id, a.staff.id)).run();
    const seen = (m: typeof a.owner) => Object.fromEntries(listTeam(asMember(m)).map((u) => [u.id, u.twoFactor]));
    expect(seen(a.owner)).toEqual({ [a.owner.id]: false, [a.consultant.id]: false, [a.staff.id]: true });
    expect(seen(a.consultant)).toEqual({ [a.owner.id]: null, [a.consultant.id]: null, [a.staff.id]: null });
  });

  it('answers "not found" for another firm’s member and changes nothing there', async () => {
    const a = firmWithTeam();
    const b = firmWithTeam();
    const before = firmRows(a.firm.id, b.firm.id);
    const me = asMember(a.owner);
    expect(() => getTeamMember(me, b.consultant.id)).toThrow(NotFoundError);
    expect(() => changeTeamMemberRole(me, b.consultant.id, 'owner')).toThrow(NotFoundError);
    expect(() => setTeamMemberActive(me, b.consultant.id, false)).toThrow(NotFoundError);
    await expect(resetTeamMemberPassword(me, b.consultant.id)).rejects.toThrow(NotFoundError);
    expect(firmRows(a.firm.id, b.firm.id)).toBe(before);
  });

  it('refuses consultants and staff, changing nothing', async () => {
    const { firm, owner, consultant, staff } = firmWithTeam();
    const before = firmRows(firm.id);
    for (const caller of [consultant, staff]) {
      expect(() => inviteMember(asMember(caller), { name: 'Y', email: 'y@unit.example', role: 'staff' })).toThrow(ForbiddenError);
      expect(() => changeTeamMemberRole(asMember(caller), owner.id, 'staff')).toThrow(ForbiddenError);
      expect(() => setTeamMemberActive(asMember(caller), owner.id, false)).toThrow(ForbiddenError);
    }
    expect(firmRows(firm.id)).toBe(before);
  });

  it('never leaves a firm without an active owner', () => {
    const { firm, owner, consultant } = firmWithTeam();
    const me = asMember(owner);
    const before = firmRows(firm.id);
    expect(() => changeTeamMemberRole(me, owner.id, 'staff')).toThrow(LastOwnerError);
    expect(() => setTeamMemberActive(me, owner.id, false)).toThrow(LastOwnerError);
    expect(firmRows(firm.id)).toBe(before);

    // With a second owner, the first may step down.
    changeTeamMemberRole(me, consultant.id, 'owner');
    expect(changeTeamMemberRole(me, owner.id, 'consultant').role).toBe('consultant');
    // An inactive owner does not count as the remaining one.
    const second = asMember({ ...consultant, role: 'owner' });
    const third = makeUser(firm.id, 'owner', { active: false });
    expect(() => setTeamMemberActive(second, consultant.id, false)).toThrow(LastOwnerError);
    expect(setTeamMemberActive(second, third.id, true).active).toBe(true);
    expect(setTeamMemberActive(second, consultant.id, false).active).toBe(false);
  });

  it('deactivation ends the member’s sessions; the change is audited with before and after', () => {
    const { owner, consultant } = firmWithTeam();
    getDb()
      .insert(schema.authSessions)
      .values({ id: `s-${consultant.id}`, userId: consultant.id, expiresAt: Date.now() + 60_000 })
      .run();
    setTeamMemberActive(asMember(owner), consultant.id, false);
    expect(getDb().select().from(schema.authSessions).where(eq(schema.authSessions.userId, consultant.id)).all()).toEqual([]);
    const entry = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.entityId, consultant.id)).all().at(-1);
    expect(entry?.action).toBe('team.member_deactivated');
    expect(entry?.before).toEqual({ active: true });
    expect(entry?.after).toEqual({ active: false });
  });
});
