'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import {
  addOwnCalendar,
  readAddedCalendar,
  refreshOwnCalendar,
  removeOwnCalendar,
  type ExternalCalendarDTO,
} from '@/lib/dal/external-calendars';
import { externalCalendarIdSchema, externalCalendarSchema } from '@/lib/validations/external-calendars';

/** A person's own other calendars, read as busy time (lib/dal/external-calendars.ts). */

const readWords = (c: ExternalCalendarDTO) =>
  c.status === 'ok'
    ? `Read ${c.eventCount} ${c.eventCount === 1 ? 'event' : 'events'}; they now count as busy time.`
    : `It could not be read: ${c.statusMessage}`;

function changed() {
  revalidatePath('/settings/profile');
  revalidatePath('/schedule', 'layout');
}

export const addExternalCalendarAction = withMember('account.own', externalCalendarSchema, async (member, { url }) => {
  const id = addOwnCalendar(member, url);
  const read = await readAddedCalendar(member, id);
  changed();
  if (!read)
    return { status: 'ok', message: 'Calendar added. You added several in the last minutes: it will be read within a few minutes.' };
  return { status: read.status === 'ok' ? 'ok' : 'error', message: `Calendar added. ${readWords(read)}` };
});

export const refreshExternalCalendarAction = withMember('account.own', externalCalendarIdSchema, async (member, { id }) => {
  const read = await refreshOwnCalendar(member, id);
  changed();
  return { status: read.status === 'ok' ? 'ok' : 'error', message: readWords(read) };
});

export const removeExternalCalendarAction = withMember('account.own', externalCalendarIdSchema, (member, { id }) => {
  removeOwnCalendar(member, id);
  changed();
  return { status: 'ok', message: 'Calendar removed; its events no longer count as busy.' };
});
