'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { addEntryAction, deleteEntryAction, submitWeekAction, updateEntryAction } from '@/app/(app)/timesheets/actions';
import { ClientField } from '@/components/clients/client-field';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';
import type { ActionState } from '@/lib/action-state';
import { DURATION_HINT } from '@/lib/time/duration';
import { TimeField } from '@/components/ui/time-field';

type Option = { value: string; label: string };
// Which kind of client work it is (micro … large) is the client's tier, filed by the server.
const categories: Option[] = [
  { value: 'client', label: 'Client work' },
  { value: 'marketing', label: 'Marketing' },
  { value: 'admin', label: 'Admin' },
];
const KIND_HINT = 'Client work is filed under the client’s tier.';
const none: Option[] = [{ value: '', label: '— none —' }];

/** Asked for a date before last week: ticking this and logging again confirms it (lib/time/date-rules.ts). */
function ConfirmDate({ state, idPrefix = 'field' }: { state: ActionState; idPrefix?: string }) {
  const date = state.data?.confirmDate;
  if (!date) return null;
  return (
    <label htmlFor={`${idPrefix}-confirmDate`} className="flex min-h-11 items-center gap-2 font-medium sm:col-span-3">
      <input id={`${idPrefix}-confirmDate`} type="checkbox" name="confirmDate" value={date} className="size-5" />
      Yes, {state.data?.confirmLabel ?? date}
    </label>
  );
}

/** After time is logged in another week than the one shown, shows that week (the entry is there, not here). */
function useShowWeekOf(state: ActionState, userId: number, shownMonday: string) {
  const router = useRouter();
  const week = state.status === 'ok' ? state.data?.week : undefined;
  useEffect(() => {
    if (week && week !== shownMonday) router.push(`/timesheets?week=${week}&who=${userId}`);
    // Only a new answer moves the page: going back to the week shown before is left alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
}

export function AddEntryForm({
  userId,
  clients,
  defaultDate,
  defaultStart,
  shownMonday,
}: {
  userId: number;
  clients: Option[] | null;
  defaultDate: string;
  defaultStart: string;
  shownMonday: string;
}) {
  const [state, action] = useActionState(addEntryAction, idle);
  useShowWeekOf(state, userId, shownMonday);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField name="category" label="Kind of time" state={state} options={categories} defaultValue="marketing" hint={KIND_HINT} />
        <Field name="duration" label="How long" state={state} placeholder="1.5 or 1:30 or 45m" hint={DURATION_HINT} />
        <ClientField label="Client (for client work)" state={state} leading={none} options={clients} />
        <Field name="date" label="Date" type="date" state={state} defaultValue={defaultDate} />
        <ConfirmDate state={state} />
        <TimeField name="start" label="Started at" state={state} defaultValue={defaultStart} />
        <Field name="description" label="What" state={state} placeholder="Follow-up calls" />
      </div>
      <SubmitButton>Log time</SubmitButton>
    </form>
  );
}

type Entry = {
  id: number;
  date: string;
  start: string;
  duration: string;
  category: string;
  clientId: string;
  clientName: string;
  description: string;
  fromVisit: boolean;
};

export function EntryEditor({
  entry,
  clients,
  shownMonday,
  userId,
}: {
  entry: Entry;
  clients: Option[] | null;
  shownMonday: string;
  userId: number;
}) {
  const [state, action] = useActionState(updateEntryAction, idle);
  useShowWeekOf(state, userId, shownMonday);
  const [delState, del] = useActionState(deleteEntryAction, idle);
  const [open, setOpen] = useState(false);
  const prefix = `entry-${entry.id}`;
  return (
    <div>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="min-h-11 text-sm font-medium text-brand-800 underline underline-offset-2"
      >
        {open ? 'Close' : 'Edit'}
      </button>
      {open ? (
        <div className="mt-2 space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
          <form action={action} className="space-y-3" noValidate>
            <FormMessage state={state} />
            <input type="hidden" name="entryId" value={entry.id} />
            <div className="grid gap-3 sm:grid-cols-3">
              <SelectField
                name="category"
                label="Kind of time"
                state={state}
                options={categories}
                defaultValue={entry.category === 'marketing' || entry.category === 'admin' ? entry.category : 'client'}
                hint={KIND_HINT}
                idPrefix={prefix}
              />
              <Field name="duration" label="How long" state={state} defaultValue={entry.duration} idPrefix={prefix} />
              <ClientField
                label="Client"
                state={state}
                leading={none}
                options={clients}
                defaultValue={entry.clientId}
                defaultLabel={entry.clientName}
                idPrefix={prefix}
              />
              <Field name="date" label="Date" type="date" state={state} defaultValue={entry.date} idPrefix={prefix} />
              <ConfirmDate state={state} idPrefix={prefix} />
              <TimeField name="start" label="Started at" state={state} defaultValue={entry.start} idPrefix={prefix} />
              <Field name="description" label="What" state={state} defaultValue={entry.description} idPrefix={prefix} />
            </div>
            <SubmitButton>Save entry</SubmitButton>
          </form>
          {entry.fromVisit ? null : (
            // Asked first: a deleted entry does not come back, and it may be the only record of billable work.
            <div className="mt-2">
              <ConfirmAction
                action={del}
                state={delState}
                trigger="Delete entry"
                triggerVariant="link"
                triggerClassName="text-sm text-red-800"
                title="Delete this time entry?"
                question="It leaves this timesheet, its totals and the dashboard. This cannot be undone."
                confirm="Delete the entry"
                pendingText="Deleting…"
                hidden={{ entryId: entry.id }}
              />
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}

export function SubmitWeekForm({ userId, week }: { userId: number; week: string }) {
  const [state, action] = useActionState(submitWeekAction, idle);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="week" value={week} />
      <SubmitButton>Submit this week</SubmitButton>
    </form>
  );
}
