'use client';

import { useActionState, useEffect, useRef } from 'react';
import { moveOccurrenceAction, skipOccurrenceAction, unskipOccurrenceAction } from '@/app/(app)/schedule/actions';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle, type ActionState } from '@/lib/action-state';
import { TimeField } from '@/components/ui/time-field';

type Props = { blockId: number; date: string; label: string; start: string; end: string; skipped: boolean };

/** Skip and un-skip share one state, so the answer to either is the one shown (the form is named by its `intent`). */
async function skipOrUnskip(prev: ActionState, formData: FormData): Promise<ActionState> {
  const unskip = formData.get('intent') === 'unskip';
  formData.delete('intent'); // the actions' schemas are strict
  return unskip ? unskipOccurrenceAction(prev, formData) : skipOccurrenceAction(prev, formData);
}

/**
 * One occurrence's controls: skip (with a reason) or move it, or un-skip it. A skip swaps the skip form for the
 * Un-skip button and back, so their confirmation lives here, above both, where it survives the swap; focus moves to it
 * because the button that was pressed is gone. `date` is the rule's date (a form value); `label` names the occurrence
 * as people read it ("Mon Dec 7, 08:00").
 */
export function OccurrenceControls({ blockId, date, label, start, end, skipped }: Props) {
  const [state, act] = useActionState(skipOrUnskip, idle);
  const [moveState, move] = useActionState(moveOccurrenceAction, idle);
  const message = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === 'ok') message.current?.focus();
  }, [state]);
  const prefix = `move-${blockId}-${date}`;
  return (
    <>
      <div ref={message} tabIndex={-1} className="mt-1 outline-none">
        <FormMessage state={state} />
      </div>
      {skipped ? (
        <form action={act} className="mt-1">
          <input type="hidden" name="intent" value="unskip" />
          <input type="hidden" name="blockId" value={blockId} />
          <input type="hidden" name="date" value={date} />
          <SubmitButton variant="link" pendingText="Restoring…" className="text-sm text-brand-800" aria-label={`Un-skip ${label}`}>
            Un-skip
          </SubmitButton>
        </form>
      ) : (
        <details className="mt-1">
          <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-800">Skip or move this one…</summary>
          <div className="grid gap-4 py-2 sm:grid-cols-2">
            <form action={act} className="space-y-2" noValidate aria-label={`Skip ${label}`}>
              <input type="hidden" name="intent" value="skip" />
              <input type="hidden" name="blockId" value={blockId} />
              <input type="hidden" name="date" value={date} />
              <Field name="reason" label="Why skip it? (audited)" state={state} idPrefix={`skip-${blockId}-${date}`} />
              <SubmitButton>Skip this occurrence</SubmitButton>
            </form>
            <form action={move} className="space-y-2" noValidate aria-label={`Move ${label}`}>
              <FormMessage state={moveState} />
              <input type="hidden" name="blockId" value={blockId} />
              <input type="hidden" name="date" value={date} />
              <Field name="toDate" label="New date" type="date" state={moveState} defaultValue={date} idPrefix={prefix} />
              <div className="grid grid-cols-2 gap-2">
                <TimeField name="start" label="New start" state={moveState} defaultValue={start} idPrefix={prefix} />
                <TimeField name="end" label="New end" state={moveState} defaultValue={end} idPrefix={prefix} />
              </div>
              <Field name="reason" label="Why move it? (audited)" state={moveState} idPrefix={prefix} />
              <SubmitButton>Move this occurrence</SubmitButton>
            </form>
          </div>
        </details>
      )}
    </>
  );
}
