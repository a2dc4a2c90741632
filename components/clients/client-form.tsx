'use client';

import { useActionState } from 'react';
import { createClientAction, updateClientAction } from '@/app/(app)/clients/actions';
import { Field, FieldError, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { cardClass, inputClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';

export type ClientFormValues = Record<
  | 'name'
  | 'contactName'
  | 'email'
  | 'phone'
  | 'address'
  | 'seats'
  | 'hourlyRateCents'
  | 'monthlyRecurringCents'
  | 'growth'
  | 'expectedSeats24m'
  | 'status'
  | 'defaultTravelMinutes'
  | 'notes'
  | 'tierOverride'
  | 'tierOverrideReason',
  string
> & { hasServer: boolean };

const statusOptions = [
  { value: 'active', label: 'Active' },
  { value: 'prospect', label: 'Prospect' },
  { value: 'referred_out', label: 'Referred out' },
  { value: 'archived', label: 'Archived' },
];
const growthOptions = [
  { value: 'flat', label: 'Flat' },
  { value: 'growing', label: 'Growing' },
  { value: 'shrinking', label: 'Shrinking' },
];
const overrideOptions = [
  { value: '', label: 'Computed from the thresholds' },
  { value: 'micro', label: 'Micro' },
  { value: 'emerging', label: 'Emerging' },
  { value: 'sweet_spot', label: 'Sweet spot' },
  { value: 'large', label: 'Large' },
];

export function ClientForm({ clientId, initial, defaultRate }: { clientId?: number; initial: ClientFormValues; defaultRate: string }) {
  const [state, action] = useActionState(clientId ? updateClientAction : createClientAction, idle);
  const v = (k: keyof ClientFormValues) => String(initial[k] ?? '');
  const hasServer = state.values ? state.values.hasServer === 'on' : initial.hasServer;
  return (
    <form action={action} className="space-y-6" noValidate>
      <FormMessage state={state} />
      {clientId ? <input type="hidden" name="clientId" value={clientId} /> : null}
      <fieldset className={`${cardClass} grid gap-4 p-5 sm:grid-cols-2`}>
        <legend className="px-1 text-lg font-semibold">Client</legend>
        <Field name="name" label="Name" defaultValue={v('name')} state={state} required />
        <Field name="contactName" label="Contact person" defaultValue={v('contactName')} state={state} />
        <Field name="email" label="Email" type="email" defaultValue={v('email')} state={state} />
        <Field name="phone" label="Phone" type="tel" defaultValue={v('phone')} state={state} />
        <div className="sm:col-span-2">
          <Field name="address" label="Address" defaultValue={v('address')} state={state} />
        </div>
        <SelectField name="status" label="Status" defaultValue={v('status')} state={state} options={statusOptions} />
        <Field
          name="defaultTravelMinutes"
          label="Travel time each way (minutes)"
          inputMode="numeric"
          defaultValue={v('defaultTravelMinutes')}
          state={state}
        />
      </fieldset>
      <SizeAndMoney state={state} value={v} hasServer={hasServer} defaultRate={defaultRate} />
      <fieldset className={`${cardClass} grid gap-4 p-5 sm:grid-cols-2`}>
        <legend className="px-1 text-lg font-semibold">Tier</legend>
        <SelectField name="tierOverride" label="Tier" defaultValue={v('tierOverride')} state={state} options={overrideOptions} />
        <Field name="tierOverrideReason" label="Reason for setting it by hand" defaultValue={v('tierOverrideReason')} state={state} />
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="field-notes" className="block text-sm font-medium">
          Notes
        </label>
        <textarea id="field-notes" name="notes" rows={4} defaultValue={state.values?.notes ?? v('notes')} className={inputClass} />
        <FieldError id="field-notes-error" error={state.fieldErrors?.notes} />
      </div>
      <SubmitButton>{clientId ? 'Save client' : 'Create client'}</SubmitButton>
    </form>
  );
}

/** The seats, server and money a client's tier is computed from. */
function SizeAndMoney({
  state,
  value: v,
  hasServer,
  defaultRate,
}: {
  state: ActionState;
  value: (k: keyof ClientFormValues) => string;
  hasServer: boolean;
  defaultRate: string;
}) {
  return (
    <fieldset className={`${cardClass} grid gap-4 p-5 sm:grid-cols-2`}>
      <legend className="px-1 text-lg font-semibold">Size and money</legend>
      <Field name="seats" label="Seats (PCs)" inputMode="numeric" defaultValue={v('seats')} state={state} required />
      <div>
        <label className="flex min-h-11 items-center gap-3 pt-6">
          <input
            type="checkbox"
            name="hasServer"
            key={String(hasServer)}
            defaultChecked={hasServer}
            className="h-5 w-5 rounded border-slate-400"
          />
          <span className="font-medium">Has a real server on site</span>
        </label>
        <FieldError id="field-hasServer-error" error={state.fieldErrors?.hasServer} />
      </div>
      <Field
        name="hourlyRateCents"
        label="Hourly rate ($)"
        inputMode="decimal"
        hint={`Blank: the firm's ${defaultRate}`}
        defaultValue={v('hourlyRateCents')}
        state={state}
      />
      <Field
        name="monthlyRecurringCents"
        label="Recurring revenue per month ($)"
        inputMode="decimal"
        defaultValue={v('monthlyRecurringCents')}
        state={state}
      />
      <SelectField name="growth" label="Growth outlook" defaultValue={v('growth')} state={state} options={growthOptions} />
      <Field
        name="expectedSeats24m"
        label="Expected seats in 24 months"
        inputMode="numeric"
        hint="Optional"
        defaultValue={v('expectedSeats24m')}
        state={state}
      />
    </fieldset>
  );
}
