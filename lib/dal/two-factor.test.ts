import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { hashPassword } from '@/lib/password';
import { ForbiddenError } from '@/lib/permissions';
import { openSecret, recoveryCodeHash, totpCode } from '@/lib/two-factor';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { MAX_FAILURES_PER_EMAIL, signInStep } from './accounts';
import {
  confirmTwoFactorSetup,
  resetMemberTwoFactor,
  setFirmRequiresTwoFactor,
  startTwoFactorSetup,
  turnOffTwoFactor,
  twoFactorState,
  WrongCodeError,
} from './two-factor';

const NOW = Date.UTC(2030, 0, 15, 12);
const IP = '198.51.100.21';
const PASSWORD = 'right password';
const db = () => getDb();
const userRow = (id: number) => db().select().from(schema.users).where(eq(schema.users.id, id)).get()!;
const sessionsOf = (id: number) => db().select().from(schema.authSessions).where(eq(schema.authSessions.userId, id)).all();
const codesOf = (id: number) => db().select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, id)).all();
const auditOf = (firmId: number) =>
  db()
    .select({ action: schema.auditLog.action })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.firmId, firmId))
    .all()
    .map((r) => r.action);
const accountRows = (id: number) => JSON.stringify([userRow(id), sessionsOf(id), codesOf(id)]);

/** A six-digit code that is none of the codes the window takes around `at`. */
function wrongCode(secret: string, at: number, seed: number): string {
  const taken = new Set([-1, 0, 1].map((d) => totpCode(secret, at + d * 30_000)));
  for (let n = 100_000 + seed * 7919; ; n++) if (!taken.has(String(n))) return String(n);
}

beforeEach(() => {
  db().delete(schema.loginAttempts).run();
});

async function person(role: 'owner' | 'consultant' = 'consultant') {
  const firm = makeFirm();
  const user = makeUser(firm.id, role, { passwordHash: await hashPassword(PASSWORD) });
  return { firm, user, member: asMember(user) };
}

/** A person with two-factor sign-in on (confirmed at NOW - 5 min): their secret and recovery codes. */
async function withTwoFactor(role: 'owner' | 'consultant' = 'consultant') {
  const p = await person(role);
  startTwoFactorSetup(p.member);
  const secret = openSecret(userRow(p.user.id).totpPendingSecret!)!;
  const at = NOW - 5 * 60_000;
  const codes = confirmTwoFactorSetup(p.member, totpCode(secret, at), at);
  return { ...p, secret, codes };
}

describe('setting up two-factor sign-in', () => {
  it('keeps the secret being set up sealed, turns on only with a right code, and stores the recovery codes as hashes', async () => {
    const { firm, user, member } = await person();
    startTwoFactorSetup(member);
    const pending = userRow(user.id).totpPendingSecret!;
    const secret = openSecret(pending)!;
    expect(pending).not.toContain(secret);
    expect(twoFactorState(member)).toMatchObject({ on: false, setup: { secret } });

    const before = accountRows(user.id);
    expect(() => confirmTwoFactorSetup(member, '000000', NOW)).toThrow(WrongCodeError);
    expect(accountRows(user.id)).toBe(before);

    const codes = confirmTwoFactorSetup(member, totpCode(secret, NOW), NOW);
    expect(codes).toHaveLength(10);
    const row = userRow(user.id);
    expect(row.totpPendingSecret).toBeNull();
    expect(openSecret(row.totpSecret!)).toBe(secret);
    expect(row.totpLastStep).toBe(NOW / 30_000);
    const stored = JSON.stringify(codesOf(user.id));
    for (const c of codes) expect(stored).not.toContain(c);
    expect(
      codesOf(user.id)
        .map((r) => r.codeHash)
        .sort(),
    ).toEqual(codes.map(recoveryCodeHash).sort());
    // Once on, the secret is never shown again.
    expect(twoFactorState(member)).toMatchObject({ on: true, setup: null, recoveryCodesLeft: 10 });
    expect(auditOf(firm.id)).toEqual(['user.two_factor_enabled']);
  });
});

