'use client';

import { useActionState } from 'react';
import { stopVisitSeriesAction } from '@/app/(app)/clients/[id]/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { FormMessage } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/**
 * Stops a recurring visit, after asking: its open requests not yet booked are cancelled; booked visits stay.
 * Stays mounted once the series has stopped (showing only the outcome), so the message is seen.
 */
export function StopSeriesButton({ seriesId, text, ended }: { seriesId: number; text: string; ended: boolean }) {
  const [state, action] = useActionState(stopVisitSeriesAction, idle);
  if (ended) return <FormMessage state={state} />;
  return (
    <ConfirmAction
      action={action}
      state={state}
      trigger="Stop repeating"
      triggerLabel={`Stop repeating: ${text}`}
      title="Stop this recurring visit?"
      question={`No more requests are made for “${text}”. Its open requests that are not booked yet are cancelled; booked visits stay as they are.`}
      confirm="Stop it"
      pendingText="Stopping…"
      hidden={{ seriesId }}
    />
  );
}
