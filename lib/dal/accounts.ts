import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { and, count, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { getDb, schema, type Conn, type Tx } from '@/db';
import { enqueueMail, mailsSince } from '@/lib/mail/outbox';
import { mailOrigin, signupAttemptMail } from '@/lib/mail/messages';
import { queueConfirmation } from './email-confirmation';
import { burnPasswordCheck, hashPassword, verifyPassword } from '@/lib/password';
import { assertCan } from '@/lib/permissions';
import { endFeedsOf } from './internal/feed-trust';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { HOUR_MS, MINUTE_MS } from '@/lib/time/units';
import { pendingSignInUser, pendingSignInValid, signPendingSignIn } from '@/lib/two-factor';
import { useSecondFactor } from './two-factor';

export const LOGIN_WINDOW_MS = 15 * MINUTE_MS;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

export type AuthResult =
  | { status: 'ok'; userId: number; name: string; email: string; sessionId: string }
  | { status: 'invalid' }
  | { status: 'throttled'; retryAt: number }
  /** The password was right and the account has two-factor sign-in: the code step carries `pending` (lib/two-factor.ts). */
  | { status: 'second-factor'; pending: string }
  | { status: 'wrong-code'; pending: string }
  /** The code step's pending token is stale, forged or for someone else: start again from the password. */
  | { status: 'pending-expired' };

/** A sign-in post: the password step (email and password, and a code when the person gives both at once), or the code step (email, pending, code). */
export type SignInInput = { email: string; password?: string; pending?: string; code?: string };

/**
 * When may this email (or this client address) try again? Null when it may now.
 * Counts failures inside the window since the last success; the limit-th newest
 * failure dates the lock, so the lock lifts exactly one window after it.
 * A failure is a wrong password or a wrong second-factor code alike.
 */
export function loginRetryAt(email: string, address: string, now = Date.now()): number | null {
  const db = getDb();
  const since = now - LOGIN_WINDOW_MS;
  const t = schema.loginAttempts;
  const lastSuccess =
    db
      .select({ at: t.at })
      .from(t)
      .where(and(eq(t.email, email), eq(t.succeeded, true)))
      .orderBy(desc(t.at))
      .limit(1)
      .get()?.at ?? 0;
  const byEmail = db
    .select({ at: t.at })
    .from(t)
    .where(and(eq(t.email, email), eq(t.succeeded, false), gt(t.at, Math.max(since, lastSuccess))))
    .orderBy(desc(t.at))
    .limit(MAX_FAILURES_PER_EMAIL)
    .all();
  const byAddress = db
    .select({ at: t.at })
    .from(t)
    .where(and(eq(t.address, address), ne(t.email, SIGNUP_MARKER), eq(t.succeeded, false), gt(t.at, since)))
    .orderBy(desc(t.at))
    .limit(MAX_FAILURES_PER_ADDRESS)
    .all();
  const locks: number[] = [];
  if (byEmail.length >= MAX_FAILURES_PER_EMAIL) locks.push(byEmail.at(-1)!.at + LOGIN_WINDOW_MS);
  if (byAddress.length >= MAX_FAILURES_PER_ADDRESS) locks.push(byAddress.at(-1)!.at + LOGIN_WINDOW_MS);
  return locks.length ? Math.max(...locks) : null;
}

/** The password step alone: a session, or (with two-factor on) the token for the code step. */
export function authenticate(email: string, password: string, address: string, now = Date.now()): Promise<AuthResult> {
  return signInStep({ email, password }, address, now);
}

/**
 * One sign-in post, either step. A session row is made only once every factor
 * the account has is proven, so no cookie is issued before. Wrong passwords and
 * wrong codes alike count against the throttle.
 */
export async function signInStep(input: SignInInput, address: string, now = Date.now()): Promise<AuthResult> {
  const { email } = input;
  const retryAt = loginRetryAt(email, address, now);
  if (retryAt !== null) return { status: 'throttled', retryAt };

  const db = getDb();
  const user = db
    .select({
      id: schema.users.id,
      name: schema.users.name,
      email: schema.users.email,
      hash: schema.users.passwordHash,
      active: schema.users.active,
      twoFactor: sql<boolean>`${schema.users.totpSecret} is not null`.mapWith(Boolean),
    })
    .from(schema.users)
    .where(eq(schema.users.email, email))
    .get();

  let pending: string;
  if (input.pending !== undefined) {
    // The code step: the token stands for the password step, for this user only, for a few minutes.
    const valid = user && user.active && user.twoFactor && pendingSignInUser(input.pending) === user.id;
    if (!valid || !pendingSignInValid(input.pending, user.hash, now)) return { status: 'pending-expired' };
    pending = input.pending;
  } else {
    const password = input.password ?? '';
    const ok = user ? (await verifyPassword(password, user.hash)) && user.active : await burnPasswordCheck(password);
    if (!ok || !user) {
      db.insert(schema.loginAttempts).values({ email, address, succeeded: false, at: now }).run();
      return { status: 'invalid' };
    }
    if (!user.twoFactor) {
      const sessionId = writeTransaction((tx) => {
        tx.insert(schema.loginAttempts).values({ email, address, succeeded: true, at: now }).run();
        return openSession(tx, user.id, now);
      });
      return { status: 'ok', userId: user.id, name: user.name, email: user.email, sessionId };
    }
    pending = signPendingSignIn(user.id, user.hash, now);
    // A right password alone is neither a failure nor a success: it must not end a run of wrong codes.
    if (!input.code) return { status: 'second-factor', pending };
  }

  const sessionId = writeTransaction((tx) => {
    const factor = useSecondFactor(tx, user.id, input.code ?? '', now);
    tx.insert(schema.loginAttempts)
      .values({ email, address, succeeded: factor !== null, at: now })
      .run();
    return factor ? openSession(tx, user.id, now) : null;
  });
  if (!sessionId) return { status: 'wrong-code', pending };
  return { status: 'ok', userId: user.id, name: user.name, email: user.email, sessionId };
}

function openSession(tx: Tx, userId: number, now: number): string {
  const sessionId = randomBytes(32).toString('base64url');
  tx.insert(schema.authSessions)
    .values({ id: sessionId, userId, expiresAt: now + SESSION_MAX_AGE_S * 1000 })
    .run();
  return sessionId;
}

/**
 * Sign-ups are counted in login_attempts (no table of their own) under this
 * marker in place of an email. It is not an email address, so no sign-in
 * lookup by email ever meets it, and loginRetryAt leaves these rows out of
 * the per-address failures.
 */
export const SIGNUP_MARKER = '(sign-up)';
export const SIGNUP_WINDOW_MS = HOUR_MS;
/** Firms one client address may create in the window. */
export const MAX_FIRMS_PER_ADDRESS = 5;
/** Sign-up attempts (created or refused) one client address may make in the window: a bound on probing emails. */
export const MAX_SIGNUP_ATTEMPTS_PER_ADDRESS = 10;
/** Sign-up attempts from all addresses together in the window: a bound on a flood from many addresses. */
export const MAX_SIGNUP_ATTEMPTS = 100;

/**
 * One answer for every refused sign-up (email in use, throttled): telling
 * them apart would tell anyone whether an address has an account here.
 */
export class SignupRefusedError extends UserFacingError {
  constructor() {
    super('We could not create an account with these details. If you already have an account, sign in.');
  }
}

/** May this client address try to sign up now? */
export function signupAllowed(conn: Conn, address: string, now = Date.now()): boolean {
  const t = schema.loginAttempts;
  const recent = and(eq(t.email, SIGNUP_MARKER), gt(t.at, now - SIGNUP_WINDOW_MS));
  const n = (where: ReturnType<typeof and>) => conn.select({ n: count() }).from(t).where(where).get()?.n ?? 0;
  return (
    n(and(recent, eq(t.address, address))) < MAX_SIGNUP_ATTEMPTS_PER_ADDRESS &&
    n(and(recent, eq(t.address, address), eq(t.succeeded, true))) < MAX_FIRMS_PER_ADDRESS &&
    n(recent) < MAX_SIGNUP_ATTEMPTS
  );
}

/** "Someone tried to sign up with your address" at most this often an hour per address: sign-ups must not mail-bomb an owner. */
export const MAX_SIGNUP_NOTICES_PER_EMAIL = 3;

/**
 * Creates a firm and its owner for a sign-up from `address`, the owner's
 * email unconfirmed, with the confirmation link's message. When the email
 * already has an account, nothing is created and that account's owner is
 * told instead; the caller answers both the same ("check your email"), so a
 * sign-up never tells whether an address has an account. Only the throttle
 * (this address, or everyone together, too often) throws SignupRefusedError.
 * Every attempt past the throttle is counted in the same transaction.
 */
export async function createFirmWithOwner(
  input: { firmName: string; timeZone: string; name: string; email: string; password: string },
  address: string,
  now = Date.now(),
) {
  const db = getDb();
  // Checked before hashing too, so a flood costs no bcrypt work.
  if (!signupAllowed(db, address, now)) throw new SignupRefusedError();
  const passwordHash = await hashPassword(input.password);
  const created = writeTransaction((tx) => {
    if (!signupAllowed(tx, address, now)) return null;
    const taken = tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, input.email)).get();
    tx.insert(schema.loginAttempts).values({ email: SIGNUP_MARKER, address, succeeded: !taken, at: now }).run();
    if (taken) {
      tellExistingAccount(tx, taken.id, now);
      return 'existing' as const;
    }
    const firm = tx.insert(schema.firms).values({ name: input.firmName, timeZone: input.timeZone }).returning().get();
    const owner = tx
      .insert(schema.users)
      .values({ firmId: firm.id, name: input.name, email: input.email, role: 'owner', passwordHash, emailConfirmed: false })
      .returning({ id: schema.users.id })
      .get();
    queueConfirmation(tx, { id: owner.id, firmId: firm.id, name: input.name, email: input.email, firmName: firm.name }, now);
    recordAudit(tx, {
      firmId: firm.id,
      actorUserId: owner.id,
      action: 'firm.created',
      entityType: 'firm',
      entityId: firm.id,
      after: { name: firm.name, timeZone: firm.timeZone, owner: input.email },
    });
    return { firmId: firm.id, userId: owner.id };
  });
  if (!created) throw new SignupRefusedError();
  return created === 'existing' ? null : created;
}

