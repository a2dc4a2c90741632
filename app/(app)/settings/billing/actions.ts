'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { updateBillingSettings } from '@/lib/dal/billing-settings';
import { billingSettingsSchema } from '@/lib/validations/billing';

export const updateBillingSettingsAction = withMember('firm.settings', billingSettingsSchema, (member, input) => {
  updateBillingSettings(member, input);
  revalidatePath('/settings/billing');
  return { status: 'ok', message: 'Billing settings saved. Invoices already finalised keep what they printed.' };
});
