import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { encode } from 'next-auth/jwt';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { makeFirm, makeUser } from '@/test/factories';
import { fieldErrors, validationFailure, withMember } from './actions';

/**
 * Only the request is simulated: `cookie.sid` names a session row, and the
 * request's headers carry it as Auth.js issues it (an encrypted token in the
 * session cookie). lib/session-cookie.ts decrypts it and looks the row up in
 * the real database, so expiry, deactivation and role come from the rows.
 */
const cookie = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('next/headers', () => ({
  headers: async () => {
    if (!cookie.sid) return new Headers();
    const name = 'authjs.session-token';
    const token = await encode({ token: { sid: cookie.sid }, secret: process.env.AUTH_SECRET!, salt: name });
    return new Headers({ cookie: `${name}=${token}`, 'x-forwarded-proto': 'http' });
  },
}));

afterEach(() => {
  cookie.sid = null;
  vi.restoreAllMocks();
});

function signedIn(
  role: 'owner' | 'consultant' | 'staff',
  overrides: Partial<typeof schema.users.$inferInsert> = {},
  expiresIn = 3_600_000,
) {
  const firm = makeFirm();
  const user = makeUser(firm.id, role, overrides);
  const sid = randomUUID();
  getDb()
    .insert(schema.authSessions)
    .values({ id: sid, userId: user.id, expiresAt: Date.now() + expiresIn })
    .run();
  cookie.sid = sid;
  return { firm, user, sid };
}

const form = (fields: Record<string, string | Blob>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};

const nameSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.'),
    seats: z.coerce.number().int('Whole seats only.').min(1, 'At least one seat.'),
  })
  .strict();

