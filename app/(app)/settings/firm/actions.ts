'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { updateFirmSettings } from '@/lib/dal/firm';
import { firmSettingsSchema } from '@/lib/validations/firm';

export const updateFirmSettingsAction = withMember('firm.settings', firmSettingsSchema, (member, input) => {
  updateFirmSettings(member, input);
  revalidatePath('/', 'layout');
  return { status: 'ok', message: 'Firm settings saved.' };
});
