'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { addHoliday, addTimeOff, removeHoliday, removeTimeOff } from '@/lib/dal/days-off';
import { dayLabel, dayRangeLabel } from '@/lib/time/format';
import { holidayRef, holidaySchema, timeOffRef, timeOffSchema } from '@/lib/validations/schedule';

/** Firm holidays and personal time off: the days no block happens and nothing is booked. */

const done = (message: string) => {
  revalidatePath('/schedule', 'layout');
  return { status: 'ok' as const, message };
};

export const addHolidayAction = withMember('firm.settings', holidaySchema, (member, { date, name }) => {
  addHoliday(member, date, name);
  return done(`${dayLabel(date)} is now the holiday “${name}”: no block happens and nothing is booked that day.`);
});

export const removeHolidayAction = withMember('firm.settings', holidayRef, (member, { holidayId }) => {
  removeHoliday(member, holidayId);
  return done('Holiday removed.');
});

export const addTimeOffAction = withMember('schedule.write', timeOffSchema, (member, input) => {
  addTimeOff(member, input);
  return done(`Time off recorded, ${dayRangeLabel(input.firstDate, input.lastDate)}.`);
});

export const removeTimeOffAction = withMember('schedule.write', timeOffRef, (member, { timeOffId }) => {
  removeTimeOff(member, timeOffId);
  return done('Time off removed.');
});
