'use client';

import { useActionState } from 'react';
import { cancelVisitAction, restoreVisitAction } from '@/app/(app)/schedule/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/** Cancelling asks why (the reason is audited); a cancelled visit can be restored, so the dialog says so. */
export function CancelVisitForm({ visitId, clientName }: { visitId: number; clientName: string }) {
  const [state, action] = useActionState(cancelVisitAction, idle);
  return (
    <div className="space-y-2">
      <ConfirmAction
        action={action}
        state={state}
        trigger="Cancel this visit"
        title={`Cancel the visit to ${clientName}?`}
        question="Its time is freed for other work. You can restore it afterwards while its old time is still free."
        confirm="Cancel the visit"
        pendingText="Cancelling…"
        hidden={{ visitId }}
      >
        <Field name="reason" label="Why? (kept in the audit log)" state={state} idPrefix="cancel" required />
      </ConfirmAction>
    </div>
  );
}

export function RestoreVisitForm({ visitId }: { visitId: number }) {
  const [state, action] = useActionState(restoreVisitAction, idle);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="visitId" value={visitId} />
      <SubmitButton variant="secondary" pendingText="Restoring…">
        Restore this visit
      </SubmitButton>
    </form>
  );
}
