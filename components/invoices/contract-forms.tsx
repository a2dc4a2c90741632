'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import {
  cancelPrepareMonthAction,
  createContractAction,
  endContractAction,
  prepareMonthAction,
} from '@/app/(app)/invoices/contract-actions';
import { JobProgress } from '@/components/jobs/job-progress';
import { useJob } from '@/components/jobs/use-job';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { cardClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';
import type { ContractDraft } from '@/lib/invoices/contract-proposal';
import type { JobView } from '@/lib/jobs/view';
import { monthName, type PrepareJobResult } from '@/lib/invoices/prepare';
import { minutesToHoursInput } from '@/lib/time/format';

/**
 * "Prepare this month's invoices": one draft per client with a contract or unbilled work; running it again adds nothing.
 * It runs as a job of the firm in a worker thread: the page shows how many clients are done, can be left, and shows the
 * result when back. A running one can be cancelled: it stops after the client it is on and keeps the drafts made.
 */
export function PrepareMonthForm({
  month,
  preparedAlready,
  initialJob,
}: {
  month: string;
  preparedAlready: number;
  /** The firm's latest run when the page was read (lib/jobs/registry.ts latestJob), or null. */
  initialJob: Pick<JobView, 'id' | 'status'> | null;
}) {
  const [state, action] = useActionState(prepareMonthAction, idle);
  const own = state.data?.jobId ?? null;
  const jobId = own ?? initialJob?.id ?? null;
  const { job, gone } = useJob<PrepareJobResult>(jobId);
  // Before its first poll answers, a run is shown as running only when it was (one just started, or one running when the page was read):
  // a page opened after a run ended shows its result when the poll brings it, with no "Starting…" flash.
  const status = job?.status ?? (own ? 'queued' : initialJob?.status);
  const running = jobId !== null && !gone && (status === 'queued' || status === 'running');
  const router = useRouter();
  // The run this page watched while it ran: when it ends its drafts are new to the list below, so the page is read again (once).
  const [watched, setWatched] = useState<string | null>(null);
  if (running && jobId !== watched) setWatched(jobId);
  const ended = (job?.status === 'done' || job?.status === 'cancelled') && job.id === watched ? job.id : null;
  useEffect(() => {
    if (ended) router.refresh();
  }, [ended, router]);
  return (
    <section className={`${cardClass} space-y-4 p-5`} aria-labelledby="prepare-month-heading">
      <form action={action} className="space-y-4" noValidate>
        <h2 id="prepare-month-heading" className="text-lg font-semibold">
          Prepare a month’s invoices
        </h2>
        <p className="text-sm text-slate-600">
          A draft for every client with an active contract or unbilled work up to the month’s end. Nothing is sent until you finalise it.
          {preparedAlready > 0 ? ` ${preparedAlready.toLocaleString('en-US')} already prepared for this month.` : ''}
        </p>
        <FormMessage state={state} />
        <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
          <Field name="month" label="Month" type="month" state={state} defaultValue={month} idPrefix="prepare" />
          <SubmitButton pendingText="Starting…">Prepare the month’s drafts</SubmitButton>
        </div>
      </form>
      {running ? (
        <JobProgress job={job} label="Preparing the month’s drafts">
          {job?.cancelledBy ? (
            <p className="text-sm font-medium" role="status">
              Stopping after the client it is on ({job.cancelledBy} cancelled it)…
            </p>
          ) : (
            <CancelPrepare jobId={jobId} />
          )}
        </JobProgress>
      ) : null}
      {job?.status === 'failed' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {job.error}
        </p>
      ) : null}
      {job?.status === 'done' && job.result ? <PrepareOutcome result={job.result} by={job.startedBy} /> : null}
      {job?.status === 'cancelled' ? <PrepareCancelled result={job.result ?? null} by={job.cancelledBy} /> : null}
    </section>
  );
}

/** Asks the running preparation to stop after the client it is on. */
function CancelPrepare({ jobId }: { jobId: string }) {
  const [state, action] = useActionState(cancelPrepareMonthAction, idle);
  return (
    <form action={action}>
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton variant="secondary" pendingText="Cancelling…">
        Cancel
      </SubmitButton>
      {state.status === 'error' ? <FormMessage state={state} /> : null}
    </form>
  );
}

const n = (x: number) => x.toLocaleString('en-US');
const drafts = (x: number) => `${n(x)} draft${x === 1 ? '' : 's'}`;

