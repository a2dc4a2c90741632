'use client';

import { useActionState } from 'react';
import { confirmTwoFactorAction, startTwoFactorAction, turnOffTwoFactorAction } from '@/app/(auth)/two-factor-actions';
import { requireTwoFactorAction } from '@/app/(app)/settings/firm/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { Link } from '@/components/ui/link';
import { idle, type ActionState } from '@/lib/action-state';

export type TwoFactorView = {
  on: boolean;
  recoveryCodesLeft: number;
  firmRequires: boolean;
  /** The secret being set up: typed form, and its QR code as an SVG path of `size` modules. */
  setup: { secret: string; qr: { size: number; path: string } } | null;
};

/**
 * Two-factor sign-in for the signed-in person, in Settings and on the set-up
 * page a firm's rule sends them to. One component in one place, so the
 * recovery codes the confirmation answers with stay on screen while the page
 * behind it refreshes to "on".
 */
export function TwoFactorPanel({ view, continueHref }: { view: TwoFactorView; continueHref?: string }) {
  const [confirmed, confirm] = useActionState(confirmTwoFactorAction, idle);
  // Held here, not in the form: a successful turn-off refreshes the page to "off", which unmounts the form.
  const [turnedOff, turnOff] = useActionState(turnOffTwoFactorAction, idle);
  const codes = confirmed.status === 'ok' ? (confirmed.data?.recoveryCodes?.split(' ') ?? []) : [];
  if (codes.length) return <RecoveryCodes codes={codes} continueHref={continueHref} />;
  if (view.on) return <TurnOff view={view} state={turnedOff} action={turnOff} />;
  if (!view.setup) return <Start done={turnedOff.status === 'ok' ? turnedOff : idle} />;
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy…) and add an account.</li>
        <li>Scan this code, or type the key below it.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <svg
        role="img"
        aria-label="QR code for your authenticator app"
        viewBox={`-4 -4 ${view.setup.qr.size + 8} ${view.setup.qr.size + 8}`}
        className="h-56 w-56 border border-slate-200 bg-white"
        shapeRendering="crispEdges"
      >
        <path d={view.setup.qr.path} fill="#000" />
      </svg>
      <div>
        <p className="text-sm font-medium text-slate-800">Key to type instead</p>
        <p className="font-mono text-sm break-all" data-testid="totp-secret">
          {view.setup.secret.match(/.{1,4}/g)?.join(' ')}
        </p>
      </div>
      <form action={confirm} className="space-y-3" noValidate>
        <FormMessage state={{ ...confirmed, message: confirmed.fieldErrors?.code ? undefined : confirmed.message }} />
        <Field
          name="code"
          idPrefix="two-factor"
          label="Code from your app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={30}
          required
          state={confirmed}
        />
        <SubmitButton pendingText="Checking…">Turn on two-factor sign-in</SubmitButton>
      </form>
    </div>
  );
}

function Start({ done }: { done: ActionState }) {
  const [state, start] = useActionState(startTwoFactorAction, idle);
  return (
    <form action={start} className="space-y-3">
      <FormMessage state={state.status === 'idle' ? done : state} />
      <p className="text-sm text-slate-600">
        Signing in will ask for a code from an authenticator app on your phone as well as your password, so a stolen password alone is not
        enough.
      </p>
      <SubmitButton pendingText="Starting…">Set up two-factor sign-in</SubmitButton>
    </form>
  );
}

function RecoveryCodes({ codes, continueHref }: { codes: string[]; continueHref?: string }) {
  return (
    <div className="space-y-3" role="status">
      <p className="font-medium text-green-800">Two-factor sign-in is on.</p>
      <p className="text-sm text-slate-700">
        Save these recovery codes somewhere safe (a password manager, or printed). Each signs you in once if you lose your phone.{' '}
        <strong>They are shown only now.</strong>
      </p>
      <ol className="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      {continueHref ? (
        <Link href={continueHref} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
          I have saved them — continue
        </Link>
      ) : null}
    </div>
  );
}

function TurnOff({ view, state, action }: { view: TwoFactorView; state: ActionState; action: (formData: FormData) => void }) {
  return (
    <div className="space-y-3">
      <p className="text-sm">
        <span className="font-medium text-green-800">On.</span> Signing in asks for a code from your app. {view.recoveryCodesLeft} recovery
        code{view.recoveryCodesLeft === 1 ? '' : 's'} left.
      </p>
      {view.firmRequires ? (
        <p className="text-sm text-slate-600">Your firm requires two-factor sign-in, so it cannot be turned off.</p>
      ) : (
        <form action={action} className="space-y-3" noValidate>
          <FormMessage state={state} />
          <p className="text-sm text-slate-600">To turn it off, enter your password and a code from your app (or a recovery code).</p>
          <Field
            name="password"
            idPrefix="two-factor-off"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            state={state}
          />
          <Field name="code" idPrefix="two-factor-off" label="Code" autoComplete="one-time-code" required state={state} />
          <SubmitButton variant="danger-outline" pendingText="Turning off…">
            Turn off two-factor sign-in
          </SubmitButton>
        </form>
      )}
    </div>
  );
}

/** Settings → Firm: the owner's rule for everyone. */
export function RequireTwoFactorForm({ required, ownerHasIt }: { required: boolean; ownerHasIt: boolean }) {
  const [state, action] = useActionState(requireTwoFactorAction, idle);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm">
        {required
          ? 'Required: everyone signs in with a code from an authenticator app; anyone without it is asked to set it up before anything else.'
          : 'Optional: each person chooses under Settings → Your account.'}
      </p>
      {!required && !ownerHasIt ? <p className="text-sm text-slate-600">Turn it on for yourself first (Settings → Your account).</p> : null}
      <input type="hidden" name="required" value={required ? 'off' : 'on'} />
      <SubmitButton variant={required ? 'secondary' : 'primary'}>
        {required ? 'Make two-factor sign-in optional' : 'Require two-factor sign-in for everyone'}
      </SubmitButton>
    </form>
  );
}
