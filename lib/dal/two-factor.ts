import 'server-only';
import { and, count, eq, isNull } from 'drizzle-orm';
import { getDb, schema, type Tx } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { verifyPassword } from '@/lib/password';
import { assertCan } from '@/lib/permissions';
import {
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  totpUri,
} from '@/lib/two-factor';
import { loginRetryAt } from './accounts';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type TwoFactorState = {
  on: boolean;
  /** Unused recovery codes left (0 while off). */
  recoveryCodesLeft: number;
  firmRequires: boolean;
  /** The secret being set up and its QR code's address: shown until a code from it is confirmed, never after. */
  setup: { secret: string; uri: string } | null;
};

export class WrongCodeError extends UserFacingError {
  constructor(message = 'That code is not right. Enter the 6-digit code your app shows now.') {
    super(message, 'code');
  }
}

export function twoFactorState(member: Member): TwoFactorState {
  assertCan(member.role, 'account.own');
  const db = getDb();
  const row = db
    .select({ secret: schema.users.totpSecret, pending: schema.users.totpPendingSecret, firmRequires: schema.firms.requireTwoFactor })
    .from(schema.users)
    .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
    .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
    .get();
  const on = Boolean(row?.secret);
  const pending = !on && row?.pending ? openSecret(row.pending) : null;
  return {
    on,
    recoveryCodesLeft: on ? unusedRecoveryCodes(member.userId) : 0,
    firmRequires: Boolean(row?.firmRequires),
    setup: pending ? { secret: pending, uri: totpUri(pending, member.email) } : null,
  };
}

function unusedRecoveryCodes(userId: number): number {
  const t = schema.recoveryCodes;
  return (
    getDb()
      .select({ n: count() })
      .from(t)
      .where(and(eq(t.userId, userId), isNull(t.usedAt)))
      .get()?.n ?? 0
  );
}

/** A new secret to scan, kept (encrypted) as pending until a code from it is confirmed; any earlier pending one is replaced. */
export function startTwoFactorSetup(member: Member): void {
  assertCan(member.role, 'account.own');
  writeTransaction((tx) => {
    const row = tx.select({ secret: schema.users.totpSecret }).from(schema.users).where(eq(schema.users.id, member.userId)).get();
    if (row?.secret) throw new UserFacingError('Two-factor sign-in is already on.');
    tx.update(schema.users)
      .set({ totpPendingSecret: sealSecret(newTotpSecret()) })
      .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
      .run();
  });
}

/**
 * Turns two-factor sign-in on once a code from the pending secret proves the
 * app has it. Returns the recovery codes, which exist in plain text only in
 * this answer: they are stored as hashes.
 */
export function confirmTwoFactorSetup(member: Member, code: string, now = Date.now()): string[] {
  assertCan(member.role, 'account.own');
  return writeTransaction((tx) => {
    const row = tx
      .select({ secret: schema.users.totpSecret, pending: schema.users.totpPendingSecret })
      .from(schema.users)
      .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
      .get();
    if (row?.secret) throw new UserFacingError('Two-factor sign-in is already on.');
    const secret = row?.pending ? openSecret(row.pending) : null;
    if (!secret) throw new UserFacingError('Start the set-up again: the secret to scan has expired.');
    const step = matchTotp(secret, code, now, null);
    if (step === null) throw new WrongCodeError();
    tx.update(schema.users)
      .set({ totpSecret: row!.pending, totpPendingSecret: null, totpLastStep: step })
      .where(eq(schema.users.id, member.userId))
      .run();
    const codes = replaceRecoveryCodes(tx, member.userId);
    writeAudit(tx, member, { action: 'user.two_factor_enabled', entity: 'user', id: member.userId });
    return codes;
  });
}

function replaceRecoveryCodes(tx: Tx, userId: number): string[] {
  const codes = newRecoveryCodes();
  tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run();
  tx.insert(schema.recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })))
    .run();
  return codes;
}

/**
 * The second factor of a sign-in, used up: a TOTP code newer than the last
 * one accepted (its step is stored), or an unused recovery code (marked
 * used). Null when neither. Runs inside the caller's immediate transaction,
 * so two requests racing with one code cannot both pass.
 */
export function useSecondFactor(tx: Tx, userId: number, code: string, now: number): 'totp' | 'recovery' | null {
  const user = tx
    .select({ firmId: schema.users.firmId, secret: schema.users.totpSecret, lastStep: schema.users.totpLastStep })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  const secret = user?.secret ? openSecret(user.secret) : null;
  if (!user || !secret) return null;
  const step = matchTotp(secret, code, now, user.lastStep);
  if (step !== null) {
    tx.update(schema.users).set({ totpLastStep: step }).where(eq(schema.users.id, userId)).run();
    return 'totp';
  }
  if (!looksLikeRecoveryCode(code)) return null;
  const t = schema.recoveryCodes;
  const used = tx
    .update(t)
    .set({ usedAt: now })
    .where(and(eq(t.userId, userId), eq(t.codeHash, recoveryCodeHash(code)), isNull(t.usedAt)))
    .run().changes;
  if (!used) return null;
  recordAudit(tx, { firmId: user.firmId, actorUserId: userId, action: 'user.recovery_code_used', entityType: 'user', entityId: userId });
  return 'recovery';
}

