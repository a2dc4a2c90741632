'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { addTimeEntry, deleteTimeEntry, submitWeek, updateTimeEntry } from '@/lib/dal/timesheets';
import { entryRef, timeEntrySchema, timeEntryUpdateSchema, weekRef } from '@/lib/validations/timesheets';

const done = (message: string) => {
  revalidatePath('/timesheets');
  revalidatePath('/dashboard');
  return { status: 'ok' as const, message };
};

const hoursText = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} h`;

export const addEntryAction = withMember('timesheets.own', timeEntrySchema, (member, input) => {
  addTimeEntry(member, input);
  return done(`Logged ${hoursText(input.duration)}.`);
});

export const updateEntryAction = withMember('timesheets.own', timeEntryUpdateSchema, (member, input) => {
  updateTimeEntry(member, input);
  return done('Entry saved.');
});

export const deleteEntryAction = withMember('timesheets.own', entryRef, (member, { entryId }) => {
  deleteTimeEntry(member, entryId);
  return done('Entry deleted.');
});

export const submitWeekAction = withMember('timesheets.own', weekRef, (member, { userId, week }) => {
  submitWeek(member, userId, week);
  return done('Week submitted. Later changes are recorded in the audit log.');
});
