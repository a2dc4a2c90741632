import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { DAY_MS } from '@/lib/time/units';
import { localToInstant } from '@/lib/time/zoned';

/**
 * A person's other calendar (an iCalendar file from Google, Outlook, Apple)
 * as busy intervals. Mozilla's ical.js expands the recurrence (RRULE, RDATE,
 * EXDATE, and RECURRENCE-ID instances moved or cancelled); the instants are
 * worked out here: a named IANA zone by luxon (the same tz data as the rest
 * of the app), a zone only defined in the file (Outlook's "Eastern Standard
 * Time") by its VTIMEZONE, a floating time and an all-day event in the
 * firm's own zone, an all-day event covering its whole local days.
 */

export type BusyInterval = { startsAt: number; endsAt: number; title: string };

export class CalendarUnreadable extends Error {}

/** A rule that never ends, or one every minute, stops here rather than run the server out. */
const MAX_STEPS_PER_EVENT = 5000;
export const MAX_INTERVALS = 5000;

function instantOf(time: ICAL.Time, firmZone: string): number {
  if (time.isDate) return localToInstant(time.toString().slice(0, 10), 0, firmZone);
  const parts = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  const tzid = time.zone?.tzid ?? (time as unknown as { timezone?: string }).timezone;
  if (tzid === 'UTC' || tzid === 'Z') return DateTime.fromObject(parts, { zone: 'utc' }).toMillis();
  if (tzid && tzid !== 'floating' && IANAZone.isValidZone(tzid)) return DateTime.fromObject(parts, { zone: tzid }).toMillis();
  if (time.zone && time.zone.tzid !== 'floating' && time.zone.component) return time.toUnixTime() * 1000;
  // Floating time (or a zone named but never defined): the firm's own wall clock.
  return DateTime.fromObject(parts, { zone: firmZone }).toMillis();
}

/** Opaque (busy) and not cancelled: a "free" or cancelled event takes no time. */
function takesTime(component: ICAL.Component): boolean {
  const transp = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  return transp !== 'TRANSPARENT' && status !== 'CANCELLED';
}

function titleOf(component: ICAL.Component): string {
  return String(component.getFirstPropertyValue('summary') ?? '').trim() || 'Busy';
}

function endOf(start: ICAL.Time, end: ICAL.Time | null, firmZone: string, startsAt: number): number {
  if (end) return instantOf(end, firmZone);
  // No DTEND or DURATION: an all-day event is its one day; a timed one takes no time.
  if (start.isDate) {
    const next = start.clone();
    next.day += 1;
    return instantOf(next, firmZone);
  }
  return startsAt;
}

function occurrencesOf(event: ICAL.Event, from: number, to: number, firmZone: string, out: BusyInterval[]): void {
  const push = (component: ICAL.Component, start: ICAL.Time, end: ICAL.Time | null) => {
    if (!takesTime(component)) return;
    const startsAt = instantOf(start, firmZone);
    const endsAt = endOf(start, end, firmZone, startsAt);
    if (endsAt > startsAt && startsAt < to && endsAt > from) out.push({ startsAt, endsAt, title: titleOf(component) });
  };
  if (!event.isRecurring()) {
    push(
      event.component,
      event.startDate,
      event.component.hasProperty('dtend') || event.component.hasProperty('duration') ? event.endDate : null,
    );
    return;
  }
  const iterator = event.iterator();
  for (let step = 0; step < MAX_STEPS_PER_EVENT; step++) {
    const next = iterator.next();
    if (!next) return;
    const details = event.getOccurrenceDetails(next);
    // Moved instances can land earlier than their rule's date: stop on the rule's own date, a day past the window.
    if (instantOf(next, firmZone) > to + DAY_MS && instantOf(details.startDate, firmZone) > to) return;
    push(details.item.component, details.startDate, details.endDate);
  }
}

function calendarOf(text: string): ICAL.Component {
  try {
    const parsed = ICAL.parse(text) as unknown[];
    if (parsed.length && typeof parsed[0] === 'string') {
      const root = new ICAL.Component(parsed);
      if (root.name === 'vcalendar') return root;
    }
  } catch {
    // below
  }
  throw new CalendarUnreadable('The address did not give a calendar (it is not an iCalendar file).');
}

/** Busy intervals of the calendar text overlapping [from, to), sorted. Throws CalendarUnreadable when it is no calendar. */
export function busyIntervals(text: string, firmZone: string, from: number, to: number): BusyInterval[] {
  const calendar = calendarOf(text);
  const vevents = calendar.getAllSubcomponents('vevent');
  const exceptionsByUid = new Map<string, ICAL.Component[]>();
  const masters: ICAL.Component[] = [];
  for (const v of vevents) {
    if (v.hasProperty('recurrence-id')) {
      const uid = String(v.getFirstPropertyValue('uid') ?? '');
      exceptionsByUid.set(uid, [...(exceptionsByUid.get(uid) ?? []), v]);
    } else masters.push(v);
  }
  const out: BusyInterval[] = [];
  for (const master of masters) {
    try {
      const uid = String(master.getFirstPropertyValue('uid') ?? '');
      const event = new ICAL.Event(master, { exceptions: exceptionsByUid.get(uid) ?? [] });
      if (!master.hasProperty('dtstart')) continue;
      occurrencesOf(event, from, to, firmZone, out);
      // Exceptions whose master is missing from the file (a shared single instance) count on their own.
      exceptionsByUid.delete(uid);
    } catch {
      // One broken event does not hide the rest of the calendar.
    }
    if (out.length > MAX_INTERVALS) break;
  }
  for (const orphans of exceptionsByUid.values())
    for (const v of orphans) {
      try {
        occurrencesOf(new ICAL.Event(v), from, to, firmZone, out);
      } catch {
        // as above
      }
    }
  return out.sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt).slice(0, MAX_INTERVALS);
}

/** What a worker thread hands back: the intervals, or why the text is no calendar (an error does not cross threads whole). */
export type CalendarRead = { ok: true; intervals: BusyInterval[] } | { ok: false; message: string };

export function readCalendar({ text, zone, from, to }: { text: string; zone: string; from: number; to: number }): CalendarRead {
  try {
    return { ok: true, intervals: busyIntervals(text, zone, from, to) };
  } catch (error) {
    if (error instanceof CalendarUnreadable) return { ok: false, message: error.message };
    throw error;
  }
}
