'use client';

import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import type { ActionState } from '@/lib/action-state';
import { FormMessage, SubmitButton, type SubmitVariant } from './form';

const triggerVariants = {
  danger: 'inline-flex min-h-11 items-center justify-center rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800',
  'danger-outline':
    'inline-flex min-h-11 items-center justify-center rounded-md border border-red-300 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50',
  secondary:
    'inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-50',
  link: 'inline-flex min-h-11 items-center font-medium underline underline-offset-2',
} as const;

/** The dialog's ref: it closes on success, and before it leaves the page (a success often removes its button). */
function useClosingDialog(state: ActionState) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.status === 'ok') dialog.current?.close();
  }, [state]);
  // Removed while open as a modal, it could leave the page inert (a deactivated member's row shows Reactivate instead).
  useLayoutEffect(() => {
    const open = dialog.current;
    return () => open?.close();
  }, []);
  return dialog;
}

/**
 * A button that asks once before an action that cannot be undone: it opens a
 * modal <dialog> (the browser keeps focus inside it, Escape closes it, and
 * screen readers hear its title and question), whose form runs `action`.
 * Extra fields (a required reason) go in `children`. The dialog stays open
 * with the error on a refusal and closes on success; the success message
 * appears beside the button.
 */
export function ConfirmAction({
  action,
  state,
  trigger,
  triggerLabel,
  triggerVariant = 'danger-outline',
  triggerClassName = '',
  title,
  question,
  confirm,
  confirmVariant = 'danger',
  pendingText,
  hidden,
  okMessage = true,
  children,
}: {
  action: (formData: FormData) => void;
  state: ActionState;
  trigger: React.ReactNode;
  /** The trigger's accessible name when its text alone is ambiguous on the page; it must contain the visible text. */
  triggerLabel?: string;
  triggerVariant?: keyof typeof triggerVariants;
  triggerClassName?: string;
  title: string;
  question: React.ReactNode;
  confirm: string;
  confirmVariant?: SubmitVariant;
  pendingText?: string;
  hidden: Record<string, string | number>;
  /** False when the caller shows the success message elsewhere. */
  okMessage?: boolean;
  children?: React.ReactNode;
}) {
  const dialog = useClosingDialog(state);
  const id = useId();
  const [titleId, questionId] = [`${id}-title`, `${id}-question`];
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-label={triggerLabel}
        onClick={() => dialog.current?.showModal()}
        className={`${triggerVariants[triggerVariant]} ${triggerClassName}`}
      >
        {trigger}
      </button>
      {okMessage && state.status === 'ok' && state.message ? <FormMessage state={state} /> : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={questionId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <form action={action} className="space-y-4 p-5" noValidate>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div id={questionId} className="text-slate-700">
            {question}
          </div>
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          {state.status === 'error' ? <FormMessage state={state} /> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className={triggerVariants.secondary}>
              Keep it
            </button>
            <SubmitButton variant={confirmVariant} pendingText={pendingText}>
              {confirm}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
