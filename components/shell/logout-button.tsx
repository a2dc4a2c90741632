'use client';

import { logoutAction } from '@/app/(auth)/actions';
import { forgetOfflineCopy } from '@/components/offline/offline-copy';
import { SubmitButton } from '@/components/ui/form';

export function LogoutButton() {
  return (
    // The phone's copy of Today goes with the session; the sign-in page deletes it again in case this did not finish.
    <form action={logoutAction} onSubmit={() => void forgetOfflineCopy()}>
      <SubmitButton variant="plain" pendingText="Signing out…" className="text-sm text-slate-700 hover:bg-slate-100">
        Sign out
      </SubmitButton>
    </form>
  );
}
