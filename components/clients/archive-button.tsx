'use client';

import { useActionState } from 'react';
import { archiveClientAction, restoreClientAction } from '@/app/(app)/clients/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/**
 * Archive, or Restore once archived. Archiving keeps everything and can be
 * undone, so it asks nothing: the page offers Restore in its place at once.
 */
export function ArchiveClientButton({ clientId, archived }: { clientId: number; archived: boolean }) {
  const [archiveState, archive] = useActionState(archiveClientAction, idle);
  const [restoreState, restore] = useActionState(restoreClientAction, idle);
  return (
    <form action={archived ? restore : archive} className="flex flex-col items-start gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      {archived ? (
        <SubmitButton variant="secondary" pendingText="Restoring…" className="px-3 text-sm">
          Restore
        </SubmitButton>
      ) : (
        <SubmitButton variant="danger-outline" pendingText="Archiving…" className="px-3 text-sm">
          Archive
        </SubmitButton>
      )}
      <FormMessage state={archived ? archiveState : restoreState} />
    </form>
  );
}

/** Restore on a row of the client list (shown for archived clients). */
export function RestoreClientButton({ clientId, name }: { clientId: number; name: string }) {
  const [state, action] = useActionState(restoreClientAction, idle);
  return (
    <form action={action} className="ml-2 inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <SubmitButton variant="link" pendingText="Restoring…" className="text-xs text-brand-800" aria-label={`Restore ${name}`}>
        Restore
      </SubmitButton>
      {state.status === 'error' ? (
        <span role="alert" className="text-xs font-medium text-red-800">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
