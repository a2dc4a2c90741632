'use server';

import type { ActionState } from '@/lib/action-state';
import { formFields, validationFailure } from '@/lib/actions';
import { signIn } from '@/lib/auth';
import { acceptInvite } from '@/lib/dal/invites';
import { LinkNotValidError } from '@/lib/dal/one-time-links';
import { resetPasswordSchema } from '@/lib/validations/auth';

/** The invitation link's form: the member's own password, then signed in (landing by role, lib/landing.ts). */
export async function acceptInviteAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = resetPasswordSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  let email: string;
  try {
    email = await acceptInvite(parsed.data.token, parsed.data.newPassword);
  } catch (error) {
    if (error instanceof LinkNotValidError) return { status: 'error', message: error.message };
    throw error;
  }
  await signIn('credentials', { email, password: parsed.data.newPassword, redirectTo: '/' });
  return { status: 'ok' };
}
