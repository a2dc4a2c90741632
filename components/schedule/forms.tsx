'use client';

import { useActionState, useState } from 'react';
import {
  acceptPreviewAction,
  cancelPreviewAction,
  createAppointmentAction,
  createRequestAction,
  discardPreviewAction,
  placeVisitAction,
  previewAutoScheduleAction,
  saveMarketingAllotmentAction,
  saveMicroCapAction,
  saveWorkingHoursAction,
} from '@/app/(app)/schedule/actions';
import { ClientField } from '@/components/clients/client-field';
import { Link } from '@/components/ui/link';
import { Field, FieldError, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';
import { JobProgress } from '@/components/jobs/job-progress';
import { useJob } from '@/components/jobs/use-job';
import type { Preview } from '@/lib/planning/auto-plan';
import { REPEAT_LABELS, visitRepeats, weekdayLabels } from '@/lib/labels';
import { cardClass } from '@/components/ui/styles';
import { TimeField } from '@/components/ui/time-field';
import type { HourClock } from '@/lib/time/clock';

type Option = { value: string; label: string };

export function WorkingHoursForm({ userId, days, hours }: { userId: number; days: string[]; hours: HourClock }) {
  const [state, action] = useActionState(saveWorkingHoursAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <p className="text-sm text-slate-600">
        Intervals separated by commas, such as {hours === '12h' ? '8:00 AM-12:00 PM, 1:00 PM-5:00 PM' : '08:00-12:00, 13:00-17:00'}. Leave a
        day empty when not working.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {weekdayLabels.map((label, i) => (
          <Field
            key={label}
            name={`day${i + 1}`}
            label={label}
            state={state}
            defaultValue={days[i]}
            // Not an example that looks like hours already set: an empty day reads as what it means.
            placeholder="Not working"
          />
        ))}
      </div>
      <SubmitButton>Save working hours</SubmitButton>
    </form>
  );
}

/** One person's weekly number of hours (a cap, an allotment): a labelled field, its message, and a save button. */
function PersonHoursForm(props: {
  save: typeof saveMicroCapAction;
  userId: number;
  name: string;
  label: string;
  value: string;
  hint: string;
  submit: string;
}) {
  const [state, action] = useActionState(props.save, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={props.userId} />
      <Field name={props.name} label={props.label} state={state} defaultValue={props.value} inputMode="decimal" hint={props.hint} />
      <SubmitButton>{props.submit}</SubmitButton>
    </form>
  );
}

export function MicroCapForm({ userId, capHours }: { userId: number; capHours: string }) {
  return (
    <PersonHoursForm
      save={saveMicroCapAction}
      userId={userId}
      name="capHours"
      label="Weekly cap on micro-client visits (hours)"
      value={capHours}
      hint="Leave empty for no cap. The scheduler and manual booking both respect it."
      submit="Save cap"
    />
  );
}

export function MarketingAllotmentForm({ userId, hours, firmTarget }: { userId: number; hours: string; firmTarget: string }) {
  return (
    <PersonHoursForm
      save={saveMarketingAllotmentAction}
      userId={userId}
      name="allotmentHours"
      label="Weekly marketing allotment (hours)"
      value={hours}
      hint={`From 0 to 40. Leave empty for the firm’s target (${firmTarget}). What is owed, the booking rule and the time kept for marketing all use it.`}
      submit="Save allotment"
    />
  );
}

export function AppointmentForm({
  people,
  userId,
  clients,
  defaultDate,
}: {
  people: Option[];
  userId: number;
  clients: Option[] | null;
  defaultDate: string;
}) {
  const [state, action] = useActionState(createAppointmentAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        {people.length > 1 ? (
          <SelectField name="userId" label="Consultant" state={state} options={people} defaultValue={String(userId)} />
        ) : (
          <input type="hidden" name="userId" value={userId} />
        )}
        <ClientField label="Client (optional)" state={state} leading={[{ value: '', label: '— none —' }]} options={clients} />
        <Field name="title" label="Title" state={state} placeholder="Server maintenance" />
        <Field name="date" label="Date" type="date" state={state} defaultValue={defaultDate} />
        <TimeField name="start" label="Start" state={state} defaultValue="13:00" />
        <TimeField name="end" label="End" state={state} defaultValue="15:00" />
      </div>
      <Field name="notes" label="Notes" state={state} />
      <SubmitButton>Add appointment</SubmitButton>
    </form>
  );
}

export function RequestForm({
  clients,
  people,
  defaultFrom,
  defaultTo,
}: {
  clients: Option[] | null;
  people: Option[];
  defaultFrom: string;
  defaultTo: string;
}) {
  const [state, action] = useActionState(createRequestAction, idle);
  const [allowed, setAllowed] = useState<string[]>(state.values?.allowed ? state.values.allowed.split(',') : []);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        <ClientField label="Client" state={state} leading={[{ value: '', label: 'Choose a client…' }]} options={clients} />
        <Field name="durationMinutes" label="Duration (minutes)" inputMode="numeric" state={state} defaultValue="60" />
        <SelectField
          name="priority"
          label="Priority"
          state={state}
          defaultValue="3"
          options={[5, 4, 3, 2, 1].map((p) => ({
            value: String(p),
            label: `${p}${p === 5 ? ' (most urgent)' : p === 1 ? ' (whenever)' : ''}`,
          }))}
        />
        <Field
          name="travelMinutes"
          label="Travel each way (minutes)"
          inputMode="numeric"
          state={state}
          hint="Empty: the client’s usual travel time."
        />
        <Field name="earliestDate" label="Earliest date" type="date" state={state} defaultValue={defaultFrom} />
        <Field name="latestDate" label="Latest date" type="date" state={state} defaultValue={defaultTo} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Allowed consultants (none ticked = anyone)</legend>
        <input type="hidden" name="allowed" value={allowed.join(',')} />
        <div className="mt-1 flex flex-wrap gap-4">
          {people.map((p) => (
            <label key={p.value} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={allowed.includes(p.value)}
                onChange={(e) => setAllowed((list) => (e.target.checked ? [...list, p.value] : list.filter((x) => x !== p.value)))}
              />
              {p.label}
            </label>
          ))}
        </div>
        <FieldError id="field-allowed-error" error={state.fieldErrors?.allowed} />
      </fieldset>
      <Field name="notes" label="Notes (what is wrong)" state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          name="repeat"
          label="Repeats"
          state={state}
          defaultValue="none"
          options={visitRepeats.map((r) => ({ value: r, label: REPEAT_LABELS[r] }))}
          hint="Monthly: on the same weekday of the month as the earliest date (its 1st Tuesday, say). Each time gets a window as long as this one."
        />
        <Field
          name="repeatUntil"
          label="Repeats until (optional)"
          type="date"
          state={state}
          hint="Empty: until you stop it on the client’s page."
        />
      </div>
      <SubmitButton>Add request</SubmitButton>
    </form>
  );
}

