'use client';

import { useActionState } from 'react';
import { deleteAppointmentAction } from '@/app/(app)/schedule/actions';
import { idle } from '@/lib/action-state';

/**
 * The week grid's one control, in its own module: a client module is shipped
 * whole, so keeping it beside the schedule's forms sent all of them (and the
 * client search field) to every schedule view.
 */
export function DeleteAppointmentButton({ appointmentId, title }: { appointmentId: number; title: string }) {
  const [state, action] = useActionState(deleteAppointmentAction, idle);
  return (
    <form action={action} className="mt-1">
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <button
        type="submit"
        className="min-h-11 text-xs font-medium text-sky-900 underline underline-offset-2"
        aria-label={`Remove appointment ${title}`}
      >
        Remove
      </button>
      {state.status === 'error' ? (
        <p role="alert" className="text-xs font-medium text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
