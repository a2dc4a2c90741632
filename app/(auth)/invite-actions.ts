'use server';

import type { ActionState } from '@/lib/action-state';
import { formFields, validationFailure } from '@/lib/actions';
import { signIn } from '@/lib/auth';
import { acceptInvitation, AddressHasAccountError } from '@/lib/dal/invitations';
import { acceptInvite } from '@/lib/dal/invites';
import { LinkNotValidError } from '@/lib/dal/one-time-links';
import { acceptInviteSchema } from '@/lib/validations/auth';

/**
 * The invitation link's form: the member's name and own password, then signed in (landing by role,
 * lib/landing.ts). A link made before invitations had rows (lib/dal/invites.ts) sends no name: its account exists.
 */
export async function acceptInviteAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields = formFields(formData);
  const parsed = acceptInviteSchema.safeParse(fields);
  if (!parsed.success) return validationFailure(parsed.error, fields);
  const { token, name, newPassword } = parsed.data;
  let email: string;
  try {
    email = name === undefined ? await acceptInvite(token, newPassword) : await acceptInvitation(token, { name, password: newPassword });
  } catch (error) {
    if (error instanceof LinkNotValidError || error instanceof AddressHasAccountError) return { status: 'error', message: error.message };
    throw error;
  }
  await signIn('credentials', { email, password: newPassword, redirectTo: '/' });
  return { status: 'ok' };
}
