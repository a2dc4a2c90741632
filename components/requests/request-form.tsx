'use client';

import { useActionState } from 'react';
import { submitRequestAction } from '@/app/request/[token]/actions';
import { Field, FieldError, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { inputClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';

/** Yes or no, asked as a radio group so "no answer" is visible and refused next to the question. */
function ServerQuestion({ state }: { state: ActionState }) {
  const error = state.fieldErrors?.hasServer;
  const echoed = state.values?.hasServer;
  return (
    <fieldset aria-describedby={error ? 'server-hint field-hasServer-error' : 'server-hint'}>
      <legend className="text-sm font-medium text-slate-800">Do you have a server?</legend>
      <p id="server-hint" className="text-sm text-slate-500">
        A computer that shares files, email or a program with the others.
      </p>
      <div className="mt-2 flex gap-2" key={echoed ?? ''}>
        {(['yes', 'no'] as const).map((v) => (
          <label key={v} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-200 px-4">
            <input type="radio" name="hasServer" value={v} defaultChecked={echoed === v} required className="h-5 w-5" />
            {v === 'yes' ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
      <FieldError id="field-hasServer-error" error={error} />
    </fieldset>
  );
}

export type OfferedDay = { date: string; label: string };

export function RequestForm({
  token,
  days,
  urgencies,
}: {
  token: string;
  days: OfferedDay[];
  urgencies: { value: string; label: string }[];
}) {
  const [state, action] = useActionState(submitRequestAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {/* Never shown to people; a bot that fills it in is ignored. */}
      <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label htmlFor="field-website">Leave this empty</label>
        <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <Field name="name" label="Your name" state={state} autoComplete="name" required />
      <Field name="company" label="Company (optional)" state={state} autoComplete="organization" />
      <Field
        name="email"
        label="Email"
        type="email"
        state={state}
        autoComplete="email"
        hint="An email or a phone number, so we can reach you."
      />
      <Field name="phone" label="Phone" type="tel" state={state} autoComplete="tel" />
      <Field
        name="address"
        label="Address of the site"
        state={state}
        autoComplete="street-address"
        maxLength={300}
        required
        hint="Street, number and town: where we should come."
      />
      <Field
        name="seats"
        label="How many computers do you have?"
        state={state}
        inputMode="numeric"
        autoComplete="off"
        required
        className={`${inputClass} max-w-32`}
        hint="Desktops and laptops, a rough count is fine."
      />
      <ServerQuestion state={state} />
      <ProblemField state={state} />
      <SelectField name="urgency" label="How urgent is it?" state={state} options={urgencies} defaultValue="this_week" />
      <DaysField days={days} state={state} />
      <SubmitButton pendingText="Sending…">Send request</SubmitButton>
    </form>
  );
}

function ProblemField({ state }: { state: ActionState }) {
  return (
    <div className="space-y-1">
      <label htmlFor="field-problem" className="block text-sm font-medium">
        What is wrong?
      </label>
      <textarea
        id="field-problem"
        name="problem"
        rows={4}
        maxLength={2000}
        required
        defaultValue={state.values?.problem}
        aria-invalid={state.fieldErrors?.problem ? true : undefined}
        aria-describedby={state.fieldErrors?.problem ? 'field-problem-error' : undefined}
        className={inputClass}
      />
      <FieldError id="field-problem-error" error={state.fieldErrors?.problem} />
    </div>
  );
}

function DaysField({ days, state }: { days: OfferedDay[]; state: ActionState }) {
  // The days ticked before a refused submission, echoed back as one comma-separated value.
  const picked = state.values?.preferredDates?.split(',') ?? [];
  return (
    <fieldset aria-describedby="days-hint field-preferredDates-error">
      <legend className="text-sm font-medium">Days that suit you (optional)</legend>
      <p id="days-hint" className="text-sm text-slate-600">
        {days.length
          ? 'These days still have room for a visit; we come only on a day you pick.'
          : 'No day in the next two weeks has room right now; send the request and we will call you.'}
      </p>
      <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3" key={picked.join(',')}>
        {days.map((d) => (
          <label key={d.date} className="flex min-h-11 items-center gap-2 rounded-md border border-slate-200 px-3">
            <input type="checkbox" name="preferredDates" value={d.date} defaultChecked={picked.includes(d.date)} className="h-5 w-5" />
            {d.label}
          </label>
        ))}
      </div>
      <FieldError id="field-preferredDates-error" error={state.fieldErrors?.preferredDates} />
    </fieldset>
  );
}