export function PlaceVisitForm({
  visitId,
  people,
  userId,
  date,
  start,
  duration,
}: {
  visitId: number;
  people: Option[];
  userId: string;
  date: string;
  start: string;
  /** The visit's length in minutes: changed here as its bottom edge changes it on the grid, by the same rules. */
  duration: number;
}) {
  const [state, action] = useActionState(placeVisitAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="visitId" value={visitId} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField name="userId" label="Consultant" state={state} options={people} defaultValue={userId} />
        <Field name="date" label="Date" type="date" state={state} defaultValue={date} />
        <TimeField name="start" label="Start" state={state} defaultValue={start} />
        <Field name="durationMinutes" label="Duration (minutes)" inputMode="numeric" state={state} defaultValue={String(duration)} />
      </div>
      {/* Offered once a booking was refused for the marketing budget: owners and staff may book it anyway, with a reason. */}
      {state.fieldErrors?.overrideReason !== undefined || state.values?.overrideReason !== undefined ? (
        <Field
          name="overrideReason"
          label="Reason to book it anyway (kept in the audit log)"
          // The refusal with its cost is the form's message; next to the field only what the field lacks.
          state={{
            ...state,
            fieldErrors: state.values?.overrideReason === '' ? { overrideReason: 'Give the reason to book it anyway.' } : undefined,
          }}
          hint="Leave the form as it is to keep the marketing hours; a reason books the visit over them."
        />
      ) : null}
      <SubmitButton pendingText="Checking…">Book at this time</SubmitButton>
    </form>
  );
}

