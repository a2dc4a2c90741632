'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { resendMessage } from '@/lib/dal/mail';
import { messageIdSchema } from '@/lib/validations/mail';

export const resendMessageAction = withMember('mail.manage', messageIdSchema, (member, input) => {
  resendMessage(member, input.messageId);
  revalidatePath('/settings/email');
  return { status: 'ok', message: 'The message is queued to be sent again.' };
});
