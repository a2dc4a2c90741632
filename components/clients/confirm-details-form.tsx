'use client';

import { useActionState } from 'react';
import { confirmClientDetailsAction } from '@/app/(app)/clients/[id]/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export type DetailsToConfirm = { clientId: number; address: string; seats: number; hasServer: boolean; defaultTravelMinutes: number };

/**
 * The step before a new client's first visit is booked: what the sender said
 * about the site, prefilled, for staff to check, correct and confirm. On
 * success the page re-renders without it (the server clears the flag).
 */
export function ConfirmDetailsForm({ details }: { details: DetailsToConfirm }) {
  const [state, action] = useActionState(confirmClientDetailsAction, idle);
  const checked = state.values ? state.values.hasServer === 'on' : details.hasServer;
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Confirm client details">
      <FormMessage state={state} />
      <input type="hidden" name="clientId" value={details.clientId} />
      <Field name="address" label="Address" idPrefix="confirm" state={state} defaultValue={details.address} required maxLength={300} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="seats"
          label="Seats (computers)"
          idPrefix="confirm"
          state={state}
          defaultValue={details.seats}
          inputMode="numeric"
          required
        />
        <Field
          name="defaultTravelMinutes"
          label="Travel minutes each way"
          idPrefix="confirm"
          state={state}
          // Blank rather than the 0 a new client starts with: staff state it.
          defaultValue={details.defaultTravelMinutes || undefined}
          inputMode="numeric"
          required
          hint="From the office to this address; booked before and after each visit."
        />
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm font-medium text-slate-800" key={String(checked)}>
        <input type="checkbox" name="hasServer" defaultChecked={checked} className="h-5 w-5" />
        Has a real server
      </label>
      <SubmitButton pendingText="Confirming…">Confirm client details</SubmitButton>
    </form>
  );
}
