'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { setClientTerms } from '@/lib/dal/billing-terms';
import { confirmClientDetails } from '@/lib/dal/client-details';
import { clientTermsSchema } from '@/lib/validations/billing-terms';
import { confirmClientDetailsSchema } from '@/lib/validations/client-details';
import { stopVisitSeries } from '@/lib/dal/visit-series';
import { visitSeriesRef } from '@/lib/validations/schedule';

/** The "Confirm client details" step of a client made from a request-page request (client page and its visit's page). */
export const confirmClientDetailsAction = withMember('clients.write', confirmClientDetailsSchema, (member, input) => {
  confirmClientDetails(member, input);
  // Both pages that show the step (and the schedule's "confirm details" mark) change.
  revalidatePath('/clients', 'layout');
  revalidatePath('/schedule', 'layout');
  return { status: 'ok', message: 'Details confirmed: its visits can be booked now.' };
});

/** A client's own billing terms (with a reason), or back to its tier's. */
export const setClientTermsAction = withMember('invoices.write', clientTermsSchema, (member, input) => {
  const { clientId } = input;
  if (input.mode === 'tier') setClientTerms(member, { clientId, terms: null, reason: null });
  else {
    const { incrementMinutes, minimumMinutes, tripFeeCents, paymentTermsDays, reason } = input;
    setClientTerms(member, { clientId, terms: { incrementMinutes, minimumMinutes, tripFeeCents, paymentTermsDays }, reason });
  }
  revalidatePath(`/clients/${clientId}`);
  return {
    status: 'ok',
    message: input.mode === 'tier' ? 'The client follows its tier’s terms again.' : 'The client’s own terms are saved.',
  };
});

/** Stops a recurring visit: no more requests from it, and its open ones not yet booked are cancelled. */
export const stopVisitSeriesAction = withMember('schedule.manage', visitSeriesRef, (member, { seriesId }) => {
  const cancelled = stopVisitSeries(member, seriesId);
  revalidatePath('/clients', 'layout');
  revalidatePath('/schedule', 'layout');
  return {
    status: 'ok',
    message: `Stopped.${cancelled ? ` ${cancelled} open ${cancelled === 1 ? 'request' : 'requests'} from it ${cancelled === 1 ? 'was' : 'were'} cancelled.` : ''}`,
  };
});
