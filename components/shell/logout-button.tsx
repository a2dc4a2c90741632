'use client';

import { logoutAction } from '@/app/(auth)/actions';
import { forgetOfflineCopy } from '@/components/offline/offline-copy';

export function LogoutButton() {
  return (
    // The phone's copy of Today goes with the session; the sign-in page deletes it again in case this did not finish.
    <form action={logoutAction} onSubmit={() => void forgetOfflineCopy()}>
      <button type="submit" className="min-h-11 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
