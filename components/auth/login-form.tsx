'use client';

import { useActionState, useSyncExternalStore } from 'react';
import { loginAction } from '@/app/(auth)/actions';
import { idle, type ActionState } from '@/lib/action-state';
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
  const pending = state.values?.pending;
  if (pending) return <CodeStep state={state} action={action} next={next} screen={screen} pending={pending} />;
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

/** The second step for a person with two-factor sign-in: the password was right, and no session exists until the code is. */
function CodeStep({
  state,
  action,
  next,
  screen,
  pending,
}: {
  state: ActionState;
  action: (formData: FormData) => void;
  next?: string;
  screen: 'narrow' | 'wide' | null;
  pending: string;
}) {
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {screen ? <input type="hidden" name="screen" value={screen} /> : null}
      <input type="hidden" name="email" value={state.values?.email ?? ''} />
      <input type="hidden" name="pending" value={pending} />
      <p className="text-sm text-slate-600">
        Two-factor sign-in is on for <span className="font-medium break-all text-slate-900">{state.values?.email}</span>.
      </p>
      <Field
        name="code"
        label="Code from your authenticator app"
        hint="The 6-digit code your app shows now, or one of your recovery codes."
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        state={state}
        autoFocus
      />
      <SubmitButton pendingText="Checking…" className="w-full">
        Verify and sign in
      </SubmitButton>
      <p className="text-sm">
        {/* A whole new page, not a client navigation: that would keep this form's state, and so this step. */}
        <a href="/login" className="font-medium text-brand-700 underline">
          Start over
        </a>
      </p>
    </form>
  );
}