function PrepareOutcome({ result, by }: { result: PrepareJobResult; by: string }) {
  const name = monthName(result.month);
  const clients = `${n(result.clients)} client${result.clients === 1 ? '' : 's'} looked at`;
  return (
    <p
      role="status"
      className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-900"
      data-testid="prepare-outcome"
    >
      {result.created === 0
        ? `Nothing new to prepare for ${name} (${clients}): every client with a contract or unbilled work already has a draft.`
        : `Prepared ${drafts(result.created)} for ${name} (${clients}, by ${by}). Review and finalise each one below; nothing is sent until then.`}
    </p>
  );
}

/** A cancelled run: how far it got (null: cancelled before it started) and that what it made stays. */
function PrepareCancelled({ result, by }: { result: PrepareJobResult | null; by: string | null }) {
  return (
    <p role="status" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium" data-testid="prepare-outcome">
      {result
        ? `Cancelled after ${n(result.looked)} of ${n(result.clients)} clients${by ? ` by ${by}` : ''}: ${drafts(result.created)} made for ${monthName(result.month)} stay. Prepare again to carry on.`
        : `Cancelled${by ? ` by ${by}` : ''} before it started; nothing was prepared.`}
    </p>
  );
}

/** A new monthly contract for a client: a fee, a price per seat and included hours, any of them; `draft` fills it in (a proposal to review). */
export function ContractForm({
  clientId,
  startDate,
  rateHint,
  draft,
}: {
  clientId: number;
  startDate: string;
  rateHint: string;
  draft?: ContractDraft | null;
}) {
  const [state, action] = useActionState(createContractAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="new-contract-heading">
      <h3 id="new-contract-heading" className="font-semibold">
        {draft ? 'Review the proposed contract' : 'New contract'}
      </h3>
      <FormMessage state={state} />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="name" label="Name" state={state} defaultValue={draft?.name ?? 'Managed services'} idPrefix="contract" />
        <Field
          name="startDate"
          label="First day"
          type="date"
          state={state}
          defaultValue={draft?.startDate ?? startDate}
          idPrefix="contract"
        />
        <Field name="endDate" label="Last day" type="date" state={state} hint="Optional" idPrefix="contract" />
        <Field
          name="monthlyFeeCents"
          label="Monthly fee ($)"
          inputMode="decimal"
          state={state}
          defaultValue={draft ? dollarsInput(draft.monthlyFeeCents) : undefined}
          idPrefix="contract"
        />
        <Field
          name="perSeatCents"
          label="Per seat per month ($)"
          inputMode="decimal"
          state={state}
          hint="Times the client’s seats when the month is prepared"
          idPrefix="contract"
        />
        <Field
          name="includedMinutes"
          label="Included hours per month"
          inputMode="decimal"
          state={state}
          defaultValue={draft ? minutesToHoursInput(draft.includedMinutes) : undefined}
          idPrefix="contract"
        />
        <Field
          name="overageRateCents"
          label="Rate beyond included hours ($/h)"
          inputMode="decimal"
          state={state}
          hint={`Blank: ${rateHint}`}
          defaultValue={draft ? dollarsInput(draft.overageRateCents) : undefined}
          idPrefix="contract"
        />
      </div>
      <SubmitButton>{draft ? 'Create this contract' : 'Add contract'}</SubmitButton>
    </form>
  );
}

/**
 * Ends a running contract on a day; the month of that day is its last billed month. Asked in a dialog, the last day
 * inside it: one tap on a page about the client should not stop a monthly fee.
 */
export function EndContractForm({ contractId, name, defaultDate }: { contractId: number; name: string; defaultDate: string }) {
  const [state, action] = useActionState(endContractAction, idle);
  return (
    <div>
      <ConfirmAction
        action={action}
        state={state}
        trigger="End contract…"
        triggerLabel={`End contract… (${name})`}
        triggerVariant="secondary"
        title={`End the contract “${name}”?`}
        question="The month of its last day is the last month it is billed. Until that day has passed you can still change it here."
        confirm="End the contract"
        pendingText="Ending…"
        hidden={{ contractId }}
      >
        <Field name="endDate" label="Last day" type="date" state={state} defaultValue={defaultDate} idPrefix={`end-${contractId}`} />
      </ConfirmAction>
    </div>
  );
}

/** Cents as a form's dollar amount: "855.00". */
const dollarsInput = (cents: number) => (cents / 100).toFixed(2);
