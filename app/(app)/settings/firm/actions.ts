'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { updateFirmSettings } from '@/lib/dal/firm';
import { firmSettingsSchema } from '@/lib/validations/firm';
import { setRequestPage } from '@/lib/dal/requests';
import { setFirmRequiresTwoFactor } from '@/lib/dal/two-factor';
import { requestPageSwitchSchema } from '@/lib/validations/requests';

export const updateFirmSettingsAction = withMember('firm.settings', firmSettingsSchema, (member, input) => {
  updateFirmSettings(member, input);
  revalidatePath('/', 'layout');
  return { status: 'ok', message: 'Firm settings saved.' };
});

export const requestPageAction = withMember('firm.settings', requestPageSwitchSchema, (member, { on }) => {
  setRequestPage(member, on === 'on');
  revalidatePath('/settings/firm');
  return {
    status: 'ok',
    message: on === 'on' ? 'The request page has a new link; any old link has stopped working.' : 'The request page is switched off.',
  };
});

export const requireTwoFactorAction = withMember(
  'firm.settings',
  z.object({ required: z.enum(['on', 'off'], { message: 'Choose whether to require it.' }) }).strict(),
  (member, { required }) => {
    setFirmRequiresTwoFactor(member, required === 'on');
    revalidatePath('/settings/firm');
    return {
      status: 'ok',
      message:
        required === 'on'
          ? 'Two-factor sign-in is now required. Anyone without it is asked to set it up before anything else.'
          : 'Two-factor sign-in is now optional for each person.',
    };
  },
);