describe('signing in with two-factor on', () => {
  it('makes no session on the right password alone: it hands a pending token, and counts neither a failure nor a success', async () => {
    const { user } = await withTwoFactor();
    const result = await signInStep({ email: user.email, password: PASSWORD }, IP, NOW);
    expect(result.status).toBe('second-factor');
    expect(sessionsOf(user.id)).toEqual([]);
    expect(db().select().from(schema.loginAttempts).all()).toEqual([]);
    // A code alongside a wrong password is no help.
    expect(await signInStep({ email: user.email, password: 'wrong', code: '123456' }, IP, NOW)).toEqual({ status: 'invalid' });
    expect(sessionsOf(user.id)).toEqual([]);
  });

  it('signs in with the pending token and a right code, and never with that code again', async () => {
    const { user, secret } = await withTwoFactor();
    const first = await signInStep({ email: user.email, password: PASSWORD }, IP, NOW);
    if (first.status !== 'second-factor') throw new Error(first.status);
    const code = totpCode(secret, NOW);
    const ok = await signInStep({ email: user.email, pending: first.pending, code }, IP, NOW);
    expect(ok).toMatchObject({ status: 'ok', userId: user.id });
    expect(sessionsOf(user.id)).toHaveLength(1);

    const replay = await signInStep({ email: user.email, pending: first.pending, code }, IP, NOW + 10_000);
    expect(replay.status).toBe('wrong-code');
    // Nor alongside the password, in one post.
    expect((await signInStep({ email: user.email, password: PASSWORD, code }, IP, NOW + 10_000)).status).toBe('wrong-code');
    expect(sessionsOf(user.id)).toHaveLength(1);
    // The next step's code works.
    expect(
      (await signInStep({ email: user.email, password: PASSWORD, code: totpCode(secret, NOW + 30_000) }, IP, NOW + 30_000)).status,
    ).toBe('ok');
  });

  it('refuses a pending token that is stale, forged or another person’s', async () => {
    const a = await withTwoFactor();
    const b = await withTwoFactor();
    const first = await signInStep({ email: a.user.email, password: PASSWORD }, IP, NOW);
    if (first.status !== 'second-factor') throw new Error(first.status);
    const code = totpCode(a.secret, NOW + 6 * 60_000);
    expect(await signInStep({ email: a.user.email, pending: first.pending, code }, IP, NOW + 6 * 60_000)).toEqual({
      status: 'pending-expired',
    });
    expect(await signInStep({ email: b.user.email, pending: first.pending, code: totpCode(b.secret, NOW) }, IP, NOW)).toEqual({
      status: 'pending-expired',
    });
    expect(await signInStep({ email: a.user.email, pending: `${a.user.id}.9999999999999.${'A'.repeat(43)}`, code }, IP, NOW)).toEqual({
      status: 'pending-expired',
    });
    expect([...sessionsOf(a.user.id), ...sessionsOf(b.user.id)]).toEqual([]);
  });

  it('takes each recovery code once, and audits its use', async () => {
    const { firm, user, codes } = await withTwoFactor();
    const code = codes[3]!.toUpperCase();
    expect((await signInStep({ email: user.email, password: PASSWORD, code }, IP, NOW)).status).toBe('ok');
    expect((await signInStep({ email: user.email, password: PASSWORD, code }, IP, NOW + 1000)).status).toBe('wrong-code');
    expect(sessionsOf(user.id)).toHaveLength(1);
    expect(codesOf(user.id).filter((r) => r.usedAt !== null)).toHaveLength(1);
    expect(auditOf(firm.id)).toEqual(['user.two_factor_enabled', 'user.recovery_code_used']);
    expect((await signInStep({ email: user.email, password: PASSWORD, code: codes[4]! }, IP, NOW + 2000)).status).toBe('ok');
  });

  it('throttles wrong codes like wrong passwords: after five, even the right code and password are refused for the window', async () => {
    const { user, secret } = await withTwoFactor();
    const first = await signInStep({ email: user.email, password: PASSWORD }, IP, NOW);
    if (first.status !== 'second-factor') throw new Error(first.status);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect((await signInStep({ email: user.email, pending: first.pending, code: wrongCode(secret, NOW, i) }, IP, NOW + i)).status).toBe(
        'wrong-code',
      );
    }
    const at = NOW + 60_000;
    const right = totpCode(secret, at);
    expect((await signInStep({ email: user.email, pending: first.pending, code: right }, IP, at)).status).toBe('throttled');
    expect((await signInStep({ email: user.email, password: PASSWORD }, '203.0.113.9', at)).status).toBe('throttled');
    expect(sessionsOf(user.id)).toEqual([]);
    // The right password alone never ended the run of wrong codes.
    const later = NOW + 16 * 60_000;
    expect((await signInStep({ email: user.email, password: PASSWORD, code: totpCode(secret, later) }, IP, later)).status).toBe('ok');
  });

  it('leaves a person without two-factor signing in with the password alone', async () => {
    const { user } = await person();
    expect((await signInStep({ email: user.email, password: PASSWORD }, IP, NOW)).status).toBe('ok');
  });
});

