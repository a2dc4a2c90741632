'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { confirmClientDetails } from '@/lib/dal/client-details';
import { confirmClientDetailsSchema } from '@/lib/validations/client-details';

/** The "Confirm client details" step of a client made from a request-page request (client page and its visit's page). */
export const confirmClientDetailsAction = withMember('clients.write', confirmClientDetailsSchema, (member, input) => {
  confirmClientDetails(member, input);
  // Both pages that show the step (and the schedule's "confirm details" mark) change.
  revalidatePath('/clients', 'layout');
  revalidatePath('/schedule', 'layout');
  return { status: 'ok', message: 'Details confirmed: its visits can be booked now.' };
});
