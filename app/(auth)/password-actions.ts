'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { echo, formFields, validationFailure } from '@/lib/actions';
import { LinkNotValidError } from '@/lib/dal/one-time-links';
import { RESET_ANSWER, requestPasswordReset, resetPasswordWithLink } from '@/lib/dal/password-reset';
import { clientAddress } from '@/lib/request';
import { forgotPasswordSchema, resetPasswordSchema } from '@/lib/validations/auth';

export async function forgotPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = forgotPasswordSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  requestPasswordReset(parsed.data.email, clientAddress(await headers()));
  return { status: 'ok', message: RESET_ANSWER, values: echo(fields) };
}

export async function resetPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = resetPasswordSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  try {
    await resetPasswordWithLink(parsed.data.token, parsed.data.newPassword);
  } catch (error) {
    if (error instanceof LinkNotValidError) return { status: 'error', message: error.message };
    throw error;
  }
  redirect('/login?reset=done');
}
