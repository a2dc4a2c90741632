import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import {
  addOwnCalendar,
  listOwnCalendars,
  maskCalendarUrl,
  readAddedCalendar,
  READ_ON_ADD_WINDOW_MS,
  READS_ON_ADD,
  refreshOwnCalendar,
  removeOwnCalendar,
} from './external-calendars';
import { externalBusyOf, refreshDueCalendars } from './internal/external-busy';

/** A real local server serving real calendar files; what it serves can change between reads. */
let base = '';
let served = readFileSync(path.join(import.meta.dirname, '..', 'calendar-import', 'fixtures', 'google-recurring.ics'), 'utf8');
let hits = 0;
const server = http.createServer((req, res) => {
  hits++;
  if (req.url?.startsWith('/cal.ics')) return void res.writeHead(200, { 'content-type': 'text/calendar' }).end(served);
  if (req.url === '/html') return void res.end('<html>Sign in</html>');
  res.writeHead(404).end();
});
beforeAll(async () => {
  process.env.CALENDAR_FETCH_ALLOW_PRIVATE = '1';
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  delete process.env.CALENDAR_FETCH_ALLOW_PRIVATE;
  server.close();
});

// Oct 28 2026: the fixture's events from Oct 26 to Nov 23 lie in the kept window.
const NOW = Date.UTC(2026, 9, 28, 12);

function setup() {
  const firm = makeFirm();
  getDb().update(schema.firms).set({ timeZone: 'America/Chicago' }).where(eq(schema.firms.id, firm.id)).run();
  const priya = asMember(makeUser(firm.id, 'consultant', { name: 'Priya' }));
  const owner = asMember(makeUser(firm.id, 'owner'));
  return { firm, priya, owner };
}

