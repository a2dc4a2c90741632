import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { LOGIN_WINDOW_MS, loginRetryAt } from './accounts';
import {
  LOGIN_ATTEMPTS_KEEP_MS,
  MAX_ATTEMPT_ROWS,
  pruneAttempts,
  SENT_MAIL_KEEP_MS,
  SPENT_LINK_KEEP_MS,
  THROTTLE_WINDOW_MS,
} from './attempts';
import { makeFirm, makeUser } from '@/test/factories';
import { THROTTLE_MAX, throttleRequest } from './internal/request-throttle';

const NOW = Date.UTC(2030, 0, 15, 12);

const requestRows = () => getDb().select().from(schema.requestAttempts).orderBy(schema.requestAttempts.id).all();
const loginRows = () => getDb().select().from(schema.loginAttempts).orderBy(schema.loginAttempts.id).all();
const addRequest = (at: number, address = '1|198.51.100.1') =>
  getDb().insert(schema.requestAttempts).values({ address, at }).returning().get();
const addLogin = (at: number, succeeded = false, email = 'who@unit.example') =>
  getDb().insert(schema.loginAttempts).values({ email, address: '198.51.100.1', succeeded, at }).returning().get();

/** n rows in one statement each table, `at` rising with the id as the app writes them. */
function fill(n: number, at: number) {
  const sqlite = getDb().$client;
  sqlite
    .prepare(
      "with recursive k(i) as (select 1 union all select i + 1 from k where i < ?) insert into request_attempts (address, at) select '1|198.51.100.1', ? + i from k",
    )
    .run(n, at);
  sqlite
    .prepare(
      "with recursive k(i) as (select 1 union all select i + 1 from k where i < ?) insert into login_attempts (email, address, succeeded, at) select 'who@unit.example', '198.51.100.1', 0, ? + i from k",
    )
    .run(n, at);
}

// This file's database is its own: each test starts from empty attempt tables.
beforeEach(() => {
  getDb().delete(schema.requestAttempts).run();
  getDb().delete(schema.loginAttempts).run();
});

