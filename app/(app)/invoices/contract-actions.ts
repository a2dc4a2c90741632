'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { createContract, endContract } from '@/lib/dal/contracts';
import { startPrepareMonth } from '@/lib/dal/prepare-invoices';
import { monthName } from '@/lib/invoices/prepare';
import { cancelJob } from '@/lib/jobs/registry';
import { contractSchema, endContractSchema, prepareJobRef, prepareMonthSchema } from '@/lib/validations/invoices';

export const createContractAction = withMember('invoices.write', contractSchema, (member, input) => {
  createContract(member, input);
  revalidatePath(`/clients/${input.clientId}`);
  return { status: 'ok', message: 'Contract added: it is billed from its first month when you prepare the month’s invoices.' };
});

export const endContractAction = withMember('invoices.write', endContractSchema, (member, { contractId, endDate }) => {
  endContract(member, contractId, endDate);
  revalidatePath('/clients', 'layout');
  return { status: 'ok', message: 'Contract ended.' };
});

/** Starts the month's preparation as a job; the page polls it (GET /api/jobs/[id]) for progress and the result. */
export const prepareMonthAction = withMember('invoices.write', prepareMonthSchema, (member, { month }) => {
  const { job, already } = startPrepareMonth(member, month);
  return {
    status: 'ok',
    message: already
      ? `${job.startedBy} is preparing ${monthName(String(job.params.month))} right now; that run is shown below.`
      : undefined,
    data: { jobId: job.id },
  };
});

/** Stops the firm's running preparation after the client it is on; the drafts already made stay (each is whole). */
export const cancelPrepareMonthAction = withMember('invoices.write', prepareJobRef, (member, { jobId }) => {
  cancelJob(member, jobId, 'prepare-invoices');
  return { status: 'ok', message: 'Stopping after the client it is on; the drafts already made stay.' };
});
