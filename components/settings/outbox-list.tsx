'use client';

import { useActionState } from 'react';
import { resendMessageAction } from '@/app/(app)/settings/email/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/** "Send again" for a failed message. */
export function ResendButton({ messageId, subject }: { messageId: number; subject: string }) {
  const [state, action] = useActionState(resendMessageAction, idle);
  return (
    <form action={action} className="mt-2 space-y-2">
      <input type="hidden" name="messageId" value={messageId} />
      <SubmitButton variant="secondary" pendingText="Queuing…" aria-label={`Send again: ${subject}`}>
        Send again
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