describe('turning two-factor sign-in off', () => {
  it('needs the password and a code; a wrong one changes nothing and counts against the throttle', async () => {
    const { firm, user, member, secret } = await withTwoFactor();
    const before = accountRows(user.id);
    await expect(turnOffTwoFactor(member, 'wrong', totpCode(secret, NOW), IP, NOW)).rejects.toThrow('Your password is not correct.');
    await expect(turnOffTwoFactor(member, PASSWORD, '000000', IP, NOW)).rejects.toThrow(WrongCodeError);
    expect(accountRows(user.id)).toBe(before);
    expect(db().select().from(schema.loginAttempts).all()).toHaveLength(2);

    await turnOffTwoFactor(member, PASSWORD, totpCode(secret, NOW), IP, NOW);
    expect(userRow(user.id)).toMatchObject({ totpSecret: null, totpLastStep: null });
    expect(codesOf(user.id)).toEqual([]);
    expect(auditOf(firm.id)).toEqual(['user.two_factor_enabled', 'user.two_factor_disabled']);
    expect((await signInStep({ email: user.email, password: PASSWORD }, IP, NOW + 1000)).status).toBe('ok');
  });

  it('is refused while the firm requires it', async () => {
    const { firm, user, member, secret } = await withTwoFactor();
    db().update(schema.firms).set({ requireTwoFactor: true }).where(eq(schema.firms.id, firm.id)).run();
    const before = accountRows(user.id);
    await expect(turnOffTwoFactor(member, PASSWORD, totpCode(secret, NOW), IP, NOW)).rejects.toThrow('Your firm requires');
    expect(accountRows(user.id)).toBe(before);
  });
});

describe('the owner resetting a member’s two-factor (a lost phone)', () => {
  it('turns it off, drops the recovery codes and ends their sessions; they sign in with the password alone', async () => {
    const { firm, user } = await withTwoFactor();
    const owner = asMember(makeUser(firm.id, 'owner'));
    db()
      .insert(schema.authSessions)
      .values({ id: `lost-${user.id}`, userId: user.id, expiresAt: NOW + 3_600_000 })
      .run();
    expect(resetMemberTwoFactor(owner, user.id)).toEqual({ name: user.name });
    expect(userRow(user.id)).toMatchObject({ totpSecret: null, totpPendingSecret: null, totpLastStep: null });
    expect(codesOf(user.id)).toEqual([]);
    expect(sessionsOf(user.id)).toEqual([]);
    expect(auditOf(firm.id)).toEqual(['user.two_factor_enabled', 'user.two_factor_reset']);
    expect((await signInStep({ email: user.email, password: PASSWORD }, IP, NOW + 1000)).status).toBe('ok');
  });

  it('is refused to a consultant, for another firm’s member, for oneself and for someone without it, changing nothing', async () => {
    const a = await withTwoFactor();
    const b = await withTwoFactor('owner');
    const before = [accountRows(a.user.id), accountRows(b.user.id)].join();
    const consultant = asMember(makeUser(a.firm.id, 'consultant'));
    expect(() => resetMemberTwoFactor(consultant, a.user.id)).toThrow(ForbiddenError);
    expect(() => resetMemberTwoFactor(b.member, a.user.id)).toThrow('not found');
    expect(() => resetMemberTwoFactor(b.member, b.user.id)).toThrow('Settings → Your account');
    const bare = makeUser(b.firm.id, 'consultant');
    expect(() => resetMemberTwoFactor(b.member, bare.id)).toThrow('does not have two-factor');
    expect([accountRows(a.user.id), accountRows(b.user.id)].join()).toBe(before);
  });
});

describe('the firm’s rule', () => {
  it('is the owner’s, once they have two-factor on themselves, and is audited both ways', async () => {
    const bare = await person('owner');
    expect(() => setFirmRequiresTwoFactor(bare.member, true)).toThrow('Turn on two-factor sign-in for yourself first');
    const consultant = makeUser(bare.firm.id, 'consultant');
    expect(() => setFirmRequiresTwoFactor(asMember(consultant), true)).toThrow(ForbiddenError);
    expect(db().select().from(schema.firms).where(eq(schema.firms.id, bare.firm.id)).get()!.requireTwoFactor).toBe(false);

    const { firm, member } = await withTwoFactor('owner');
    setFirmRequiresTwoFactor(member, true);
    expect(twoFactorState(member).firmRequires).toBe(true);
    setFirmRequiresTwoFactor(member, false);
    expect(auditOf(firm.id)).toEqual(['user.two_factor_enabled', 'firm.two_factor_required', 'firm.two_factor_optional']);
  });
});
