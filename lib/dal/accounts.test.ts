import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { tokenHash } from '@/lib/link-tokens';
import { hashPassword } from '@/lib/password';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import {
  authenticate,
  changeOwnPassword,
  createFirmWithOwner,
  LOGIN_WINDOW_MS,
  loginRetryAt,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FIRMS_PER_ADDRESS,
  MAX_SIGNUP_ATTEMPTS,
  MAX_SIGNUP_ATTEMPTS_PER_ADDRESS,
  MAX_SIGNUP_NOTICES_PER_EMAIL,
  signupAllowed,
  SignupRefusedError,
  WrongPasswordError,
} from './accounts';

async function userWithPassword(password: string, overrides: { active?: boolean } = {}) {
  const firm = makeFirm();
  return makeUser(firm.id, 'consultant', { passwordHash: await hashPassword(password), ...overrides });
}

const HOUR = 3_600_000;
const REFUSED = 'We could not create an account with these details. If you already have an account, sign in.';
const firmCount = () => getDb().select().from(schema.firms).all().length;
const signupInput = (email: string) => ({ firmName: `Firm of ${email}`, timeZone: 'UTC', name: 'Sam', email, password: 'long enough' });
let seq = 0;
const freshEmail = () => `signup-${++seq}-${Math.random().toString(36).slice(2, 8)}@unit.example`;

/** The message and class a refused sign-up throws, or null when it created a firm. */
async function signupRefusal(email: string, address: string, now: number): Promise<string | null> {
  try {
    await createFirmWithOwner(signupInput(email), address, now);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(SignupRefusedError);
    return (e as Error).message;
  }
}

