'use server';

import { revalidatePath } from 'next/cache';
import { echo, withMember, type ActionState } from '@/lib/actions';
import { addTimeEntry, DateToConfirm, deleteTimeEntry, submitWeek, updateTimeEntry } from '@/lib/dal/timesheets';
import { dayLabel, formatHours } from '@/lib/time/format';
import { mondayOf } from '@/lib/time/zoned';
import { entryRef, timeEntrySchema, timeEntryUpdateSchema, weekRef } from '@/lib/validations/timesheets';

const done = (message: string) => {
  revalidatePath('/timesheets');
  revalidatePath('/dashboard');
  return { status: 'ok' as const, message };
};

/**
 * A date before last week is logged only once confirmed: the refusal carries the date so the form can offer
 * "Yes, that date". A success names the week it landed in, for the page to show that week.
 */
function logging(write: () => void, input: { date: string; duration: number }, fields: Record<string, string>, saved: string): ActionState {
  try {
    write();
  } catch (error) {
    if (!(error instanceof DateToConfirm)) throw error;
    return {
      status: 'error',
      message: 'Confirm the date, or change it.',
      fieldErrors: { date: error.message },
      values: echo(fields),
      data: { confirmDate: error.date, confirmLabel: dayLabel(error.date) },
    };
  }
  return { ...done(saved), data: { week: mondayOf(input.date), date: input.date } };
}

export const addEntryAction = withMember('timesheets.own', timeEntrySchema, (member, input, fields) =>
  logging(() => addTimeEntry(member, input), input, fields, `Logged ${formatHours(input.duration)} on ${dayLabel(input.date)}.`),
);

export const updateEntryAction = withMember('timesheets.own', timeEntryUpdateSchema, (member, input, fields) =>
  logging(() => updateTimeEntry(member, input), input, fields, 'Entry saved.'),
);

export const deleteEntryAction = withMember('timesheets.own', entryRef, (member, { entryId }) => {
  deleteTimeEntry(member, entryId);
  return done('Entry deleted.');
});

export const submitWeekAction = withMember('timesheets.own', weekRef, (member, { userId, week }) => {
  submitWeek(member, userId, week);
  return done('Week submitted. Later changes are recorded in the audit log.');
});
