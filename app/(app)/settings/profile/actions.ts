'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { withMember } from '@/lib/actions';
import { setShareLocation } from '@/lib/dal/field';
import { regenerateFeed, revokeFeed } from '@/lib/dal/feeds';
import { setOptionalMail } from '@/lib/dal/mail-preferences';
import { checkbox } from '@/lib/validations/common';

export const shareLocationAction = withMember(
  'account.own',
  z.object({ shareLocation: checkbox }).strict(),
  (member, { shareLocation }) => {
    setShareLocation(member, shareLocation);
    revalidatePath('/today');
    revalidatePath('/settings/profile');
    return {
      status: 'ok',
      message: shareLocation ? 'Your location will be recorded at check-in and check-out.' : 'Your location will not be recorded.',
    };
  },
);

const feedScope = z.object({ scope: z.enum(['me', 'firm'], { message: 'Choose which feed.' }) }).strict();

export const regenerateFeedAction = withMember('account.own', feedScope, (member, { scope }) => {
  regenerateFeed(member, scope);
  revalidatePath('/settings/profile');
  return { status: 'ok', message: 'New feed address made. Any old address has stopped working; subscribe with the new one.' };
});

export const revokeFeedAction = withMember('account.own', feedScope, (member, { scope }) => {
  revokeFeed(member, scope);
  revalidatePath('/settings/profile');
  return { status: 'ok', message: 'Feed switched off. Its address no longer works.' };
});

export const optionalMailAction = withMember('account.own', z.object({ optionalMail: checkbox }).strict(), (member, { optionalMail }) => {
  setOptionalMail(member, optionalMail);
  revalidatePath('/settings/profile');
  return {
    status: 'ok',
    message: optionalMail
      ? 'You will get notices and reminders again.'
      : 'You will no longer get notices and reminders. Invitations, password resets and bookings still come.',
  };
});