describe('sign-up', () => {
  it('creates the firm, its owner and an audit entry together', async () => {
    const { firmId, userId } = (await createFirmWithOwner(
      { firmName: 'Acme IT', timeZone: 'Europe/Paris', name: 'Ann', email: 'ann@acme.example', password: 'long enough' },
      '10.20.0.1',
    ))!;
    const user = getDb().select().from(schema.users).where(eq(schema.users.id, userId)).get();
    expect(user?.role).toBe('owner');
    expect(user?.firmId).toBe(firmId);
    expect(user?.passwordHash).not.toContain('long enough');
    // The address is not proven theirs yet: a confirmation link (stored as its hash) and its message, written together.
    expect(user?.emailConfirmed).toBe(false);
    const mail = getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).all();
    expect(mail).toMatchObject([
      { kind: 'confirm-email', toAddress: 'ann@acme.example', subject: 'Confirm your email address for Sweetspot' },
    ]);
    const token = /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(mail[0]!.body)![1]!;
    expect(getDb().select().from(schema.oneTimeLinks).where(eq(schema.oneTimeLinks.userId, userId)).all()).toMatchObject([
      { purpose: 'confirm-email', tokenHash: tokenHash(token), usedAt: null },
    ]);
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firmId)).all();
    expect(audit.map((a) => a.action)).toEqual(['firm.created']);
  });

  it('an email already in use creates nothing and answers as a new one would; its owner is told by mail, at most 3 times an hour', async () => {
    const first = (await createFirmWithOwner(signupInput('dup@acme.example'), '10.20.0.2'))!;
    const firmsBefore = firmCount();
    const before = firmRows(first.firmId);
    const notices = () =>
      getDb()
        .select()
        .from(schema.outbox)
        .where(and(eq(schema.outbox.toAddress, 'dup@acme.example'), eq(schema.outbox.kind, 'signup-attempt')))
        .all();
    const t0 = Date.now();
    for (let i = 0; i < MAX_SIGNUP_NOTICES_PER_EMAIL + 2; i++)
      expect(await signupRefusal('dup@acme.example', `10.20.1.${i}`, t0 + i)).toBeNull();
    expect(firmCount()).toBe(firmsBefore);
    expect(firmRows(first.firmId)).toBe(before);
    expect(notices()).toHaveLength(MAX_SIGNUP_NOTICES_PER_EMAIL);
    expect(notices()[0]).toMatchObject({ firmId: first.firmId, subject: 'Someone tried to sign up with your address' });
    expect(notices()[0]!.body).toContain('You get this because a sign-up was tried with dup@acme.example');
  });

  it(`lets one address create ${MAX_FIRMS_PER_ADDRESS} firms an hour, then refuses with the same words, creating nothing`, async () => {
    const t0 = Date.UTC(2030, 0, 1, 12);
    for (let i = 0; i < MAX_FIRMS_PER_ADDRESS; i++) expect(await signupRefusal(freshEmail(), '10.21.0.1', t0 + i * 60_000)).toBeNull();
    const firmsBefore = firmCount();
    expect(await signupRefusal(freshEmail(), '10.21.0.1', t0 + 30 * 60_000)).toBe(REFUSED);
    expect(firmCount()).toBe(firmsBefore);
    // Another address is not held back; this one is again an hour after its oldest sign-up.
    expect(await signupRefusal(freshEmail(), '10.21.0.2', t0 + 30 * 60_000)).toBeNull();
    expect(await signupRefusal(freshEmail(), '10.21.0.1', t0 + HOUR + 1)).toBeNull();
  });

  it(`bounds probing: ${MAX_SIGNUP_ATTEMPTS_PER_ADDRESS} attempts an hour from one address, created or refused`, async () => {
    const t0 = Date.UTC(2030, 0, 2, 12);
    const victim = makeUser(makeFirm().id, 'owner');
    for (let i = 0; i < MAX_SIGNUP_ATTEMPTS_PER_ADDRESS; i++) expect(await signupRefusal(victim.email, '10.22.0.1', t0 + i)).toBeNull();
    // A free email is refused too now, with the same words: the answer no longer depends on the email at all.
    const firmsBefore = firmCount();
    expect(await signupRefusal(freshEmail(), '10.22.0.1', t0 + 100)).toBe(REFUSED);
    expect(firmCount()).toBe(firmsBefore);
  });

  it(`refuses everyone after ${MAX_SIGNUP_ATTEMPTS} attempts an hour from all addresses together`, async () => {
    const t0 = Date.UTC(2030, 0, 3, 12);
    const victim = makeUser(makeFirm().id, 'owner');
    for (let i = 0; i < MAX_SIGNUP_ATTEMPTS; i++) await signupRefusal(victim.email, `10.23.${Math.floor(i / 200)}.${i % 200}`, t0 + i);
    const firmsBefore = firmCount();
    expect(await signupRefusal(freshEmail(), '10.23.99.1', t0 + 1000)).toBe(REFUSED);
    expect(firmCount()).toBe(firmsBefore);
    expect(await signupRefusal(freshEmail(), '10.23.99.1', t0 + HOUR + 1)).toBeNull();
  });

  it('a throttled attempt is not recorded, so hammering does not extend the wait', async () => {
    const t0 = Date.UTC(2030, 0, 4, 12);
    for (let i = 0; i < MAX_SIGNUP_ATTEMPTS_PER_ADDRESS; i++) await signupRefusal('dup@acme.example', '10.24.0.1', t0 + i);
    const rows = () => getDb().select().from(schema.loginAttempts).where(eq(schema.loginAttempts.address, '10.24.0.1')).all().length;
    const before = rows();
    for (let i = 0; i < 5; i++) await signupRefusal(freshEmail(), '10.24.0.1', t0 + 1000 + i);
    expect(rows()).toBe(before);
    expect(signupAllowed(getDb(), '10.24.0.1', t0 + HOUR + 1)).toBe(true);
  });

  it('sign-ups with someone’s email lock neither their sign-in nor the address’s sign-in', async () => {
    const t0 = Date.UTC(2030, 0, 5, 12);
    const user = await userWithPassword('right password');
    for (let i = 0; i < MAX_SIGNUP_ATTEMPTS_PER_ADDRESS; i++) await signupRefusal(user.email, '10.25.0.1', t0 + i);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - MAX_SIGNUP_ATTEMPTS_PER_ADDRESS; i++)
      await authenticate(`nobody-${i}@unit.example`, 'nope', '10.25.0.1', t0 + 100 + i);
    expect(loginRetryAt(user.email, '10.25.0.1', t0 + 1000)).toBeNull();
    expect((await authenticate(user.email, 'right password', '10.25.0.1', t0 + 1000)).status).toBe('ok');
  });
});

