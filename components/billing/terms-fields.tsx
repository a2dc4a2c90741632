import { Field } from '@/components/ui/form';
import type { ActionState } from '@/lib/action-state';

/** A set of billing terms as form values (strings, trip fee in dollars). */
export type TermsValues = { incrementMinutes: string; minimumMinutes: string; tripFeeCents: string; paymentTermsDays: string };

/** The four fields of a set of terms; `prefix` names them (`micro.` on Settings → Billing, nothing on a client's page). */
export function TermsFields({
  prefix,
  values,
  state,
  idPrefix,
}: {
  prefix: string;
  values: TermsValues;
  state: ActionState;
  idPrefix: string;
}) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Field
        name={`${prefix}incrementMinutes`}
        label="Billing increment (min)"
        inputMode="numeric"
        state={state}
        idPrefix={idPrefix}
        defaultValue={values.incrementMinutes}
        hint="1: by the minute"
      />
      <Field
        name={`${prefix}minimumMinutes`}
        label="Minimum per visit (min)"
        inputMode="numeric"
        state={state}
        idPrefix={idPrefix}
        defaultValue={values.minimumMinutes}
        hint="0: none"
      />
      <Field
        name={`${prefix}tripFeeCents`}
        label="Trip fee ($)"
        inputMode="decimal"
        state={state}
        idPrefix={idPrefix}
        defaultValue={values.tripFeeCents}
        hint="Per day on site; 0: none"
      />
      <Field
        name={`${prefix}paymentTermsDays`}
        label="Payment terms (days)"
        inputMode="numeric"
        state={state}
        idPrefix={idPrefix}
        defaultValue={values.paymentTermsDays}
        hint="0: due on receipt"
      />
    </div>
  );
}
