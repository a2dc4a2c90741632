'use client';

import { useActionState } from 'react';
import { confirmRequestAction, declineRequestAction } from '@/app/(app)/schedule/actions';
import { ClientField } from '@/components/clients/client-field';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/** A request from the page whose sender matched no client: staff pick the client (or create it), or turn it away. */
export function UnmatchedRequest({ id, clients, suggestedName }: { id: number; clients: { value: string; label: string }[] | null; suggestedName: string }) {
  const [confirmed, confirm] = useActionState(confirmRequestAction, idle);
  const [declined, decline] = useActionState(declineRequestAction, idle);
  return (
    <div className="mt-2 space-y-2">
      <FormMessage state={confirmed} />
      <FormMessage state={declined} />
      <form action={confirm} className="space-y-2">
        <input type="hidden" name="requestId" value={id} />
        <ClientField idPrefix={`request-${id}`} label="Client" state={confirmed} leading={[{ value: 'new', label: `New client: ${suggestedName}` }]} options={clients} defaultValue="new" />
        <SubmitButton>Confirm client</SubmitButton>
      </form>
      <form action={decline}>
        <input type="hidden" name="requestId" value={id} />
        <SubmitButton className="!bg-white !text-red-800 ring-1 ring-red-300 hover:!bg-red-50">Turn away</SubmitButton>
      </form>
    </div>
  );
}
