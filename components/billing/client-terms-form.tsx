'use client';

import { useActionState } from 'react';
import { setClientTermsAction } from '@/app/(app)/clients/[id]/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';
import { TermsFields, type TermsValues } from './terms-fields';

/** A client's own terms (with a reason), prefilled with those in force; or, when it has its own, back to its tier's. */
export function ClientTermsForm({
  clientId,
  values,
  reason,
  own,
}: {
  clientId: number;
  values: TermsValues;
  reason: string;
  own: boolean;
}) {
  const [state, action] = useActionState(setClientTermsAction, idle);
  const [back, backAction] = useActionState(setClientTermsAction, idle);
  return (
    <div className="space-y-3">
      {own ? (
        <form action={backAction} className="flex flex-col gap-2 sm:flex-row sm:items-center" noValidate>
          <input type="hidden" name="mode" value="tier" />
          <input type="hidden" name="clientId" value={clientId} />
          <SubmitButton variant="secondary">Use the tier’s terms</SubmitButton>
          <FormMessage state={back} />
        </form>
      ) : null}
      <details open={state.status === 'error' || undefined}>
        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-800">
          {own ? 'Change this client’s own terms' : 'Give this client its own terms'}
        </summary>
        <form action={action} className="mt-3 space-y-3" noValidate aria-label="This client’s own terms">
          <FormMessage state={state} />
          <input type="hidden" name="mode" value="own" />
          <input type="hidden" name="clientId" value={clientId} />
          <TermsFields prefix="" values={values} state={state} idPrefix="client-terms" />
          <Field name="reason" label="Why this client has its own terms" state={state} idPrefix="client-terms" defaultValue={reason} />
          <SubmitButton>Save terms</SubmitButton>
        </form>
      </details>
    </div>
  );
}
