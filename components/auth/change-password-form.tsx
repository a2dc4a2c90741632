'use client';

import { useActionState } from 'react';
import { changePasswordAction } from '@/app/(auth)/actions';
import { idle } from '@/lib/action-state';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" required state={state} />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        state={state}
      />
      <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" required state={state} />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
