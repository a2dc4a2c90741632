'use client';

import { useActionState } from 'react';
import { shareLocationAction } from '@/app/(app)/settings/profile/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export function LocationForm({ on }: { on: boolean }) {
  const [state, action] = useActionState(shareLocationAction, idle);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <label className="flex min-h-11 items-start gap-3">
        <input type="checkbox" name="shareLocation" defaultChecked={on} className="mt-1 h-5 w-5" />
        <span>
          Record my phone’s location (with its accuracy) when I check in and out of a visit.
          <span className="block text-sm text-slate-600">
            Off by default and never required; only you can turn it on. Nothing is recorded at other times.
          </span>
        </span>
      </label>
      <SubmitButton>
        Save<span className="sr-only"> location choice</span>
      </SubmitButton>
    </form>
  );
}
