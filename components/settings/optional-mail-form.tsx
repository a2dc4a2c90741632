'use client';

import { useActionState } from 'react';
import { optionalMailAction } from '@/app/(app)/settings/profile/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export function OptionalMailForm({ on }: { on: boolean }) {
  const [state, action] = useActionState(optionalMailAction, idle);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <label className="flex min-h-11 items-start gap-3">
        <input type="checkbox" name="optionalMail" defaultChecked={on} className="mt-1 h-5 w-5" />
        <span>
          Email me optional notices, such as a new request from the request page.
          <span className="block text-sm text-slate-600">
            Messages you must get always come: invitations, password resets, and anything about your own account.
          </span>
        </span>
      </label>
      <SubmitButton>
        Save<span className="sr-only"> email choice</span>
      </SubmitButton>
    </form>
  );
}
