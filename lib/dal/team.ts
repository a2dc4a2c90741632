import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { hashPassword, temporaryPassword } from '@/lib/password';
import { assertCan, can, type Role } from '@/lib/permissions';
import { getUserOrThrow, memberColumns, type UserRow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { endFeedsOf } from './internal/feed-trust';

export type TeamMemberDTO = {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: number;
};

/**
 * The firm's people. Whether each has two-factor sign-in on is the owner's to
 * see (whom a firm-wide rule would send to set-up); null for everyone else.
 */
export function listTeam(member: Member): (TeamMemberDTO & { twoFactor: boolean | null })[] {
  assertCan(member.role, 'team.read');
  const twoFactor = can(member.role, 'team.manage')
    ? sql<boolean | null>`${schema.users.totpSecret} is not null`.mapWith(Boolean)
    : sql<null>`null`;
  return getDb()
    .select({ ...memberColumns, twoFactor })
    .from(schema.users)
    .where(eq(schema.users.firmId, member.firmId))
    .orderBy(asc(schema.users.name))
    .all();
}

const toMember = (u: UserRow): TeamMemberDTO => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt,
});

/** Another firm's id and a missing id answer the same: not found. */
export function getTeamMember(member: Member, userId: number): TeamMemberDTO {
  assertCan(member.role, 'team.read');
  return toMember(getUserOrThrow(getDb(), member, userId, 'team'));
}

export class LastOwnerError extends UserFacingError {
  constructor() {
    super('The firm needs at least one active owner. Make someone else an owner first.');
  }
}

function activeOwnersOtherThan(tx: Conn, firmId: number, userId: number): number {
  return tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(eq(schema.users.firmId, firmId), eq(schema.users.role, 'owner'), eq(schema.users.active, true), ne(schema.users.id, userId)))
    .all().length;
}

export function changeTeamMemberRole(member: Member, userId: number, role: Role): TeamMemberDTO {
  assertCan(member.role, 'team.manage');
  return writeTransaction((tx) => {
    const target = toMember(getUserOrThrow(tx, member, userId, 'team'));
    if (target.role === role) return target;
    if (target.role === 'owner' && target.active && activeOwnersOtherThan(tx, member.firmId, userId) === 0) throw new LastOwnerError();
    tx.update(schema.users)
      .set({ role })
      .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
      .run();
    endFeedsOf(tx, { firmId: member.firmId, userId, role: target.role }, member.userId, 'team.role_changed');
    writeAudit(tx, member, {
      action: 'team.role_changed',
      entity: 'user',
      id: userId,
      before: { role: target.role },
      after: { role },
    });
    return { ...target, role };
  });
}

/** Deactivating ends every session of that user at once; reactivating lets them sign in again. */
export function setTeamMemberActive(member: Member, userId: number, active: boolean): TeamMemberDTO {
  assertCan(member.role, 'team.manage');
  return writeTransaction((tx) => {
    const target = toMember(getUserOrThrow(tx, member, userId, 'team'));
    if (target.active === active) return target;
    if (!active && target.role === 'owner' && activeOwnersOtherThan(tx, member.firmId, userId) === 0) throw new LastOwnerError();
    tx.update(schema.users)
      .set({ active })
      .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
      .run();
    if (!active) {
      tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).run();
      endFeedsOf(tx, { firmId: member.firmId, userId, role: target.role }, member.userId, 'team.member_deactivated');
    }
    writeAudit(tx, member, {
      action: active ? 'team.member_reactivated' : 'team.member_deactivated',
      entity: 'user',
      id: userId,
      before: { active: target.active },
      after: { active },
    });
    return { ...target, active };
  });
}

/** Issues a new one-time password (shown once to the owner) and ends the member's sessions. */
export async function resetTeamMemberPassword(member: Member, userId: number): Promise<{ user: TeamMemberDTO; temporaryPassword: string }> {
  assertCan(member.role, 'team.manage');
  const target = getTeamMember(member, userId);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  writeTransaction((tx) => {
    // Re-read inside the transaction: the role decides whether the team feed goes too.
    const { role } = toMember(getUserOrThrow(tx, member, userId, 'team'));
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: true })
      .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
      .run();
    tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).run();
    endFeedsOf(tx, { firmId: member.firmId, userId, role }, member.userId, 'team.password_reset');
    writeAudit(tx, member, {
      action: 'team.password_reset',
      entity: 'user',
      id: userId,
    });
  });
  return { user: target, temporaryPassword: password };
}
