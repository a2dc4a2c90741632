'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { confirmTwoFactorSetup, startTwoFactorSetup, turnOffTwoFactor } from '@/lib/dal/two-factor';
import { clientAddress } from '@/lib/request';
import { turnOffTwoFactorSchema, twoFactorCodeSchema } from '@/lib/validations/auth';

// The set-up actions are the ones a member whose firm requires two-factor sign-in may run before having it.
const setUpGate = { allowPendingTwoFactor: true };

function revalidate() {
  revalidatePath('/settings/profile');
  revalidatePath('/two-factor-setup');
}

export const startTwoFactorAction = withMember(
  'account.own',
  z.object({}).strict(),
  (member) => {
    startTwoFactorSetup(member);
    revalidate();
    return { status: 'ok' };
  },
  setUpGate,
);

export const confirmTwoFactorAction = withMember(
  'account.own',
  twoFactorCodeSchema,
  (member, { code }) => {
    const codes = confirmTwoFactorSetup(member, code);
    revalidate();
    // Shown once, from this answer only: the database keeps their hashes.
    return { status: 'ok', message: 'Two-factor sign-in is on.', data: { recoveryCodes: codes.join(' ') } };
  },
  setUpGate,
);

export const turnOffTwoFactorAction = withMember('account.own', turnOffTwoFactorSchema, async (member, { password, code }) => {
  await turnOffTwoFactor(member, password, code, clientAddress(await headers()));
  revalidate();
  return { status: 'ok', message: 'Two-factor sign-in is off. Signing in now needs only your password.' };
});
