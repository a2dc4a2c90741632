'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { setShareLocation } from '@/lib/dal/field';
import { checkbox } from '@/lib/validations/common';

export const shareLocationAction = withMember('account.own', z.object({ shareLocation: checkbox }).strict(), (member, { shareLocation }) => {
  setShareLocation(member, shareLocation);
  revalidatePath('/today');
  revalidatePath('/settings/profile');
  return { status: 'ok', message: shareLocation ? 'Your location will be recorded at check-in and check-out.' : 'Your location will not be recorded.' };
});
