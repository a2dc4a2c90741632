'use client';

import { useActionState } from 'react';
import { confirmRequestAction, declineRequestAction } from '@/app/(app)/schedule/actions';
import { ClientField } from '@/components/clients/client-field';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

type Suggestion = { clientId: number; name: string; by: 'email' | 'company' };

/**
 * A request from the page, waiting for staff: they pick the client (or create
 * it), or turn it away. Nobody has verified the sender, so even a request that
 * names a client only suggests it — preselected, so confirming is one click
 * once staff are satisfied it is them.
 */
export function UnmatchedRequest({
  id,
  clients,
  suggestedName,
  suggestion,
}: {
  id: number;
  clients: { value: string; label: string }[] | null;
  suggestedName: string;
  suggestion: Suggestion | null;
}) {
  const [confirmed, confirm] = useActionState(confirmRequestAction, idle);
  const [declined, decline] = useActionState(declineRequestAction, idle);
  return (
    <div className="mt-2 space-y-2">
      {suggestion ? (
        <p className="rounded-md bg-amber-50 px-2 py-1 text-amber-900">
          <span data-testid="request-match">
            Matches <strong>{suggestion.name}</strong> by {suggestion.by === 'email' ? 'email' : 'company name'}
          </span>
          . The sender is not verified: check it is them before confirming.
        </p>
      ) : null}
      <FormMessage state={confirmed} />
      <FormMessage state={declined} />
      <form action={confirm} className="space-y-2">
        <input type="hidden" name="requestId" value={id} />
        <ClientField
          idPrefix={`request-${id}`}
          label="Client"
          state={confirmed}
          leading={[{ value: 'new', label: `New client: ${suggestedName}` }]}
          options={clients}
          defaultValue={suggestion ? String(suggestion.clientId) : 'new'}
          defaultLabel={suggestion?.name}
        />
        <SubmitButton>Confirm client</SubmitButton>
      </form>
      <form action={decline}>
        <input type="hidden" name="requestId" value={id} />
        <SubmitButton className="!bg-white !text-red-800 ring-1 ring-red-300 hover:!bg-red-50">Turn away</SubmitButton>
      </form>
    </div>
  );
}