function tellExistingAccount(tx: Tx, userId: number, now: number): void {
  const who = tx
    .select({
      id: schema.users.id,
      firmId: schema.users.firmId,
      name: schema.users.name,
      email: schema.users.email,
      firmName: schema.firms.name,
    })
    .from(schema.users)
    .innerJoin(schema.firms, eq(schema.firms.id, schema.users.firmId))
    .where(eq(schema.users.id, userId))
    .get();
  if (!who) return;
  if (mailsSince(tx, who.email, 'signup-attempt', now - HOUR_MS) >= MAX_SIGNUP_NOTICES_PER_EMAIL) return;
  enqueueMail(tx, signupAttemptMail({ firmId: who.firmId, firmName: who.firmName, name: who.name, to: who.email }, mailOrigin()), now);
}

export class WrongPasswordError extends UserFacingError {
  constructor() {
    super('Your current password is not correct.', 'currentPassword');
  }
}

/** Changes the caller's own password and ends every other session of theirs, and their calendar feeds. */
export async function changeOwnPassword(member: Member, currentPassword: string, newPassword: string): Promise<void> {
  assertCan(member.role, 'account.own');
  const db = getDb();
  const user = db.select({ hash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, member.userId)).get();
  if (!user || !(await verifyPassword(currentPassword, user.hash))) throw new WrongPasswordError();
  const passwordHash = await hashPassword(newPassword);
  writeTransaction((tx) => {
    tx.update(schema.users)
      .set({ passwordHash, mustChangePassword: false })
      .where(and(eq(schema.users.id, member.userId), eq(schema.users.firmId, member.firmId)))
      .run();
    tx.delete(schema.authSessions)
      .where(and(eq(schema.authSessions.userId, member.userId), ne(schema.authSessions.id, member.sessionId)))
      .run();
    endFeedsOf(tx, member, member.userId, 'user.password_changed');
    writeAudit(tx, member, {
      action: 'user.password_changed',
      entity: 'user',
      id: member.userId,
    });
  });
}

export function endSession(sessionId: string): void {
  getDb().delete(schema.authSessions).where(eq(schema.authSessions.id, sessionId)).run();
}
