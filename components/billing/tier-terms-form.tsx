'use client';

import { useActionState } from 'react';
import { updateTierTermsAction } from '@/app/(app)/settings/billing/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { cardClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';
import type { Tier } from '@/lib/tiers';
import { TermsFields, type TermsValues } from './terms-fields';

/** Settings → Billing: the terms of each tier, which every client of the tier uses unless it has its own. */
export function TierTermsForm({ tiers }: { tiers: { tier: Tier; label: string; values: TermsValues }[] }) {
  const [state, action] = useActionState(updateTierTermsAction, idle);
  return (
    <form action={action} className={`${cardClass} space-y-4 p-5`} noValidate aria-labelledby="tier-terms-heading">
      <div>
        <h2 id="tier-terms-heading" className="text-lg font-semibold">
          Terms by tier
        </h2>
        <p className="text-sm text-slate-600">
          A client’s next invoice uses its tier’s terms (unless it has its own): minutes rounded up to the increment, at least the minimum
          for each visit, a trip fee for each day on site, and the due date. Invoices already made keep theirs.
        </p>
      </div>
      <FormMessage state={state} />
      {tiers.map(({ tier, label, values }) => (
        <fieldset key={tier} className="space-y-2 border-t border-slate-100 pt-3">
          <legend className="font-medium">{label}</legend>
          <TermsFields prefix={`${tier}.`} values={values} state={state} idPrefix={`terms-${tier}`} />
        </fieldset>
      ))}
      <SubmitButton>Save terms</SubmitButton>
    </form>
  );
}
