'use client';

import { useActionState } from 'react';
import { acceptInviteAction } from '@/app/(auth)/invite-actions';
import { forgotPasswordAction, resetPasswordAction } from '@/app/(auth)/password-actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPasswordAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" required state={state} autoFocus />
      <SubmitButton pendingText="Sending…" className="w-full">
        Send me a link
      </SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ token, invite = false, name }: { token: string; invite?: boolean; name?: string }) {
  const [state, action] = useActionState(invite ? acceptInviteAction : resetPasswordAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {name === undefined ? null : (
        <Field name="name" label="Your name" autoComplete="name" required state={state} defaultValue={name} autoFocus />
      )}
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        state={state}
        autoFocus={name === undefined}
      />
      <Field name="confirmPassword" label="New password again" type="password" autoComplete="new-password" required state={state} />
      <SubmitButton pendingText="Saving…" className="w-full">
        {invite ? 'Save and sign in' : 'Save the new password'}
      </SubmitButton>
    </form>
  );
}

/** `name` (the invitation's, to correct) for an invitation; none for a link made before invitations had rows. */
export function AcceptInviteForm({ token, name }: { token: string; name?: string }) {
  return <ResetPasswordForm token={token} invite name={name} />;
}