describe('authenticate', () => {
  it('accepts the right password and opens a session row', async () => {
    const user = await userWithPassword('right password');
    const result = await authenticate(user.email, 'right password', '10.0.0.1');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const session = getDb().select().from(schema.authSessions).where(eq(schema.authSessions.id, result.sessionId)).get();
    expect(session?.userId).toBe(user.id);
  });

  it('answers a wrong password, an unknown email and a deactivated user the same way', async () => {
    const user = await userWithPassword('right password');
    const inactive = await userWithPassword('right password', { active: false });
    expect(await authenticate(user.email, 'wrong password', '10.0.0.2')).toEqual({ status: 'invalid' });
    expect(await authenticate('nobody@unit.example', 'whatever', '10.0.0.2')).toEqual({ status: 'invalid' });
    expect(await authenticate(inactive.email, 'right password', '10.0.0.2')).toEqual({ status: 'invalid' });
  });

  it('locks an email after 5 failures within 15 minutes until 15 minutes after the 5th-newest failure', async () => {
    const user = await userWithPassword('right password');
    const t0 = Date.UTC(2026, 10, 1, 12, 0, 0);
    for (let i = 0; i < 4; i++) expect((await authenticate(user.email, 'nope', `10.1.0.${i}`, t0 + i * 60_000)).status).toBe('invalid');
    expect(loginRetryAt(user.email, '10.1.1.1', t0 + 4 * 60_000)).toBeNull();
    expect((await authenticate(user.email, 'nope', '10.1.0.9', t0 + 4 * 60_000)).status).toBe('invalid');
    // Five failures: locked, even with the right password, until t0 + 15 min.
    const locked = await authenticate(user.email, 'right password', '10.1.0.10', t0 + 5 * 60_000);
    expect(locked).toEqual({ status: 'throttled', retryAt: t0 + LOGIN_WINDOW_MS });
    expect(loginRetryAt(user.email, '10.1.1.1', t0 + LOGIN_WINDOW_MS - 1)).toBe(t0 + LOGIN_WINDOW_MS);
    // The oldest failure leaves the window: four remain, so the right password works again.
    expect((await authenticate(user.email, 'right password', '10.1.0.11', t0 + LOGIN_WINDOW_MS + 1)).status).toBe('ok');
  });

  it('does not record attempts while locked, so hammering does not extend the lock', async () => {
    const user = await userWithPassword('right password');
    const t0 = Date.UTC(2026, 10, 2, 12, 0, 0);
    for (let i = 0; i < 5; i++) await authenticate(user.email, 'nope', '10.2.0.1', t0 + i);
    const rowsBefore = getDb().select().from(schema.loginAttempts).where(eq(schema.loginAttempts.email, user.email)).all().length;
    for (let i = 0; i < 10; i++) await authenticate(user.email, 'nope', '10.2.0.1', t0 + 1000 + i);
    expect(getDb().select().from(schema.loginAttempts).where(eq(schema.loginAttempts.email, user.email)).all().length).toBe(rowsBefore);
  });

  it('a success clears earlier failures of that email', async () => {
    const user = await userWithPassword('right password');
    const t0 = Date.UTC(2026, 10, 3, 12, 0, 0);
    for (let i = 0; i < 4; i++) await authenticate(user.email, 'nope', '10.3.0.1', t0 + i);
    expect((await authenticate(user.email, 'right password', '10.3.0.1', t0 + 10)).status).toBe('ok');
    for (let i = 0; i < 4; i++) await authenticate(user.email, 'nope', '10.3.0.1', t0 + 20 + i);
    expect(loginRetryAt(user.email, '10.3.0.2', t0 + 30)).toBeNull();
  });

  it(`locks a client address after ${MAX_FAILURES_PER_ADDRESS} failures across many emails`, async () => {
    const t0 = Date.UTC(2026, 10, 4, 12, 0, 0);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await authenticate(`spray-${i}@unit.example`, 'nope', '10.9.9.9', t0 + i);
    const user = await userWithPassword('right password');
    expect((await authenticate(user.email, 'right password', '10.9.9.9', t0 + 100)).status).toBe('throttled');
    expect((await authenticate(user.email, 'right password', '10.9.9.10', t0 + 100)).status).toBe('ok');
  });
});

describe('changeOwnPassword', () => {
  it('ends every other session of the user and keeps this one', async () => {
    const user = await userWithPassword('old password');
    const a = await authenticate(user.email, 'old password', '10.4.0.1');
    const b = await authenticate(user.email, 'old password', '10.4.0.1');
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('login failed');
    await changeOwnPassword(asMember(user, a.sessionId), 'old password', 'new password!');
    const left = getDb()
      .select({ id: schema.authSessions.id })
      .from(schema.authSessions)
      .where(eq(schema.authSessions.userId, user.id))
      .all();
    expect(left.map((s) => s.id)).toEqual([a.sessionId]);
    expect((await authenticate(user.email, 'new password!', '10.4.0.1')).status).toBe('ok');
    expect((await authenticate(user.email, 'old password', '10.4.0.1')).status).toBe('invalid');
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const user = await userWithPassword('old password');
    const before = getDb().select().from(schema.users).where(eq(schema.users.id, user.id)).get();
    await expect(changeOwnPassword(asMember(user), 'not it', 'new password!')).rejects.toThrow(WrongPasswordError);
    expect(getDb().select().from(schema.users).where(eq(schema.users.id, user.id)).get()).toEqual(before);
  });
});
