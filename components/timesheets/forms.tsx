'use client';

import { useActionState, useState } from 'react';
import { addEntryAction, deleteEntryAction, submitWeekAction, updateEntryAction } from '@/app/(app)/timesheets/actions';
import { ClientField } from '@/components/clients/client-field';
import { Field, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';
import { categoryLabels } from '@/lib/labels';

type Option = { value: string; label: string };
const categories: Option[] = Object.entries(categoryLabels).map(([value, label]) => ({ value, label }));
const none: Option[] = [{ value: '', label: '— none —' }];

export function AddEntryForm({
  userId,
  clients,
  defaultDate,
  defaultStart,
}: {
  userId: number;
  clients: Option[] | null;
  defaultDate: string;
  defaultStart: string;
}) {
  const [state, action] = useActionState(addEntryAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField name="category" label="Kind of time" state={state} options={categories} defaultValue="marketing" />
        <Field name="duration" label="How long" state={state} placeholder="1 or 1.5 or 45m" hint="Hours, or minutes with m." />
        <ClientField label="Client (for client work)" state={state} leading={none} options={clients} />
        <Field name="date" label="Date" type="date" state={state} defaultValue={defaultDate} />
        <Field name="start" label="Started at" type="time" state={state} defaultValue={defaultStart} />
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

export function EntryEditor({ entry, clients }: { entry: Entry; clients: Option[] | null }) {
  const [state, action] = useActionState(updateEntryAction, idle);
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
                defaultValue={entry.category}
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
              <Field name="start" label="Started at" type="time" state={state} defaultValue={entry.start} idPrefix={prefix} />
              <Field name="description" label="What" state={state} defaultValue={entry.description} idPrefix={prefix} />
            </div>
            <SubmitButton>Save entry</SubmitButton>
          </form>
          {entry.fromVisit ? null : (
            <form action={del}>
              <FormMessage state={delState} />
              <input type="hidden" name="entryId" value={entry.id} />
              <SubmitButton variant="link" pendingText="Deleting…" className="text-sm text-red-800">
                Delete entry
              </SubmitButton>
            </form>
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
