'use client';

import { useActionState } from 'react';
import { archiveClientAction } from '@/app/(app)/clients/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { dangerOutlineButtonClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';

export function ArchiveClientButton({ clientId }: { clientId: number }) {
  const [state, action] = useActionState(archiveClientAction, idle);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <SubmitButton pendingText="Archiving…" className={dangerOutlineButtonClass}>
        Archive
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
