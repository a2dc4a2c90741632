'use client';

import { useActionState } from 'react';
import { saveMarketingWindowAction } from '@/app/(app)/schedule/window-actions';
import { FieldError, FormMessage, SubmitButton } from '@/components/ui/form';
import { TimeField } from '@/components/ui/time-field';
import { idle } from '@/lib/action-state';
import { weekdayLabels } from '@/lib/labels';

/**
 * A person's flexible marketing window: the days ticked and a time range. What is owed beyond the fixed blocks
 * is kept inside it first. `start`/`end` are "HH:mm" form values (empty: no window).
 */
export function MarketingWindowForm(props: { userId: number; weekdays: readonly number[]; start: string; end: string }) {
  const { userId, weekdays, start, end } = props;
  const [state, action] = useActionState(saveMarketingWindowAction, idle);
  // After a refusal the boxes show what was sent, as the time fields do; otherwise what is stored.
  const sent = state.status === 'error' ? state.values : undefined;
  const ticked = (d: number) => (sent ? sent[`wd${d}`] === 'on' : weekdays.includes(d));
  const daysError = state.fieldErrors?.weekdays;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <fieldset aria-describedby={daysError ? 'field-weekdays-error' : 'field-weekdays-hint'}>
        <legend className="text-sm font-medium text-slate-800">Days</legend>
        <div className="mt-1 grid grid-cols-2 gap-x-4 sm:grid-cols-4" key={JSON.stringify(sent ?? weekdays)}>
          {weekdayLabels.map((label, i) => (
            <label key={label} className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name={`wd${i + 1}`} defaultChecked={ticked(i + 1)} className="h-5 w-5" />
              {label}
            </label>
          ))}
        </div>
        <p id="field-weekdays-hint" className="text-sm text-slate-500">
          Tick no day and clear both times to have no window: the time kept is then the week’s latest free time.
        </p>
        <FieldError id="field-weekdays-error" error={daysError} />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2" key={`${state.status}${start}${end}`}>
        <TimeField name="windowStart" label="From" state={state} defaultValue={start} />
        <TimeField name="windowEnd" label="Until" state={state} defaultValue={end} />
      </div>
      <SubmitButton>Save marketing window</SubmitButton>
    </form>
  );
}
