'use client';

import { useActionState } from 'react';
import { updateBillingSettingsAction } from '@/app/(app)/settings/billing/actions';
import { Field, FieldFrame, FormMessage, SelectField, SubmitButton, describedBy } from '@/components/ui/form';
import { cardClass, inputClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';

export type BillingFormValues = Record<
  'invoiceNumberFormat' | 'defaultTaxRateMilli' | 'paymentTermsDays' | 'billingAddress' | 'taxId' | 'paymentInstructions' | 'paperSize',
  string
>;

function TextArea({
  name,
  label,
  state,
  initial,
  hint,
}: {
  name: keyof BillingFormValues;
  label: string;
  state: ActionState;
  initial: string;
  hint?: string;
}) {
  const id = `billing-${name}`;
  const error = state.fieldErrors?.[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={state.values?.[name] ?? initial}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      />
    </FieldFrame>
  );
}

const PAPER_OPTIONS = [
  { value: 'letter', label: 'US Letter' },
  { value: 'a4', label: 'A4' },
] as const;

export function BillingSettingsForm({ initial }: { initial: BillingFormValues }) {
  const [state, action] = useActionState(updateBillingSettingsAction, idle);
  return (
    <form action={action} className={`${cardClass} space-y-4 p-5`} noValidate aria-labelledby="billing-heading">
      <h2 id="billing-heading" className="text-lg font-semibold">
        Billing
      </h2>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="invoiceNumberFormat"
          label="Invoice number format"
          state={state}
          idPrefix="billing"
          defaultValue={initial.invoiceNumberFormat}
          hint="{YYYY} year, {MM} month, {seq:4} the number padded to 4 digits"
        />
        <Field
          name="defaultTaxRateMilli"
          label="Default tax rate (%)"
          inputMode="decimal"
          state={state}
          idPrefix="billing"
          defaultValue={initial.defaultTaxRateMilli}
        />
        <Field
          name="paymentTermsDays"
          label="Older drafts’ payment terms (days)"
          inputMode="numeric"
          state={state}
          idPrefix="billing"
          defaultValue={initial.paymentTermsDays}
          hint="Only drafts made before terms by tier; new ones use their client’s terms"
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextArea name="billingAddress" label="Firm address on invoices" state={state} initial={initial.billingAddress} />
        <TextArea
          name="paymentInstructions"
          label="How to pay"
          state={state}
          initial={initial.paymentInstructions}
          hint="Bank details, check payee"
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="taxId" label="Firm tax id" state={state} idPrefix="billing" defaultValue={initial.taxId} />
        <SelectField
          name="paperSize"
          label="Paper size"
          state={state}
          idPrefix="billing"
          options={PAPER_OPTIONS}
          defaultValue={initial.paperSize}
          hint="Invoices and statements are printed on it"
        />
      </div>
      <SubmitButton>Save billing settings</SubmitButton>
    </form>
  );
}
