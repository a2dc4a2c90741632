'use client';

import { useActionState, useState } from 'react';
import { createBlockAction, endBlockAction } from '@/app/(app)/schedule/actions';
import { Field, FieldError, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { idle, type ActionState } from '@/lib/action-state';
import { marketingKindLabels, weekdayLabels } from '@/lib/labels';
import { TimeField } from '@/components/ui/time-field';

type Option = { value: string; label: string };

const kindOptions: Option[] = Object.entries(marketingKindLabels).map(([value, label]) => ({ value, label }));
const repeatOptions = [
  ['weekly', 'Every week'],
  ['weeks', 'Every few weeks'],
  ['monthly', 'Monthly, on a weekday (the second Tuesday…)'],
  ['once', 'Once (an expo day, a seminar evening)'],
] as const;
type Repeat = (typeof repeatOptions)[number][0];
const positionOptions: Option[] = [
  { value: '1', label: 'First' },
  { value: '2', label: 'Second' },
  { value: '3', label: 'Third' },
  { value: '4', label: 'Fourth' },
  { value: '-1', label: 'Last' },
];
const weekdayOptions: Option[] = weekdayLabels.map((label, i) => ({ value: String(i + 1), label }));

/** The fields of how often a rule repeats and when it ends: each shown only for the choice that uses it. */
function RepeatFields({ repeat, state }: { repeat: Repeat; state: ActionState }) {
  return (
    <>
      {repeat === 'weeks' ? (
        <Field name="interval" label="Every how many weeks" inputMode="numeric" state={state} defaultValue="2" hint="2 to 12" />
      ) : null}
      {repeat === 'monthly' ? (
        <>
          <SelectField name="position" label="Which one in the month" state={state} options={positionOptions} defaultValue="2" />
          <SelectField name="weekday" label="Weekday" state={state} options={weekdayOptions} defaultValue="2" />
        </>
      ) : null}
      {repeat !== 'once' ? (
        <>
          <Field name="lastDate" label="Last date (optional)" type="date" state={state} />
          <Field name="count" label="Or stop after this many times (optional)" inputMode="numeric" state={state} />
        </>
      ) : null}
    </>
  );
}

export function BlockForm({ userId, defaultDate }: { userId: number; defaultDate: string }) {
  const [state, action] = useActionState(createBlockAction, idle);
  const [repeat, setRepeat] = useState<Repeat>('weekly');
  // After each submission React resets the form's inputs: a success starts again at "every week", an error keeps
  // the choice it echoes. The radios are re-made (keyed by the round) so what is checked matches the fields shown.
  const [seen, setSeen] = useState(state);
  const [round, setRound] = useState(0);
  if (seen !== state) {
    setSeen(state);
    setRound(round + 1);
    setRepeat(state.status === 'ok' ? 'weekly' : ((state.values?.repeat as Repeat | undefined) ?? 'weekly'));
  }
  const dateLabel = repeat === 'once' ? 'Date' : repeat === 'monthly' ? 'Starting from' : 'First date (sets the weekday)';
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField name="kind" label="Kind" state={state} options={kindOptions} defaultValue="direct_mail" />
        <Field name="title" label="Title (optional)" state={state} placeholder="e.g. Chamber breakfast" />
        <fieldset className="sm:col-span-2" aria-describedby={state.fieldErrors?.repeat ? 'field-repeat-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800">Repeats</legend>
          <div className="mt-1 grid gap-x-4 sm:grid-cols-2" key={round}>
            {repeatOptions.map(([value, label]) => (
              <label key={value} className="flex min-h-11 items-center gap-2">
                <input
                  type="radio"
                  name="repeat"
                  value={value}
                  defaultChecked={repeat === value}
                  onChange={() => setRepeat(value)}
                  className="h-5 w-5"
                />
                {label}
              </label>
            ))}
          </div>
          <FieldError id="field-repeat-error" error={state.fieldErrors?.repeat} />
        </fieldset>
        <Field name="firstDate" label={dateLabel} type="date" state={state} defaultValue={defaultDate} />
        <RepeatFields repeat={repeat} state={state} />
        <TimeField name="start" label="Start" state={state} defaultValue="09:00" />
        <TimeField name="end" label="End" state={state} defaultValue="11:00" />
      </div>
      <SubmitButton>Add protected block</SubmitButton>
    </form>
  );
}

export function EndBlockForm({ blockId, defaultDate }: { blockId: number; defaultDate: string }) {
  const [state, action] = useActionState(endBlockAction, idle);
  return (
    <form action={action} className="grid gap-2 sm:grid-cols-[10rem_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="blockId" value={blockId} />
      <Field name="lastDate" label="Last date" type="date" state={state} defaultValue={defaultDate} idPrefix={`end-${blockId}`} />
      <Field name="reason" label="Why end it? (audited)" state={state} idPrefix={`end-${blockId}`} />
      <SubmitButton>End rule</SubmitButton>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