describe('external calendars', () => {
  it('reads a calendar into busy intervals, replaces them on the next read, and keeps them on a failed one', async () => {
    const { firm, priya } = setup();
    const id = addOwnCalendar(priya, `${base}/cal.ics?token=secret-part`);
    const first = await refreshOwnCalendar(priya, id, NOW);
    expect(first).toMatchObject({ status: 'ok', statusMessage: '', eventCount: 7, lastFetchedAt: NOW });
    const busy = () => externalBusyOf(getDb(), firm.id, [priya.userId], 0, Number.MAX_SAFE_INTEGER).map((b) => b.startsAt);
    // The seven busy events of the fixture from Oct 26 on (the 2025 one is outside the window).
    expect(busy()).toHaveLength(7);
    expect(busy()[0]).toBe(Date.UTC(2026, 9, 26, 13));

    // The calendar changed: the old intervals are replaced, not added to.
    served = served.replace('RRULE:FREQ=WEEKLY;COUNT=5;BYDAY=MO', 'RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO');
    const second = await refreshOwnCalendar(priya, id, NOW + 120_000);
    expect(second.eventCount).toBe(5);
    expect(busy()).toHaveLength(5);

    // The address now gives a web page: the status says so, the last good intervals stay.
    getDb()
      .update(schema.externalCalendars)
      .set({ url: `${base}/html` })
      .where(eq(schema.externalCalendars.id, id))
      .run();
    const third = await refreshOwnCalendar(priya, id, NOW + 240_000);
    expect(third).toMatchObject({ status: 'error', statusMessage: 'The address did not give a calendar (it is not an iCalendar file).' });
    expect(third.lastFetchedAt).toBe(NOW + 120_000);
    expect(busy()).toHaveLength(5);
  });

  it('shows the address masked, to its owner only', () => {
    const { priya, owner } = setup();
    const id = addOwnCalendar(priya, 'https://calendar.google.com/calendar/ical/priya%40example.com/private-0123456789abcdef/basic.ics');
    expect(listOwnCalendars(priya).map((c) => c.maskedUrl)).toEqual(['calendar.google.com/…/basic.ics']);
    expect(listOwnCalendars(owner)).toEqual([]);
    expect(maskCalendarUrl('https://outlook.office365.com/owa/calendar/abc/0123456789abcdef0123/calendar.ics')).toBe(
      'outlook.office365.com/…/calendar.ics',
    );
    // Never read by the timer test below: no test goes to the internet.
    removeOwnCalendar(priya, id);
  });

  it('refuses another person’s calendar, a duplicate and a refresh within a minute, changing nothing', async () => {
    const { firm, priya, owner } = setup();
    const id = addOwnCalendar(priya, `${base}/cal.ics`);
    await refreshOwnCalendar(priya, id, NOW);
    const before = firmRows(firm.id);
    expect(() => removeOwnCalendar(owner, id)).toThrow('That calendar is not one of yours.');
    await expect(refreshOwnCalendar(owner, id, NOW + 120_000)).rejects.toThrow('That calendar is not one of yours.');
    expect(() => addOwnCalendar(priya, `${base}/cal.ics`)).toThrow('That calendar is already added.');
    await expect(refreshOwnCalendar(priya, id, NOW + 30_000)).rejects.toThrow(/less than a minute ago/);
    expect(firmRows(firm.id)).toBe(before);
    removeOwnCalendar(priya, id);
    expect(externalBusyOf(getDb(), firm.id, [priya.userId], 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('reads a just-added calendar at once only a few times in ten minutes: removing and re-adding in a loop stops fetching', async () => {
    const { firm, priya } = setup();
    const before = hits;
    for (let i = 0; i < READS_ON_ADD; i++) {
      const id = addOwnCalendar(priya, `${base}/cal.ics?loop=${i}`);
      expect((await readAddedCalendar(priya, id, NOW + i * 1000))?.status).toBe('ok');
      removeOwnCalendar(priya, id);
    }
    expect(hits - before).toBe(READS_ON_ADD);
    // One more within the ten minutes: added, left for the timer, and nothing fetched.
    const waiting = addOwnCalendar(priya, `${base}/cal.ics?loop=again`);
    expect(await readAddedCalendar(priya, waiting, NOW + 60_000)).toBeNull();
    expect(hits - before).toBe(READS_ON_ADD);
    expect(listOwnCalendars(priya).find((c) => c.id === waiting)).toMatchObject({ status: 'never', lastAttemptAt: null });
    // "Refresh now" on it takes from the same budget: add, refresh, remove cannot loop either.
    await expect(refreshOwnCalendar(priya, waiting, NOW + 61_000)).rejects.toThrow('will be read within a few minutes');
    expect(hits - before).toBe(READS_ON_ADD);
    // Someone else's calendar is not read this way either.
    const other = asMember(makeUser(firm.id, 'consultant'));
    await expect(readAddedCalendar(other, waiting, NOW + 60_000)).rejects.toThrow('not one of yours');
    // Ten minutes after the first read, it is read at once again.
    expect((await readAddedCalendar(priya, waiting, NOW + READ_ON_ADD_WINDOW_MS + 1))?.status).toBe('ok');
    expect(hits - before).toBe(READS_ON_ADD + 1);
  });

  it('the timer reads the calendars due, and one bad address stops none of the others', async () => {
    const { firm, priya, owner } = setup();
    const bad = addOwnCalendar(priya, 'http://127.0.0.1:1/nothing.ics');
    const good = addOwnCalendar(owner, `${base}/cal.ics`);
    const missing = addOwnCalendar(priya, `${base}/missing.ics`);
    const gone = asMember(makeUser(firm.id, 'consultant', { name: 'Gone' }));
    const goneCalendar = addOwnCalendar(gone, `${base}/cal.ics?gone`);
    getDb().update(schema.users).set({ active: false }).where(eq(schema.users.id, gone.userId)).run();
    expect(await refreshDueCalendars(getDb(), NOW)).toBe(3);
    // A deactivated person's calendar is not read.
    expect(listOwnCalendars(gone).find((x) => x.id === goneCalendar)?.status).toBe('never');
    const rows = listOwnCalendars(priya).concat(listOwnCalendars(owner));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(bad)).toMatchObject({ status: 'error', statusMessage: 'The calendar’s server refused the connection.' });
    expect(byId.get(missing)).toMatchObject({
      status: 'error',
      statusMessage: 'The calendar’s server says there is no calendar at this address (404).',
    });
    expect(byId.get(good)).toMatchObject({ status: 'ok', eventCount: expect.any(Number) });
    expect(externalBusyOf(getDb(), firm.id, [owner.userId], 0, Number.MAX_SAFE_INTEGER).length).toBeGreaterThan(0);
    // Read a moment ago: not due again.
    expect(await refreshDueCalendars(getDb(), NOW + 60_000)).toBe(0);
  });

  it('refuses a private address unless CALENDAR_FETCH_ALLOW_PRIVATE is set, with the reason as the status', async () => {
    const { priya } = setup();
    const id = addOwnCalendar(priya, `${base}/cal.ics?private`);
    delete process.env.CALENDAR_FETCH_ALLOW_PRIVATE;
    try {
      const shown = await refreshOwnCalendar(priya, id, NOW);
      expect(shown).toMatchObject({ status: 'error', eventCount: 0 });
      expect(shown.statusMessage).toMatch(/127\.0\.0\.1 points into a private or local network/);
    } finally {
      process.env.CALENDAR_FETCH_ALLOW_PRIVATE = '1';
    }
  });
});
