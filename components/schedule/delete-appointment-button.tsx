'use client';

import { useActionState } from 'react';
import { deleteAppointmentAction } from '@/app/(app)/schedule/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { idle } from '@/lib/action-state';

/**
 * The week grid's one control, in its own module: a client module is shipped
 * whole, so keeping it beside the schedule's forms sent all of them (and the
 * client search field) to every schedule view. Removing cannot be undone, so
 * it asks first.
 */
export function DeleteAppointmentButton({ appointmentId, title }: { appointmentId: number; title: string }) {
  const [state, action] = useActionState(deleteAppointmentAction, idle);
  return (
    <div className="mt-1">
      <ConfirmAction
        action={action}
        state={state}
        trigger="Remove"
        triggerLabel={`Remove appointment ${title}`}
        triggerVariant="link"
        triggerClassName="text-xs text-sky-900"
        title={`Remove the appointment “${title}”?`}
        question="Its time is freed. This cannot be undone: to have it back, add it again."
        confirm="Remove it"
        pendingText="Removing…"
        hidden={{ appointmentId }}
      />
    </div>
  );
}
