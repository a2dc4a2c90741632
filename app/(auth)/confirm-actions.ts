'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { formFields, validationFailure, withMember } from '@/lib/actions';
import { confirmEmail, sendConfirmationAgain } from '@/lib/dal/email-confirmation';
import { LinkNotValidError } from '@/lib/dal/one-time-links';
import { confirmEmailSchema } from '@/lib/validations/auth';

/** The button on the link's page (a POST: a mail scanner that opens links confirms nothing). */
export async function confirmEmailAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = confirmEmailSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  try {
    confirmEmail(parsed.data.token);
  } catch (error) {
    if (error instanceof LinkNotValidError) return { status: 'error', message: error.message };
    throw error;
  }
  redirect('/dashboard');
}

export const resendConfirmationAction = withMember('account.own', z.object({}).strict(), (member) => {
  const outcome = sendConfirmationAgain(member);
  revalidatePath('/', 'layout');
  return {
    status: 'ok',
    message: outcome === 'sent' ? 'We sent a new link; earlier links no longer work.' : 'Your address is already confirmed.',
  };
});
