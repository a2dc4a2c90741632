'use server';

import { CredentialsSignin } from 'next-auth';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { echo, formFields, validationFailure, withMember } from '@/lib/actions';
import { signIn, signOut } from '@/lib/auth';
import { changeOwnPassword, createFirmWithOwner, loginRetryAt, SignupRefusedError } from '@/lib/dal/accounts';
import { clientAddress } from '@/lib/request';
import { landingAfterSignIn, screenAtSignIn } from '@/lib/landing';
import { safeNext } from '@/lib/safe-next';
import { changePasswordSchema, loginSchema, signupSchema } from '@/lib/validations/auth';
import { MINUTE_MS } from '@/lib/time/units';

const WRONG_CREDENTIALS = 'Wrong email or password.';

export async function loginAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = loginSchema.safeParse({ email: fields.email, password: fields.password });
  if (!parsed.success) return validationFailure(parsed.error, fields);
  // A page asked for (`next`) wins; otherwise `/` picks the landing by role and screen (lib/landing.ts).
  const redirectTo = safeNext(fields.next, '') || landingAfterSignIn(screenAtSignIn(fields.screen, await headers()));
  try {
    await signIn('credentials', { ...parsed.data, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === 'throttled') {
        const retryAt = loginRetryAt(parsed.data.email, clientAddress(await headers()));
        const minutes = Math.max(1, Math.ceil(((retryAt ?? Date.now()) - Date.now()) / MINUTE_MS));
        return {
          status: 'error',
          message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          values: echo(fields),
        };
      }
      return { status: 'error', message: WRONG_CREDENTIALS, values: echo(fields) };
    }
    throw error; // the redirect that completes a successful sign-in
  }
  return { status: 'ok' };
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
