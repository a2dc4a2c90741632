'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { confirmClientDetails } from '@/lib/dal/client-details';
import { confirmClientDetailsSchema } from '@/lib/validations/client-details';

/** The "Confirm client details" step of a client made from a request-page request (client page and its visit's page). */
export const confirmClientDetailsAction = withMember('clients.write', confirmClientDetailsSchema, (member, input) => {
  confirmClientDetails(member, input);
  revalidatePath('/clients');
  revalidatePath('/schedule');
  return { status: 'ok', message: 'Details confirmed: its visits can be booked now.' };
});