describe('pruneAttempts', () => {
  it('drops one-time links a day after they were used or expired, and mail delivered over 30 days ago; keeps the rest', () => {
    const firm = makeFirm();
    const user = makeUser(firm.id, 'owner');
    const link = (name: string, expiresAt: number, usedAt: number | null = null) =>
      getDb().insert(schema.oneTimeLinks).values({ userId: user.id, purpose: 'password-reset', tokenHash: name, expiresAt, usedAt }).run();
    link('expired-long-ago', NOW - SPENT_LINK_KEEP_MS - 1);
    link('used-long-ago', NOW + 3_600_000, NOW - SPENT_LINK_KEEP_MS - 1);
    link('expired-just-now', NOW - 1);
    link('used-just-now', NOW + 3_600_000, NOW - 1);
    link('still-usable', NOW + 3_600_000);
    const mail = (key: string, status: 'sent' | 'failed' | 'pending', sentAt: number | null) =>
      getDb()
        .insert(schema.outbox)
        .values({
          firmId: firm.id,
          kind: 'password-reset',
          toAddress: 'a@unit.example',
          subject: 's',
          body: 'b',
          messageKey: key,
          status,
          sentAt,
          createdAt: NOW - 40 * 86_400_000,
        })
        .run();
    mail('sent-long-ago', 'sent', NOW - SENT_MAIL_KEEP_MS - 1);
    mail('sent-lately', 'sent', NOW - 86_400_000);
    mail('failed-long-ago', 'failed', null);
    mail('waiting', 'pending', null);
    expect(pruneAttempts(getDb(), NOW)).toEqual({ requestAttempts: 0, loginAttempts: 0, spentLinks: 2, sentMail: 1 });
    const left = (rows: { key: string }[]) => rows.map((r) => r.key).sort();
    expect(
      left(
        getDb()
          .select({ key: schema.oneTimeLinks.tokenHash })
          .from(schema.oneTimeLinks)
          .where(eq(schema.oneTimeLinks.userId, user.id))
          .all(),
      ),
    ).toEqual(['expired-just-now', 'still-usable', 'used-just-now']);
    expect(
      left(getDb().select({ key: schema.outbox.messageKey }).from(schema.outbox).where(eq(schema.outbox.firmId, firm.id)).all()),
    ).toEqual(['failed-long-ago', 'sent-lately', 'waiting']);
  });

  it('deletes the rows older than their window in both tables, keeps the rest, and counts what it deleted', () => {
    addRequest(NOW - THROTTLE_WINDOW_MS - 1);
    const keptRequests = [addRequest(NOW - THROTTLE_WINDOW_MS + 1), addRequest(NOW)];
    addLogin(NOW - LOGIN_ATTEMPTS_KEEP_MS - 1, true);
    addLogin(NOW - 7 * 86_400_000);
    const keptLogin = addLogin(NOW - 60_000);
    expect(pruneAttempts(getDb(), NOW)).toEqual({ requestAttempts: 1, loginAttempts: 2, spentLinks: 0, sentMail: 0 });
    expect(requestRows().map((r) => r.id)).toEqual(keptRequests.map((r) => r.id));
    expect(loginRows().map((r) => r.id)).toEqual([keptLogin.id]);
    // Nothing left to do: a second run deletes nothing.
    expect(pruneAttempts(getDb(), NOW)).toEqual({ requestAttempts: 0, loginAttempts: 0, spentLinks: 0, sentMail: 0 });
  });

  it('caps each table at its newest rows, however recent the flood', () => {
    fill(30, NOW - 1_000);
    expect(pruneAttempts(getDb(), NOW, { maxRows: 10 })).toEqual({ requestAttempts: 20, loginAttempts: 20, spentLinks: 0, sentMail: 0 });
    expect(requestRows().map((r) => r.at)).toEqual(Array.from({ length: 10 }, (_, i) => NOW - 1_000 + 21 + i));
    expect(loginRows().map((r) => r.at)).toEqual(Array.from({ length: 10 }, (_, i) => NOW - 1_000 + 21 + i));
  });

  it(`caps at ${MAX_ATTEMPT_ROWS} rows a table by default`, () => {
    fill(MAX_ATTEMPT_ROWS + 3, NOW - 60_000);
    expect(pruneAttempts(getDb(), NOW)).toEqual({ requestAttempts: 3, loginAttempts: 3, spentLinks: 0, sentMail: 0 });
    const count = (table: 'request_attempts' | 'login_attempts') =>
      getDb().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
    expect(count('request_attempts')).toBe(MAX_ATTEMPT_ROWS);
    expect(count('login_attempts')).toBe(MAX_ATTEMPT_ROWS);
  });

  it('keeps what the throttles still count: a throttled address and a locked email stay refused after a prune', () => {
    const address = '203.0.113.9';
    for (let i = 0; i < THROTTLE_MAX; i++) throttleRequest(1, address, NOW - THROTTLE_WINDOW_MS + 1_000 + i);
    for (let i = 0; i < 5; i++) addLogin(NOW - LOGIN_WINDOW_MS + 1_000 + i, false, 'locked@unit.example');
    const lockedUntil = loginRetryAt('locked@unit.example', 'elsewhere', NOW);
    expect(lockedUntil).not.toBeNull();
    pruneAttempts(getDb(), NOW);
    expect(() => throttleRequest(1, address, NOW)).toThrow(/Too many requests/);
    expect(loginRetryAt('locked@unit.example', 'elsewhere', NOW)).toBe(lockedUntil);
    expect(getDb().select().from(schema.loginAttempts).where(eq(schema.loginAttempts.email, 'locked@unit.example')).all()).toHaveLength(5);
  });

  it('keeps sign-in attempts at least as long as the sign-in throttle looks back', () => {
    expect(LOGIN_ATTEMPTS_KEEP_MS).toBeGreaterThanOrEqual(LOGIN_WINDOW_MS);
  });
});
