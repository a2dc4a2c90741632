import type { Metadata } from 'next';
import { LogoutButton } from '@/components/shell/logout-button';
import { TwoFactorPanel } from '@/components/settings/two-factor-panel';
import { requireMember } from '@/lib/dal/session';
import { twoFactorState } from '@/lib/dal/two-factor';
import { qrPath } from '@/lib/qr';

export const metadata: Metadata = { title: 'Set up two-factor sign-in' };

/** Where a firm's rule sends a member without a second factor (lib/dal/session.ts); only this page and its actions let them through. */
export default async function TwoFactorSetupPage() {
  const member = await requireMember({ allowPendingTwoFactor: true });
  const state = twoFactorState(member);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Set up two-factor sign-in</h1>
      <p className="mb-4 text-sm text-slate-600">
        {member.mustSetUpTwoFactor
          ? `Welcome, ${member.name}. Your firm requires a code from an authenticator app at every sign-in; set it up to continue.`
          : 'Signing in will ask for a code from an authenticator app as well as your password.'}
      </p>
      <TwoFactorPanel
        view={{ ...state, setup: state.setup ? { secret: state.setup.secret, qr: qrPath(state.setup.uri) } : null }}
        continueHref="/dashboard"
      />
      <div className="mt-6 border-t border-slate-200 pt-4">
        <LogoutButton />
      </div>
    </>
  );
}
