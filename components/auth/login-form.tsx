'use client';

import { useActionState, useSyncExternalStore } from 'react';
import { loginAction } from '@/app/(auth)/actions';
import { idle } from '@/lib/action-state';
import { NARROW_SCREEN_QUERY } from '@/lib/landing';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';

/** The screen's width class, kept current (a phone turned sideways); null on the server, where it is unknown. */
function useScreen(): 'narrow' | 'wide' | null {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW_SCREEN_QUERY);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => (window.matchMedia(NARROW_SCREEN_QUERY).matches ? 'narrow' : 'wide'),
    () => null,
  );
}

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(loginAction, idle);
  const screen = useScreen();
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {/* Where to land (lib/landing.ts); absent until the script runs, and then the request's headers decide. */}
      {screen ? <input type="hidden" name="screen" value={screen} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="email" required state={state} autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required state={state} />
      <SubmitButton pendingText="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
