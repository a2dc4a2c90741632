'use client';

import { useActionState } from 'react';
import { archiveClientAction } from '@/app/(app)/clients/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

export function ArchiveClientButton({ clientId }: { clientId: number }) {
  const [state, action] = useActionState(archiveClientAction, idle);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <SubmitButton pendingText="Archiving…" className="bg-slate-700 hover:bg-slate-800">
        Archive
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
