'use client';

import { useActionState } from 'react';
import { confirmClientDetailsAction } from '@/app/(app)/clients/[id]/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export type DetailsToConfirm = { clientId: number; address: string; seats: number; hasServer: boolean; defaultTravelMinutes: number };

type Props = {
  /** Null once confirmed: the step then shows only its success message, if it was just confirmed here. */
  details: DetailsToConfirm | null;
  title: string;
  intro: string;
  className?: string;
};

/**
 * The step before a new client's first visit is booked: what the sender said
 * about the site, prefilled, for staff to check, correct and confirm. Always
 * rendered by its page, so that when the confirmed page comes back without
 * the step, the success message stays where the form was.
 */
export function ConfirmDetailsStep({ details, title, intro, className = '' }: Props) {
  const [state, action] = useActionState(confirmClientDetailsAction, idle);
  if (!details)
    return state.status === 'ok' ? (
      <div className={className ? 'mb-6' : 'mb-4'}>
        <FormMessage state={state} />
      </div>
    ) : null;
  const checked = state.values ? state.values.hasServer === 'on' : details.hasServer;
  return (
    <section aria-labelledby="confirm-details" className={className}>
      <h2 id="confirm-details" className="mb-1 text-lg font-semibold">
        {title}
      </h2>
      <p className="mb-3 text-sm text-slate-600" data-testid="confirm-first">
        {intro}
      </p>
      <form action={action} className="space-y-4" noValidate>
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
            hint="From the office to this address; kept free before and after each visit."
          />
        </div>
        <label className="flex min-h-11 items-center gap-2 text-sm font-medium text-slate-800" key={String(checked)}>
          <input type="checkbox" name="hasServer" defaultChecked={checked} className="h-5 w-5" />
          Has a real server
        </label>
        <SubmitButton pendingText="Confirming…">Confirm client details</SubmitButton>
      </form>
    </section>
  );
}
