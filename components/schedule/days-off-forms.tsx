'use client';

import { useActionState } from 'react';
import { addHolidayAction, addTimeOffAction, removeHolidayAction, removeTimeOffAction } from '@/app/(app)/schedule/marketing/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { idle } from '@/lib/action-state';

/** The owner's form for a firm holiday: a date and a name. */
export function HolidayForm({ defaultDate }: { defaultDate: string }) {
  const [state, action] = useActionState(addHolidayAction, idle);
  return (
    <form action={action} className="space-y-2" noValidate aria-label="Add a firm holiday">
      <FormMessage state={state} />
      <div className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
        <Field name="date" label="Holiday date" type="date" state={state} defaultValue={defaultDate} idPrefix="holiday" />
        <Field name="name" label="Holiday name" state={state} placeholder="e.g. Christmas Day" idPrefix="holiday" />
        <SubmitButton pendingText="Adding…">Add holiday</SubmitButton>
      </div>
    </form>
  );
}

/** Time off for the person whose page this is: a range of days and an optional note. */
export function TimeOffForm({ userId, defaultDate }: { userId: number; defaultDate: string }) {
  const [state, action] = useActionState(addTimeOffAction, idle);
  return (
    <form action={action} className="space-y-2" noValidate aria-label="Record time off">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <div className="grid gap-2 sm:grid-cols-2">
        <Field name="firstDate" label="First day off" type="date" state={state} defaultValue={defaultDate} idPrefix="off" />
        <Field name="lastDate" label="Last day off" type="date" state={state} defaultValue={defaultDate} idPrefix="off" />
        <div className="sm:col-span-2">
          <Field name="note" label="Note (optional)" state={state} idPrefix="off" />
        </div>
      </div>
      <SubmitButton pendingText="Recording…">Record time off</SubmitButton>
    </form>
  );
}

/** Removing a holiday lets blocks and bookings back onto that day: asked once, in a dialog naming it. */
export function RemoveHolidayButton({ holidayId, label }: { holidayId: number; label: string }) {
  const [state, action] = useActionState(removeHolidayAction, idle);
  return (
    <ConfirmAction
      action={action}
      state={state}
      trigger="Remove"
      triggerLabel={`Remove the holiday ${label}`}
      triggerVariant="link"
      triggerClassName="text-sm text-brand-800"
      title={`Remove the holiday ${label}?`}
      question="Its day becomes a working day again: marketing blocks happen on it and visits can be booked on it."
      confirm="Remove the holiday"
      pendingText="Removing…"
      hidden={{ holidayId }}
    />
  );
}

/** Removing time off makes the person bookable on those days again: asked once, in a dialog naming the days. */
export function RemoveTimeOffButton({ timeOffId, label }: { timeOffId: number; label: string }) {
  const [state, action] = useActionState(removeTimeOffAction, idle);
  return (
    <ConfirmAction
      action={action}
      state={state}
      trigger="Remove"
      triggerLabel={`Remove the time off ${label}`}
      triggerVariant="link"
      triggerClassName="text-sm text-brand-800"
      title={`Remove the time off ${label}?`}
      question="Those days become working days again: marketing blocks happen on them and visits can be booked on them."
      confirm="Remove the time off"
      pendingText="Removing…"
      hidden={{ timeOffId }}
    />
  );
}
