'use client';

import { useActionState } from 'react';
import { deleteAppointmentAction, restoreAppointmentAction } from '@/app/(app)/schedule/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/**
 * The week grid's one control, in its own module: a client module is shipped
 * whole, so keeping it beside the schedule's forms sent all of them (and the
 * client search field) to every schedule view. Removing asks first, and the
 * week it lands on offers Undo.
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
        question="Its time is freed. You can undo this from the week right after, while its time is still free."
        confirm="Remove it"
        pendingText="Removing…"
        hidden={{ appointmentId }}
      />
    </div>
  );
}

/** Takes a removal back: the appointment returns exactly as it was (refused, with the reason, if its time was taken since). */
export function UndoRemoveAppointment({ appointmentId, title }: { appointmentId: number; title: string }) {
  const [state, action] = useActionState(restoreAppointmentAction, idle);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <SubmitButton variant="link" pendingText="Undoing…" className="font-semibold underline" aria-label={`Undo removing ${title}`}>
        Undo
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
