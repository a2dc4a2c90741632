import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { tokenHash } from '@/lib/link-tokens';
import { verifyPassword } from '@/lib/password';
import { makeFirm, makeUser } from '@/test/factories';
import { loginRetryAt } from './accounts';
import { LOGIN_ATTEMPTS_KEEP_MS } from './attempts';
import { LinkNotValidError } from './one-time-links';
import {
  MAX_RESETS_PER_ADDRESS,
  MAX_RESETS_PER_EMAIL,
  RESET_LINK_MS,
  RESET_WINDOW_MS,
  requestPasswordReset,
  resetLinkUsable,
  resetPasswordWithLink,
} from './password-reset';

const NOW = Date.UTC(2030, 0, 15, 12);
const IP = '198.51.100.7';
const outbox = () => getDb().select().from(schema.outbox).orderBy(schema.outbox.id).all();
const links = () => getDb().select().from(schema.oneTimeLinks).orderBy(schema.oneTimeLinks.id).all();
const linkIn = (body: string) => /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
const everything = () =>
  JSON.stringify([outbox(), links(), getDb().select().from(schema.loginAttempts).all(), getDb().select().from(schema.auditLog).all()]);

beforeEach(() => {
  for (const t of [schema.outbox, schema.oneTimeLinks, schema.loginAttempts]) getDb().delete(t).run();
});

function person() {
  const firm = makeFirm('Reset Firm');
  return { firm, user: makeUser(firm.id, 'consultant') };
}

describe('forgot password', () => {
  it('writes a one-time link (stored as its hash, 1 h) and its message in one go; the message carries the link and why it was sent', () => {
    const { firm, user } = person();
    requestPasswordReset(user.email, IP, NOW);
    const [mail] = outbox();
    expect(mail).toMatchObject({ firmId: firm.id, kind: 'password-reset', toAddress: user.email, status: 'pending' });
    expect(mail!.body).toContain('Reset Firm');
    expect(mail!.body).toContain(`a password reset was asked for ${user.email}`);
    const token = linkIn(mail!.body)!;
    expect(mail!.body).toContain(`http://localhost:${process.env.PORT ?? 3000}/reset-password/${token}`);
    expect(links()).toMatchObject([
      { userId: user.id, purpose: 'password-reset', tokenHash: tokenHash(token), expiresAt: NOW + RESET_LINK_MS },
    ]);
    expect(JSON.stringify(links())).not.toContain(token);
  });

  it('writes no link, message or audit entry for an unknown or deactivated address', () => {
    const { firm } = person();
    const gone = makeUser(firm.id, 'staff', { active: false });
    const mailAndLinks = () => JSON.stringify([outbox(), links(), getDb().select().from(schema.auditLog).all()]);
    const before = mailAndLinks();
    requestPasswordReset('nobody@unit.example', IP, NOW);
    requestPasswordReset(gone.email, IP, NOW);
    expect(mailAndLinks()).toBe(before);
  });

  it('counts an unknown address like a known one: the same attempt row, and guesses use up the client address’s allowance', () => {
    const { user } = person();
    requestPasswordReset('nobody@unit.example', IP, NOW);
    requestPasswordReset(user.email, '203.0.113.50', NOW);
    const attempts = getDb().select().from(schema.loginAttempts).orderBy(schema.loginAttempts.id).all();
    expect(attempts.map((a) => ({ email: a.email, succeeded: a.succeeded }))).toEqual([
      { email: '(reset) nobody@unit.example', succeeded: true },
      { email: `(reset) ${user.email}`, succeeded: true },
    ]);
    // Guessing addresses from one client: once its allowance is used, a real account's request writes nothing either.
    for (let i = 1; i < MAX_RESETS_PER_ADDRESS; i++) requestPasswordReset(`guess-${i}@unit.example`, IP, NOW + i);
    const before = everything();
    requestPasswordReset(user.email, IP, NOW + 100);
    expect(everything()).toBe(before);
  });

  it('is throttled per address and per client address inside the window, silently', () => {
    const { firm, user } = person();
    for (let i = 0; i < MAX_RESETS_PER_EMAIL + 2; i++) requestPasswordReset(user.email, `203.0.113.${i}`, NOW + i);
    expect(outbox()).toHaveLength(MAX_RESETS_PER_EMAIL);
    // Only the newest link works: a new one ends the earlier.
    expect(links()).toHaveLength(1);
    const others = Array.from({ length: MAX_RESETS_PER_ADDRESS + 3 }, () => makeUser(firm.id, 'staff'));
    for (const o of others) requestPasswordReset(o.email, IP, NOW);
    expect(outbox()).toHaveLength(MAX_RESETS_PER_EMAIL + MAX_RESETS_PER_ADDRESS);
    // After the window, the person may ask again; the rows outlive the window until pruned.
    requestPasswordReset(user.email, '203.0.113.99', NOW + RESET_WINDOW_MS + 10);
    expect(outbox()).toHaveLength(MAX_RESETS_PER_EMAIL + MAX_RESETS_PER_ADDRESS + 1);
    expect(RESET_WINDOW_MS).toBeLessThanOrEqual(LOGIN_ATTEMPTS_KEEP_MS);
  });

  it('never counts as a failed sign-in for the address or the person', () => {
    const { user } = person();
    for (let i = 0; i < 40; i++) requestPasswordReset(`${i}-${user.email}`, IP, NOW);
    requestPasswordReset(user.email, IP, NOW);
    expect(loginRetryAt(user.email, IP, NOW + 1)).toBeNull();
  });
});