/**
 * Turns the caller's two-factor sign-in off, with their password and a code
 * (or a recovery code): a session left open on a shared computer must not be
 * enough. Wrong answers count as failed sign-ins for the address, under the
 * same throttle. Refused while the firm requires it.
 */
export async function turnOffTwoFactor(member: Member, password: string, code: string, address: string, now = Date.now()): Promise<void> {
  assertCan(member.role, 'account.own');
  const db = getDb();
  if (loginRetryAt(member.email, address, now) !== null) {
    throw new UserFacingError('Too many wrong attempts. Try again in a few minutes.');
  }
  const row = db
    .select({ hash: schema.users.passwordHash, firmRequires: schema.firms.requireTwoFactor })
    .from(schema.users)
    .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
    .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
    .get();
  if (!row) throw new UserFacingError('Your session has ended. Sign in again.');
  if (row.firmRequires) throw new UserFacingError('Your firm requires two-factor sign-in, so it stays on.');
  const passwordOk = await verifyPassword(password, row.hash);
  const failure = writeTransaction((tx) => {
    const factor = passwordOk ? useSecondFactor(tx, member.userId, code, now) : null;
    tx.insert(schema.loginAttempts)
      .values({ email: member.email, address, succeeded: factor !== null, at: now })
      .run();
    if (!passwordOk) return 'password' as const;
    if (!factor) return 'code' as const;
    tx.update(schema.users)
      .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
      .where(eq(schema.users.id, member.userId))
      .run();
    tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, member.userId)).run();
    writeAudit(tx, member, { action: 'user.two_factor_disabled', entity: 'user', id: member.userId });
    return null;
  });
  if (failure === 'password') throw new UserFacingError('Your password is not correct.', 'password');
  if (failure === 'code') throw new WrongCodeError('That code is not right. Enter the code your app shows now, or a recovery code.');
}

/**
 * The owner's rule for the firm. Requiring it is refused until the owner has
 * it on themselves: otherwise their next page would be the set-up page.
 */
export function setFirmRequiresTwoFactor(member: Member, required: boolean): void {
  assertCan(member.role, 'firm.settings');
  writeTransaction((tx) => {
    const firm = tx.select({ required: schema.firms.requireTwoFactor }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get();
    if (!firm || firm.required === required) return;
    if (required) {
      const me = tx.select({ secret: schema.users.totpSecret }).from(schema.users).where(eq(schema.users.id, member.userId)).get();
      if (!me?.secret) throw new UserFacingError('Turn on two-factor sign-in for yourself first (Settings → Your account).');
    }
    tx.update(schema.firms).set({ requireTwoFactor: required }).where(eq(schema.firms.id, member.firmId)).run();
    writeAudit(tx, member, {
      action: required ? 'firm.two_factor_required' : 'firm.two_factor_optional',
      entity: 'firm',
      id: member.firmId,
      before: { requireTwoFactor: !required },
      after: { requireTwoFactor: required },
    });
  });
}

/**
 * The owner turns off a member's two-factor sign-in (a lost phone and lost
 * recovery codes): the secret and recovery codes go, and every session of
 * theirs ends, so whoever holds one signs in again — with the password only,
 * or straight to set-up when the firm requires it. Not for oneself: that is
 * done with a code from Settings → Your account.
 */
export function resetMemberTwoFactor(member: Member, userId: number): { name: string } {
  assertCan(member.role, 'team.manage');
  if (userId === member.userId) throw new UserFacingError('Turn yours off in Settings → Your account, with a code from your app.');
  return writeTransaction((tx) => {
    const target = tx
      .select({ id: schema.users.id, name: schema.users.name, secret: schema.users.totpSecret })
      .from(schema.users)
      .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
      .get();
    if (!target) throw new UserFacingError('That team member was not found.');
    if (!target.secret) throw new UserFacingError(`${target.name} does not have two-factor sign-in on.`);
    tx.update(schema.users).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null }).where(eq(schema.users.id, userId)).run();
    tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId)).run();
    tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, userId)).run();
    writeAudit(tx, member, {
      action: 'user.two_factor_reset',
      entity: 'user',
      id: userId,
      before: { twoFactor: true },
      after: { twoFactor: false },
    });
    return { name: target.name };
  });
}
