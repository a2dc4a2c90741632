'use client';

import { useActionState } from 'react';
import { createContractAction, endContractAction, prepareMonthAction } from '@/app/(app)/invoices/contract-actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { cardClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';

/** "Prepare this month's invoices": one draft per client with a contract or unbilled work; running it again adds nothing. */
export function PrepareMonthForm({ month, preparedAlready }: { month: string; preparedAlready: number }) {
  const [state, action] = useActionState(prepareMonthAction, idle);
  return (
    <form action={action} className={`${cardClass} space-y-4 p-5`} noValidate aria-labelledby="prepare-month-heading">
      <h2 id="prepare-month-heading" className="text-lg font-semibold">
        Prepare a month’s invoices
      </h2>
      <p className="text-sm text-slate-600">
        A draft for every client with an active contract or unbilled work up to the month’s end. Nothing is sent until you finalise it.
        {preparedAlready > 0 ? ` ${preparedAlready} already prepared for this month.` : ''}
      </p>
      <FormMessage state={state} />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <Field name="month" label="Month" type="month" state={state} defaultValue={month} idPrefix="prepare" />
        <SubmitButton pendingText="Preparing the month’s drafts…">Prepare the month’s drafts</SubmitButton>
      </div>
    </form>
  );
}

/** A new monthly contract for a client: a fee, a price per seat and included hours, any of them. */
export function ContractForm({ clientId, startDate, rateHint }: { clientId: number; startDate: string; rateHint: string }) {
  const [state, action] = useActionState(createContractAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="new-contract-heading">
      <h3 id="new-contract-heading" className="font-semibold">
        New contract
      </h3>
      <FormMessage state={state} />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="name" label="Name" state={state} defaultValue="Managed services" idPrefix="contract" />
        <Field name="startDate" label="First day" type="date" state={state} defaultValue={startDate} idPrefix="contract" />
        <Field name="endDate" label="Last day" type="date" state={state} hint="Optional" idPrefix="contract" />
        <Field name="monthlyFeeCents" label="Monthly fee ($)" inputMode="decimal" state={state} idPrefix="contract" />
        <Field
          name="perSeatCents"
          label="Per seat per month ($)"
          inputMode="decimal"
          state={state}
          hint="Times the client’s seats when the month is prepared"
          idPrefix="contract"
        />
        <Field name="includedMinutes" label="Included hours per month" inputMode="decimal" state={state} idPrefix="contract" />
        <Field
          name="overageRateCents"
          label="Rate beyond included hours ($/h)"
          inputMode="decimal"
          state={state}
          hint={`Blank: ${rateHint}`}
          idPrefix="contract"
        />
      </div>
      <SubmitButton>Add contract</SubmitButton>
    </form>
  );
}

/**
 * Ends a running contract on a day; the month of that day is its last billed month. Asked in a dialog, the last day
 * inside it: one tap on a page about the client should not stop a monthly fee.
 */
export function EndContractForm({ contractId, name, defaultDate }: { contractId: number; name: string; defaultDate: string }) {
  const [state, action] = useActionState(endContractAction, idle);
  return (
    <div>
      <ConfirmAction
        action={action}
        state={state}
        trigger="End contract…"
        triggerLabel={`End contract… (${name})`}
        triggerVariant="secondary"
        title={`End the contract “${name}”?`}
        question="The month of its last day is the last month it is billed. Until that day has passed you can still change it here."
        confirm="End the contract"
        pendingText="Ending…"
        hidden={{ contractId }}
      >
        <Field name="endDate" label="Last day" type="date" state={state} defaultValue={defaultDate} idPrefix={`end-${contractId}`} />
      </ConfirmAction>
    </div>
  );
}