describe('withMember', () => {
  it('hands the action the caller as the database has them, the parsed input and the fields', async () => {
    const { firm, user, sid } = signedIn('staff', { name: 'Jo' });
    const fn = vi.fn(() => undefined);
    const state = await withMember(
      'clients.write',
      nameSchema,
      fn,
    )({ status: 'idle' }, form({ name: ' Acme ', seats: '4', $ACTION_ID_abc: 'x' }));
    expect(state).toEqual({ status: 'ok' });
    expect(fn).toHaveBeenCalledWith(
      {
        userId: user.id,
        firmId: firm.id,
        role: 'staff',
        name: 'Jo',
        email: user.email,
        mustChangePassword: false,
        mustSetUpTwoFactor: false,
        sessionId: sid,
      },
      { name: 'Acme', seats: 4 },
      { name: ' Acme ', seats: '4' },
    );
    const returned = { status: 'ok' as const, message: 'Saved.' };
    expect(await withMember('clients.write', nameSchema, () => returned)({ status: 'idle' }, form({ name: 'A', seats: '1' }))).toBe(
      returned,
    );
  });

  it('refuses, without running the action, a caller with no live session: none, expired, deactivated', async () => {
    const fn = vi.fn();
    const action = withMember('account.own', z.object({}), fn);
    const ended = { status: 'error', message: 'Your session has ended. Sign in again.' };
    expect(await action({ status: 'idle' }, form({}))).toEqual(ended);
    signedIn('owner', {}, -1);
    expect(await action({ status: 'idle' }, form({}))).toEqual(ended);
    const { user } = signedIn('owner');
    getDb().update(schema.users).set({ active: false }).where(eq(schema.users.id, user.id)).run();
    expect(await action({ status: 'idle' }, form({}))).toEqual(ended);
    cookie.sid = 'not-a-session';
    expect(await action({ status: 'idle' }, form({}))).toEqual(ended);
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses a member still on a temporary password, unless the action is the one that changes it', async () => {
    signedIn('owner', { mustChangePassword: true });
    const fn = vi.fn();
    expect(await withMember('account.own', z.object({}), fn)({ status: 'idle' }, form({}))).toEqual({
      status: 'error',
      message: 'Choose a new password before doing anything else.',
    });
    expect(fn).not.toHaveBeenCalled();
    expect(await withMember('account.own', z.object({}), fn, { allowPendingPasswordChange: true })({ status: 'idle' }, form({}))).toEqual({
      status: 'ok',
    });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('refuses a member whose firm requires two-factor sign-in until they set it up, and a temporary password comes first', async () => {
    const { firm, user } = signedIn('consultant');
    getDb().update(schema.firms).set({ requireTwoFactor: true }).where(eq(schema.firms.id, firm.id)).run();
    const fn = vi.fn();
    const refused = { status: 'error', message: 'Set up two-factor sign-in before doing anything else.' };
    expect(await withMember('account.own', z.object({}), fn)({ status: 'idle' }, form({}))).toEqual(refused);
    expect(await withMember('account.own', z.object({}), fn, { allowPendingPasswordChange: true })({ status: 'idle' }, form({}))).toEqual(
      refused,
    );
    expect(fn).not.toHaveBeenCalled();
    expect(await withMember('account.own', z.object({}), fn, { allowPendingTwoFactor: true })({ status: 'idle' }, form({}))).toEqual({
      status: 'ok',
    });
    getDb().update(schema.users).set({ mustChangePassword: true }).where(eq(schema.users.id, user.id)).run();
    expect(await withMember('account.own', z.object({}), fn, { allowPendingTwoFactor: true })({ status: 'idle' }, form({}))).toEqual({
      status: 'error',
      message: 'Choose a new password before doing anything else.',
    });
    getDb().update(schema.users).set({ mustChangePassword: false, totpSecret: 'set' }).where(eq(schema.users.id, user.id)).run();
    expect(await withMember('account.own', z.object({}), fn)({ status: 'idle' }, form({}))).toEqual({ status: 'ok' });
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('refuses a role without the permission before reading the input', async () => {
    signedIn('consultant');
    const fn = vi.fn();
    const state = await withMember('clients.write', nameSchema, fn)({ status: 'idle' }, form({ name: '' }));
    expect(state).toEqual({ status: 'error', message: 'You do not have permission to do that.' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('returns each field’s first message and echoes the input back, never a password', async () => {
    signedIn('owner');
    const schema = z.object({
      name: z.string().min(1, 'Enter a name.'),
      seats: z.coerce.number().int('Whole seats only.').min(1, 'At least one seat.'),
      newPassword: z.string().min(8, 'Use at least 8 characters.'),
    });
    const fn = vi.fn();
    const state = await withMember(
      'account.own',
      schema,
      fn,
    )({ status: 'idle' }, form({ name: '', seats: '0.5', newPassword: 'short', file: new Blob(['x']) }));
    expect(state).toEqual({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { name: 'Enter a name.', seats: 'Whole seats only.', newPassword: 'Use at least 8 characters.' },
      values: { name: '', seats: '0.5' },
    });
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses fields the form does not have (mass assignment), naming them', async () => {
    signedIn('owner');
    const state = await withMember(
      'clients.write',
      nameSchema,
      vi.fn(),
    )({ status: 'idle' }, form({ name: 'A', seats: '2', firmId: '9', role: 'owner' }));
    expect(state).toMatchObject({
      status: 'error',
      message: 'Unexpected fields: firmId, role.',
      fieldErrors: { _form: 'Unexpected fields: firmId, role.' },
    });
  });

  it('maps what the data layer throws to messages: a field’s next to it, refusals as they are, anything else generic', async () => {
    signedIn('owner');
    const loose = z.object({ name: z.string(), seats: z.string(), password: z.string() });
    const run = (error: Error) =>
      withMember('clients.write', loose, () => {
        throw error;
      })({ status: 'idle' }, form({ name: 'Acme', seats: '4', password: 'x' }));
    expect(await run(new UserFacingError('That name is taken.', 'name'))).toEqual({
      status: 'error',
      message: 'That name is taken.',
      fieldErrors: { name: 'That name is taken.' },
      values: { name: 'Acme', seats: '4' },
    });
    expect(await run(new UserFacingError('The week is closed.'))).toMatchObject({
      status: 'error',
      message: 'The week is closed.',
      fieldErrors: undefined,
    });
    expect(await run(new NotFoundError('That client'))).toMatchObject({ message: 'That client was not found.', fieldErrors: undefined });
    expect(await run(new ForbiddenError('clients.write'))).toMatchObject({ message: 'You do not have permission to do that.' });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const state = await run(new Error('SQLITE_CONSTRAINT: clients.name at /work/db/x.ts:12'));
    expect(state).toMatchObject({ status: 'error', message: 'Something went wrong and nothing was saved. Please try again.' });
    expect(JSON.stringify(state)).not.toContain('SQLITE');
    expect(log).toHaveBeenCalledTimes(1); // the details go to the server log
  });

  it('lets Next.js’s own control flow through: a redirect from the action is not an error', async () => {
    signedIn('owner');
    const action = withMember('clients.write', nameSchema, () => redirect('/clients/1'));
    await expect(action({ status: 'idle' }, form({ name: 'Acme', seats: '4' }))).rejects.toMatchObject({
      digest: expect.stringContaining('NEXT_REDIRECT'),
    });
  });
});

describe('the field-error mapper', () => {
  const parse = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input);
    if (result.success) throw new Error('expected a failure');
    return result.error;
  };

  it('keys each message by its top-level field, keeps the first, and puts form-wide ones under _form', () => {
    const schema = z
      .object({
        name: z
          .string()
          .min(2, 'Too short.')
          .regex(/^[A-Z]/, 'Start with a capital.'),
        hours: z.object({ start: z.string().min(1, 'Enter a start.') }),
      })
      .refine(() => false, { message: 'Something is off with the whole form.' });
    expect(fieldErrors(parse(schema, { name: 'a', hours: { start: '' } }))).toEqual({
      name: 'Too short.',
      hours: 'Enter a start.',
      _form: 'Something is off with the whole form.',
    });
    expect(fieldErrors(parse(schema, { name: 'Ab', hours: { start: '9' } }))).toEqual({ _form: 'Something is off with the whole form.' });
  });

  it('names one unexpected field or several', () => {
    const schema = z.object({ name: z.string() }).strict();
    expect(fieldErrors(parse(schema, { name: 'x', id: '1' }))).toEqual({ _form: 'Unexpected field: id.' });
    expect(fieldErrors(parse(schema, { name: 'x', id: '1', firmId: '2' }))).toEqual({ _form: 'Unexpected fields: id, firmId.' });
  });

  it('says what is wrong with the form as a whole when it can, and echoes only what is not secret', () => {
    const schema = z.object({ email: z.email('Enter an email.'), password: z.string().min(8, 'Too short.') }).strict();
    expect(validationFailure(parse(schema, { email: 'no', password: 'x' }), { email: 'no', password: 'x', Password2: 'y' })).toEqual({
      status: 'error',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { email: 'Enter an email.', password: 'Too short.' },
      values: { email: 'no' },
    });
    expect(validationFailure(parse(schema, { email: 'a@b.co', password: '12345678', x: '1' }), { x: '1' })).toMatchObject({
      message: 'Unexpected field: x.',
    });
  });
});
