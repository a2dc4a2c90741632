'use client';

import { useActionState } from 'react';
import { loginAction } from '@/app/(auth)/actions';
import { idle } from '@/lib/action-state';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(loginAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="email" required state={state} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required state={state} />
      <SubmitButton pendingText="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