describe('the reset link', () => {
  async function sessionsOf(userId: number) {
    return getDb().select().from(schema.authSessions).where(eq(schema.authSessions.userId, userId)).all();
  }

  it('sets the new password once, ends every session and feed of the person; used again it is refused and changes nothing', async () => {
    const { firm, user } = person();
    getDb()
      .insert(schema.authSessions)
      .values([
        { id: `a-${user.id}`, userId: user.id, expiresAt: NOW + HOUR },
        { id: `b-${user.id}`, userId: user.id, expiresAt: NOW + HOUR },
      ])
      .run();
    getDb()
      .insert(schema.calendarFeeds)
      .values({ firmId: firm.id, userId: user.id, createdByUserId: user.id, tokenHash: `feed-${user.id}` })
      .run();
    requestPasswordReset(user.email, IP, NOW);
    const token = linkIn(outbox()[0]!.body)!;
    expect(resetLinkUsable(token, NOW + 1)).toBe(true);
    await resetPasswordWithLink(token, 'a brand new password', NOW + 2);
    const row = getDb().select().from(schema.users).where(eq(schema.users.id, user.id)).get()!;
    expect(await verifyPassword('a brand new password', row.passwordHash)).toBe(true);
    expect(await sessionsOf(user.id)).toEqual([]);
    expect(getDb().select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, user.id)).all()).toEqual([]);
    expect(links()[0]!.usedAt).toBe(NOW + 2);

    const before = JSON.stringify([row, everything()]);
    expect(resetLinkUsable(token, NOW + 3)).toBe(false);
    await expect(resetPasswordWithLink(token, 'another password', NOW + 3)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(JSON.stringify([getDb().select().from(schema.users).where(eq(schema.users.id, user.id)).get(), everything()])).toBe(before);
  });

  it('confirms a sign-up’s unconfirmed address: the link reached its owner (so a squatter’s sign-up can be taken back)', async () => {
    const { user } = person();
    getDb().update(schema.users).set({ emailConfirmed: false }).where(eq(schema.users.id, user.id)).run();
    requestPasswordReset(user.email, IP, NOW);
    await resetPasswordWithLink(linkIn(outbox()[0]!.body)!, 'a brand new password', NOW + 1);
    expect(getDb().select({ ok: schema.users.emailConfirmed }).from(schema.users).where(eq(schema.users.id, user.id)).get()).toEqual({
      ok: true,
    });
  });

  it('is refused after an hour, for another purpose’s token, and for a made-up token', async () => {
    const { user } = person();
    requestPasswordReset(user.email, IP, NOW);
    const token = linkIn(outbox()[0]!.body)!;
    expect(resetLinkUsable(token, NOW + RESET_LINK_MS - 1)).toBe(true);
    expect(resetLinkUsable(token, NOW + RESET_LINK_MS)).toBe(false);
    await expect(resetPasswordWithLink(token, 'a brand new password', NOW + RESET_LINK_MS)).rejects.toBeInstanceOf(LinkNotValidError);
    await expect(resetPasswordWithLink('x'.repeat(43), 'a brand new password', NOW)).rejects.toBeInstanceOf(LinkNotValidError);
    expect(links()[0]!.usedAt).toBeNull();
  });
});

const HOUR = 3_600_000;
