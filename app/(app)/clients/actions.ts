'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { importClients, MAX_IMPORT_BYTES, previewClientImport } from '@/lib/dal/client-import';
import { archiveClient, createClient, updateClient } from '@/lib/dal/clients';
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
  return { status: 'ok', message: 'Client archived. Its history is kept.' };
});

const csvText = z
  .object({ csv: z.string({ error: 'Choose a CSV file.' }).min(1, 'Choose a CSV file.').max(MAX_IMPORT_BYTES, 'The file is larger than 2 MB; split it.') })
  .strict();

export const previewImportAction = withMember('clients.write', csvText, (member, { csv }) => {
  const preview = previewClientImport(member, csv);
  return { status: 'ok', data: { preview: JSON.stringify(preview), csv } };
});

export const importClientsAction = withMember('clients.write', csvText, (member, { csv }) => {
  const { imported, skipped } = importClients(member, csv);
  revalidatePath('/clients');
  return { status: 'ok', message: `Imported ${imported} client${imported === 1 ? '' : 's'}${skipped ? `; skipped ${skipped} duplicate${skipped === 1 ? '' : 's'}` : ''}.` };
});