export function AutoScheduleForm({ initialJobId }: { initialJobId: string | null }) {
  const [state, action] = useActionState(previewAutoScheduleAction, idle);
  // The run this form started, or the firm's latest one when the page was opened.
  const jobId = state.data?.jobId ?? initialJobId;
  const { job, gone } = useJob<Preview>(jobId);
  const weeks = job?.params.weeks;
  return (
    <div className="space-y-6">
      <form action={action} className="flex flex-wrap items-end gap-4" noValidate>
        <div className="w-40">
          <Field name="weeks" label="Weeks ahead" inputMode="numeric" state={state} defaultValue="2" />
        </div>
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="replan" className="h-5 w-5" /> Also re-plan visits already scheduled
        </label>
        <SubmitButton pendingText="Starting…">Preview</SubmitButton>
        <div className="w-full">
          <FormMessage state={state} />
        </div>
      </form>
      {jobId && !gone && (!job || job.status === 'queued' || job.status === 'running') ? (
        <JobProgress job={job} label={`Scheduling${weeks ? ` ${weeks} week${weeks === 1 ? '' : 's'} ahead` : ''}`}>
          <CancelPreview jobId={jobId} />
        </JobProgress>
      ) : null}
      {job?.status === 'cancelled' ? (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium">
          Preview cancelled by {job.cancelledBy}; nothing was booked.
        </p>
      ) : null}
      {gone ? <p className="text-sm text-slate-600">That preview is no longer available; preview again.</p> : null}
      {job?.status === 'failed' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {job.error}
        </p>
      ) : null}
      {job?.status === 'done' && job.result ? <PreviewPanel key={job.id} jobId={job.id} preview={job.result} /> : null}
    </div>
  );
}

/** Stops the running preview (its worker is terminated); the page then says it was cancelled. */
function CancelPreview({ jobId }: { jobId: string }) {
  const [state, action] = useActionState(cancelPreviewAction, idle);
  return (
    <form action={action}>
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton variant="secondary" pendingText="Cancelling…">
        Cancel preview
      </SubmitButton>
      {state.status === 'error' ? <FormMessage state={state} /> : null}
    </form>
  );
}

/** Free time the preview kept for owed marketing: protected before the scheduler ran, so nothing was placed there. */
function KeptForMarketing({ lines }: { lines: string[] }) {
  if (!lines.length) return null;
  return (
    <div>
      <h3 className="font-semibold">Kept free for owed marketing</h3>
      <ul className="text-sm" aria-label="Time kept free for marketing" data-testid="kept-for-marketing">
        {lines.map((line) => (
          <li key={line} className="py-1">
            {line}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PreviewPanel({ jobId, preview }: { jobId: string; preview: Preview }) {
  const [state, action] = useActionState(acceptPreviewAction, idle);
  const [discardState, discard] = useActionState(discardPreviewAction, idle);
  if (discardState.status === 'ok') return <p role="status">{discardState.message}</p>;
  const done = state.status !== 'idle';
  return (
    <section aria-labelledby="preview-title" className={`${cardClass} space-y-4 p-4`} data-testid="preview">
      <h2 id="preview-title" className="text-lg font-semibold">
        Preview: {preview.proposals.length} to book, {preview.unplaced.length} left open ({preview.span})
      </h2>
      <p className="text-sm font-medium text-slate-700" data-testid="preview-quality">
        {preview.quality.line}
      </p>
      {preview.proposals.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Proposed visits">
          {preview.proposals.map((p) => (
            <li key={p.visitId} className="py-2 text-sm" data-testid="proposal">
              <strong>{p.clientName}</strong> — {p.personName}, {p.when}
              {p.moved ? ' (moved)' : ''}
              {p.cost ? <span className="block text-slate-600">Cost: {p.cost}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <KeptForMarketing lines={preview.keptForMarketing ?? []} />
      {preview.unplaced.length ? (
        <div>
          <h3 className="font-semibold">Could not place</h3>
          <ul className="divide-y divide-slate-100" aria-label="Unplaced requests">
            {preview.unplaced.map((u) => (
              <li key={u.visitId} className="py-2 text-sm" data-testid="unplaced">
                <strong>{u.clientName}</strong>: {u.reason}
                {u.noHours?.map((p) => (
                  <Link
                    key={p.id}
                    href={`/schedule/hours?who=${p.id}`}
                    className="mt-1 block w-fit font-medium text-brand-800 underline underline-offset-2"
                  >
                    Set {p.name}’s working hours
                  </Link>
                ))}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <FormMessage state={state} />
      <FormMessage state={discardState} />
      {!done && preview.proposals.length ? (
        <div className="flex flex-wrap gap-3">
          <form action={action}>
            <input
              type="hidden"
              name="proposals"
              value={JSON.stringify(preview.proposals.map(({ visitId, userId, startsAt, was }) => ({ visitId, userId, startsAt, was })))}
            />
            <input type="hidden" name="jobId" value={jobId} />
            <SubmitButton pendingText="Booking…">Accept and book</SubmitButton>
          </form>
          <form action={discard}>
            <input type="hidden" name="jobId" value={jobId} />
            <SubmitButton variant="secondary" pendingText="Discarding…">
              Discard
            </SubmitButton>
          </form>
        </div>
      ) : null}
    </section>
  );
}
