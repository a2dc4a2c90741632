import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { busyIntervals, CalendarUnreadable } from './parse';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const FROM = Date.UTC(2026, 9, 20);
const TO = Date.UTC(2026, 11, 31);
const shown = (text: string, zone: string, from = FROM, to = TO) =>
  busyIntervals(text, zone, from, to).map((b) => `${iso(b.startsAt)}–${iso(b.endsAt)} ${b.title}`);

describe('busyIntervals', () => {
  it('reads a Google calendar: a weekly rule across the DST change, an EXDATE, a moved instance, all-day, floating and UTC events', () => {
    // The firm is in Chicago: the all-day event and the floating lunch are read on its wall clock.
    expect(shown(fixture('google-recurring.ics'), 'America/Chicago')).toEqual(
      [
        '2026-10-26T13:00–2026-10-26T14:00 Board standup', // 09:00 EDT
        '2026-11-02T14:00–2026-11-02T15:00 Board standup', // 09:00 EST, after Nov 1
        // Nov 9 is an EXDATE.
        '2026-11-05T06:00–2026-11-07T06:00 Trade conference', // two whole days, midnight to midnight in Chicago (CST)
        '2026-11-10T18:00–2026-11-10T19:00 Lunch with Sam', // floating 12:00 in Chicago
        '2026-11-12T15:00–2026-11-12T15:45 Dentist', // DURATION
        '2026-11-17T19:00–2026-11-17T20:30 Board standup (moved)', // Nov 16 moved to Tue 14:00 EST
        '2026-11-23T14:00–2026-11-23T15:00 Board standup',
        // The transparent reminder, the cancelled event and the one in 2025 are not busy.
      ].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('reads all-day and floating events in the firm’s own zone', () => {
    const london = shown(fixture('google-recurring.ics'), 'Europe/London');
    expect(london).toContain('2026-11-05T00:00–2026-11-07T00:00 Trade conference');
    expect(london).toContain('2026-11-10T12:00–2026-11-10T13:00 Lunch with Sam');
    // Zoned events do not move with the firm's zone.
    expect(london).toContain('2026-10-26T13:00–2026-10-26T14:00 Board standup');
  });

  it('reads an Outlook calendar whose zone is only defined in the file, with a cancelled instance, across the EU change', () => {
    expect(shown(fixture('outlook-windows-zone.ics'), 'America/Chicago')).toEqual([
      '2026-10-23T14:00–2026-10-23T15:00 Supplier call', // 16:00 CEST
      // Oct 24 cancelled.
      '2026-10-25T15:00–2026-10-25T16:00 Supplier call', // 16:00 CET, after Oct 25 03:00
      '2026-10-26T15:00–2026-10-26T16:00 Supplier call',
    ]);
  });

  it('keeps only what overlaps the window', () => {
    const from = Date.UTC(2026, 10, 6);
    const to = Date.UTC(2026, 10, 11);
    expect(shown(fixture('google-recurring.ics'), 'America/Chicago', from, to)).toEqual([
      '2026-11-05T06:00–2026-11-07T06:00 Trade conference',
      '2026-11-10T18:00–2026-11-10T19:00 Lunch with Sam',
    ]);
  });

  it('stops a rule that never ends at the window', () => {
    const text = fixture('google-recurring.ics').replace('RRULE:FREQ=WEEKLY;COUNT=5;BYDAY=MO', 'RRULE:FREQ=DAILY');
    const standups = busyIntervals(text, 'America/Chicago', FROM, TO).filter((b) => b.title === 'Board standup');
    // Oct 26 .. Dec 30, less the EXDATE and the moved instance.
    expect(standups).toHaveLength(66 - 2);
  });

  it('refuses what is not a calendar', () => {
    expect(() => busyIntervals('<html><body>Sign in</body></html>', 'UTC', FROM, TO)).toThrow(CalendarUnreadable);
    expect(() => busyIntervals('', 'UTC', FROM, TO)).toThrow(/not an iCalendar file/);
  });
});
