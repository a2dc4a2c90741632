'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { getTimeStyle } from '@/lib/dal/firm';
import { setMarketingWindow } from '@/lib/dal/marketing-window';
import { windowWords } from '@/lib/planning/window-words';
import { marketingWindowSchema } from '@/lib/validations/marketing-window';

/** A person's flexible marketing window: their own, or the owner's for anyone (the data layer checks whose). */
export const saveMarketingWindowAction = withMember('schedule.write', marketingWindowSchema, (member, input) => {
  setMarketingWindow(member, input);
  revalidatePath('/schedule', 'layout');
  revalidatePath('/today');
  return {
    status: 'ok' as const,
    message: input.window
      ? `Marketing window saved: ${windowWords(input.window, getTimeStyle(member).hours)}.`
      : 'No marketing window: the time kept for marketing is the week’s latest free time.',
  };
});
