'use client';

import { useActionState } from 'react';
import { confirmEmailAction, resendConfirmationAction } from '@/app/(auth)/confirm-actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, action] = useActionState(confirmEmailAction, idle);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Confirming…" className="w-full">
        Confirm my email address
      </SubmitButton>
    </form>
  );
}

/** The banner every page shows an owner whose address is not confirmed yet. */
export function ConfirmEmailBanner({ email, mailServer }: { email: string; mailServer: boolean }) {
  const [state, action] = useActionState(resendConfirmationAction, idle);
  return (
    <section aria-label="Confirm your email address" className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p>
        <strong>Confirm your email address.</strong> We sent a link to <span className="break-all">{email}</span>. Until you open it, your
        firm cannot add team members or send mail.
        {mailServer ? null : ' No mail server is configured: the message is under Settings → Email.'}
      </p>
      <form action={action} className="mt-2 flex flex-wrap items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Sending…">
          Send the link again
        </SubmitButton>
        <FormMessage state={state} />
      </form>
    </section>
  );
}
