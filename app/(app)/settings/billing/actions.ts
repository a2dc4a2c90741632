'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { updateBillingSettings } from '@/lib/dal/billing-settings';
import { updateTierTerms } from '@/lib/dal/billing-terms';
import { billingSettingsSchema } from '@/lib/validations/billing';
import { tierTermsSchema } from '@/lib/validations/billing-terms';

export const updateBillingSettingsAction = withMember('firm.settings', billingSettingsSchema, (member, input) => {
  updateBillingSettings(member, input);
  revalidatePath('/settings/billing');
  return { status: 'ok', message: 'Billing settings saved. Invoices already finalised keep what they printed.' };
});

export const updateTierTermsAction = withMember('firm.settings', tierTermsSchema, (member, input) => {
  updateTierTerms(member, input);
  revalidatePath('/settings/billing');
  revalidatePath('/clients', 'layout');
  return { status: 'ok', message: 'Terms saved. The next invoice of each client follows them; invoices already made keep theirs.' };
});
