'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { importClients, MAX_IMPORT_BYTES, startClientImportCheck } from '@/lib/dal/client-import';
import { archiveClient, createClient, restoreClient, updateClient } from '@/lib/dal/clients';
import { clientIdSchema, clientSchema, clientUpdateSchema } from '@/lib/validations/clients';

export const createClientAction = withMember('clients.write', clientSchema, (member, input) => {
  const id = createClient(member, input);
  revalidatePath('/clients');
  redirect(`/clients/${id}`);
});

export const updateClientAction = withMember('clients.write', clientUpdateSchema, (member, { clientId, ...input }) => {
  updateClient(member, clientId, input);
  revalidatePath('/clients');
  redirect(`/clients/${clientId}`);
});

export const archiveClientAction = withMember('clients.write', clientIdSchema, (member, { clientId }) => {
  archiveClient(member, clientId);
  revalidatePath('/clients');
  revalidatePath(`/clients/${clientId}`);
  return { status: 'ok', message: 'Client archived. Its history is kept.' };
});

export const restoreClientAction = withMember('clients.write', clientIdSchema, (member, { clientId }) => {
  restoreClient(member, clientId);
  revalidatePath('/clients');
  revalidatePath(`/clients/${clientId}`);
  return { status: 'ok', message: 'Client restored.' };
});

const TOO_LARGE = 'The file is larger than 2 MB; split it.';
const csvText = z
  .object({ csv: z.string({ error: 'Choose a CSV file.' }).min(1, 'Choose a CSV file.').max(MAX_IMPORT_BYTES, TOO_LARGE) })
  .strict();

/** Starts the check in a worker thread; the page polls the job it names (GET /api/jobs/[id]). */
export const previewImportAction = withMember('clients.write', csvText, (member, { csv }) => {
  const { job, already } = startClientImportCheck(member, csv);
  if (already)
    return {
      status: 'error',
      message: `${job.startedBy} is checking a file for your firm right now; preview yours when it is done.`,
      data: { jobId: job.id },
    };
  return { status: 'ok', data: { jobId: job.id } };
});

/** The previewed file (by its job), or the text itself. */
const importSource = z
  .object({
    csv: z.string().min(1, 'Choose a CSV file.').max(MAX_IMPORT_BYTES, TOO_LARGE).optional(),
    jobId: z.uuid('Preview the file first.').optional(),
  })
  .strict()
  .refine((v) => (v.csv === undefined) !== (v.jobId === undefined), { message: 'Choose a CSV file.', path: ['csv'] });

export const importClientsAction = withMember('clients.write', importSource, async (member, { csv, jobId }) => {
  const { imported, skipped } = await importClients(member, jobId ? { jobId } : { text: csv! });
  revalidatePath('/clients');
  return {
    status: 'ok',
    message: `Imported ${imported} client${imported === 1 ? '' : 's'}${skipped ? `; skipped ${skipped} duplicate${skipped === 1 ? '' : 's'}` : ''}.`,
  };
});
