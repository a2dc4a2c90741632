'use server';

import { CredentialsSignin } from 'next-auth';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { echo, formFields, validationFailure, withMember } from '@/lib/actions';
import { SecondFactorSignin, signIn, signOut, WrongCodeSignin } from '@/lib/auth';
import { changeOwnPassword, createFirmWithOwner, loginRetryAt, SignupRefusedError } from '@/lib/dal/accounts';
import { clientAddress } from '@/lib/request';
import { landingAfterSignIn, screenAtSignIn } from '@/lib/landing';
import { safeNext } from '@/lib/safe-next';
import { changePasswordSchema, loginSchema, signInCodeSchema, signupSchema } from '@/lib/validations/auth';
import { MINUTE_MS } from '@/lib/time/units';

const WRONG_CREDENTIALS = 'Wrong email or password.';

/**
 * Both steps of signing in. The password step answers a person with two-factor
 * sign-in with the code step (its pending token travels in the form's values);
 * the code step sends email, pending token and code. Auth.js's authorize makes
 * the session only when every factor is proven (lib/auth.ts).
 */
export async function loginAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const codeStep = fields.pending !== undefined;
  const parsed = codeStep
    ? signInCodeSchema.safeParse({ email: fields.email, pending: fields.pending, code: fields.code })
    : loginSchema.safeParse({ email: fields.email, password: fields.password });
  if (!parsed.success) return validationFailure(parsed.error, fields);
  // A page asked for (`next`) wins; otherwise `/` picks the landing by role and screen (lib/landing.ts).
  const redirectTo = safeNext(fields.next, '') || landingAfterSignIn(screenAtSignIn(fields.screen, await headers()));
  try {
    await signIn('credentials', { ...parsed.data, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin) return refusedSignIn(error, parsed.data.email, fields);
    throw error; // the redirect that completes a successful sign-in
  }
  return { status: 'ok' };
}

async function refusedSignIn(error: CredentialsSignin, email: string, fields: Record<string, string>): Promise<ActionState> {
  const values = { ...echo(fields), code: '' };
  if (error instanceof SecondFactorSignin) return { status: 'idle', values: { ...values, pending: error.pending } };
  if (error instanceof WrongCodeSignin) {
    const message = 'That code is not right. Enter the code your app shows now, or a recovery code.';
    return { status: 'error', fieldErrors: { code: message }, values: { ...values, pending: error.pending } };
  }
  if (error.code === 'throttled') {
    const retryAt = loginRetryAt(email, clientAddress(await headers()));
    const minutes = Math.max(1, Math.ceil(((retryAt ?? Date.now()) - Date.now()) / MINUTE_MS));
    const message = `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    // On the code step the message sits by the code field, and the step stays open for when the lock lifts.
    return fields.pending
      ? { status: 'error', fieldErrors: { code: message }, values: { ...values, pending: fields.pending } }
      : { status: 'error', message, values };
  }
  if (error.code === 'pending-expired') {
    return { status: 'error', message: 'That took too long. Sign in again with your password.', values: { email: fields.email ?? '' } };
  }
  return { status: 'error', message: WRONG_CREDENTIALS, values };
}

export async function signupAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = signupSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  try {
    await createFirmWithOwner(parsed.data, clientAddress(await headers()));
  } catch (error) {
    // Form-level, not next to the email field: pointing at the email would say it has an account.
    if (error instanceof SignupRefusedError) return { status: 'error', message: error.message, values: echo(fields) };
    throw error;
  }
  // The same page whether a firm was made or the address already had an account (its owner is told by mail):
  // signing in here, or not, would say which.
  redirect('/signup/check-email');
}

/** Signing out deletes the session row (see the signOut event in lib/auth.ts), so a copied cookie dies with it. */
export async function logoutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}

export const changePasswordAction = withMember(
  'account.own',
  changePasswordSchema,
  async (member, input) => {
    await changeOwnPassword(member, input.currentPassword, input.newPassword);
    if (member.mustChangePassword) redirect('/dashboard');
    // The change also ended this person's calendar feed addresses (lib/dal/internal/feed-trust.ts): Settings must not keep showing them.
    revalidatePath('/settings/profile');
    return {
      status: 'ok',
      message:
        'Password changed. Your other signed-in devices have been signed out, and any calendar feed address of yours stopped working (make a new one under Settings).',
    };
  },
  { allowPendingPasswordChange: true },
);
