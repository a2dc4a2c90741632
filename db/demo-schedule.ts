import { eq } from 'drizzle-orm';
import { addDays, localToInstant, mondayOf, today, weekdayOf } from '../lib/time/zoned';
import { dayOff, expandBlocks, legacyRule, type DaysOff } from '../lib/time/recurrence';
import type { Tx } from './index';
import * as schema from './schema';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../lib/time/units';

/**
 * The standing sweet-spot appointments of every week, by user index (0 the
 * owner, 1 Marcus, 2 Priya) and ISO weekday: seeded for this week and the
 * next, and kept clear by the logged history (db/demo-history.ts). None
 * touches that person's protected marketing time, the monthly networking
 * breakfast (second Tuesday, 07:30–09:00) included; none is booked on a firm
 * holiday or the person's time off.
 */
export const DEMO_APPOINTMENTS = [
  { user: 1, weekday: 1, start: 13 * 60, end: 16 * 60, title: 'Server maintenance' },
  { user: 1, weekday: 3, start: 13 * 60, end: 16 * 60, title: 'Network upgrade' },
  { user: 2, weekday: 2, start: 13 * 60, end: 17 * 60, title: 'Backup review and restore test' },
  { user: 2, weekday: 4, start: 9 * 60, end: 12 * 60, title: 'Quarterly planning' },
  { user: 0, weekday: 5, start: 9 * 60, end: 11 * 60, title: 'Account review' },
] as const;

/**
 * The demo firm's schedule, relative to the day it is seeded: working hours,
 * protected marketing blocks (weekly direct mail and follow-up calls, a
 * monthly networking breakfast on the second Tuesday, an expo day), the firm's
 * holidays (Christmas Day, New Year's Day) and a few days of Priya's time off,
 * sweet-spot appointments and a dozen open micro-client requests the
 * auto-scheduler can place.
 * `userIds` are owner, Marcus, Priya, Jo (staff).
 */
export function seedDemoSchedule(tx: Tx, firm: { id: number; timeZone: string }, userIds: number[], now: number) {
  const [owner, marcus, priya] = userIds as [number, number, number, number];
  const zone = firm.timeZone;
  const day0 = today(zone, now);
  const monday = mondayOf(day0);
  const bookable = [owner, marcus, priya];

  // Monday to Friday, 08:00–12:00 and 13:00–17:00 (the owner stops at 16:00); nobody works at weekends.
  const workingHours = (userId: number, weekday: number): [number, number][] =>
    weekday <= 5
      ? [
          [8 * 60, 12 * 60],
          [13 * 60, userId === owner ? 16 * 60 : 17 * 60],
        ]
      : [];
  for (const userId of bookable) {
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (const [startMinute, endMinute] of workingHours(userId, weekday))
        tx.insert(schema.workingHours).values({ firmId: firm.id, userId, weekday, startMinute, endMinute }).run();
    }
  }
  tx.update(schema.users)
    .set({ microCapMinutesPerWeek: 8 * 60 })
    .where(eq(schema.users.id, marcus))
    .run();
  tx.update(schema.users)
    .set({ microCapMinutesPerWeek: 10 * 60 })
    .where(eq(schema.users.id, priya))
    .run();

  const since = addDays(monday, -28);
  const weekly = (userId: number, kind: schema.MarketingKind, weekday: number, start: number, end: number, title = '') =>
    tx
      .insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId,
        kind,
        title,
        repeat: 'weekly',
        weekday,
        rrule: legacyRule('weekly', weekday, null),
        startMinute: start,
        endMinute: end,
        firstDate: addDays(since, weekday - 1),
      })
      .run();
  const once = (userId: number, kind: schema.MarketingKind, date: string, start: number, end: number, title: string) =>
    tx
      .insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId,
        kind,
        title,
        repeat: 'once',
        weekday: weekdayOf(date),
        rrule: legacyRule('once', weekdayOf(date), date),
        startMinute: start,
        endMinute: end,
        firstDate: date,
        lastDate: date,
      })
      .run();

  weekly(marcus, 'direct_mail', 2, 9 * 60, 11 * 60, 'Direct mail');
  weekly(marcus, 'direct_mail', 4, 9 * 60, 11 * 60, 'Direct mail');
  weekly(marcus, 'follow_up_calls', 5, 14 * 60, 16 * 60, 'Follow-up calls');
  weekly(priya, 'follow_up_calls', 1, 9 * 60, 11 * 60, 'Follow-up calls');
  weekly(priya, 'learning', 3, 14 * 60, 16 * 60, 'Certification study');
  weekly(owner, 'direct_mail', 2, 13 * 60, 15 * 60, 'Newsletter and mailing');
  // The chamber's networking breakfast: one RFC 5545 rule, the second Tuesday of every month.
  for (const userId of bookable)
    tx.insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId,
        kind: 'networking',
        title: 'Chamber networking breakfast',
        repeat: 'rule',
        rrule: 'FREQ=MONTHLY;BYDAY=+2TU',
        weekday: weekdayOf(since),
        startMinute: 7 * 60 + 30,
        endMinute: 9 * 60,
        firstDate: since,
      })
      .run();
  // An expo day next week.
  const expo = addDays(monday, 10); // next Thursday
  once(owner, 'expo', expo, 8 * 60, 16 * 60, 'Small Business IT Expo');
  once(marcus, 'expo', expo, 8 * 60, 12 * 60, 'Small Business IT Expo (booth)');

  const off = seedDaysOff(tx, firm.id, priya, day0, monday);
  const isOff = (userId: number, date: string) => dayOff(off, userId, date) !== null;

  // Sweet-spot appointments over the next two weeks (none on a holiday or time off).
  const clients = tx
    .select({ id: schema.clients.id, name: schema.clients.name, tier: schema.clients.tier, travel: schema.clients.defaultTravelMinutes })
    .from(schema.clients)
    .where(eq(schema.clients.firmId, firm.id))
    .all();
  const sweet = clients.filter((c) => c.tier === 'sweet_spot' || c.tier === 'large');
  for (let week = 0; week < 2; week++) {
    DEMO_APPOINTMENTS.forEach((a, i) => {
      const date = addDays(monday, 7 * week + a.weekday - 1);
      if (isOff(userIds[a.user]!, date)) return;
      const client = sweet[(week * 3 + i) % sweet.length];
      tx.insert(schema.appointments)
        .values({
          firmId: firm.id,
          userId: userIds[a.user]!,
          clientId: client?.id ?? null,
          title: a.title,
          startsAt: localToInstant(date, a.start, zone),
          endsAt: localToInstant(date, a.end, zone),
        })
        .run();
    });
  }

  // Today's visits for each consultant, in free time (working hours, outside protected time, appointments and the
  // work already logged today), so Today on a phone shows a real day. None at a weekend: nobody works then.
  const rules = tx.select().from(schema.marketingBlocks).where(eq(schema.marketingBlocks.firmId, firm.id)).all();
  const todays = expandBlocks(rules, [], day0, day0, zone, off);
  const appts = tx.select().from(schema.appointments).where(eq(schema.appointments.firmId, firm.id)).all();
  const logged = tx.select().from(schema.timeEntries).where(eq(schema.timeEntries.firmId, firm.id)).all();
  const microToday = clients.filter((c) => c.tier === 'micro');
  const jobs = [
    'Printer jams on every second page',
    'New PC for the front desk',
    'Backups failing since Monday',
    'Wi-Fi dead in the back room',
  ];
  let job = 0;
  for (const userId of [marcus, priya]) {
    if (isOff(userId, day0)) continue;
    const busy = [
      ...todays.filter((o) => o.userId === userId).map((o) => [o.startsAt, o.endsAt] as const),
      ...appts.filter((a) => a.userId === userId).map((a) => [a.startsAt, a.endsAt] as const),
      ...logged.filter((e) => e.userId === userId).map((e) => [e.startedAt, e.startedAt + e.minutes * MINUTE_MS] as const),
    ];
    // Each working hour of the day, the ones still ahead first, so the phone shows work to do where there is time left.
    const slots = workingHours(userId, weekdayOf(day0)).flatMap(([from, to]) =>
      Array.from({ length: (to - from) / 60 }, (_, k) => ({ hour: from / 60 + k, to })),
    );
    const ahead = (hour: number) => localToInstant(day0, hour * 60, zone) >= now;
    let placed = 0;
    for (const { hour, to } of [...slots.filter((x) => ahead(x.hour)), ...slots.filter((x) => !ahead(x.hour))]) {
      if (placed === 2) break;
      const client = microToday[(job * 5 + 3) % microToday.length];
      if (!client) break;
      const startsAt = localToInstant(day0, hour * 60 + (client.travel || 15), zone);
      const endsAt = startsAt + 45 * MINUTE_MS;
      const f0 = startsAt - client.travel * MINUTE_MS;
      const f1 = endsAt + client.travel * MINUTE_MS;
      if (f1 > localToInstant(day0, to, zone)) continue;
      if (busy.some(([a, b]) => a < f1 && f0 < b)) continue;
      busy.push([f0, f1]);
      tx.insert(schema.visits)
        .values({
          firmId: firm.id,
          clientId: client.id,
          durationMinutes: 45,
          priority: 3,
          earliestDate: day0,
          latestDate: day0,
          allowedUserIds: [],
          travelMinutes: client.travel,
          notes: jobs[job % jobs.length]!,
          status: 'scheduled',
          userId,
          startsAt,
          endsAt,
          createdByUserId: userIds[3] ?? owner,
          createdAt: now - 2 * DAY_MS,
          updatedAt: now,
        })
        .run();
      placed++;
      job++;
    }
  }

  // A dozen open requests from micro clients, "schedule me when you can".
  const micro = clients.filter((c) => c.tier === 'micro');
  const problems = [
    'Printer offline again',
    'New laptop setup',
    'Email not syncing on phone',
    'Slow PC, pop-ups',
    'Wi-Fi drops in back office',
    'Move PCs to new desks',
    'Backup drive full',
    'QuickBooks update',
    'Replace failing hard drive',
    'Set up new employee',
    'Router firmware and passwords',
    'Scanner to email',
  ];
  problems.forEach((notes, i) => {
    const client = micro[i % micro.length];
    if (!client) return;
    const start = addDays(day0, 1 + (i % 3));
    tx.insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: client.id,
        durationMinutes: [60, 90, 45, 120, 60, 90][i % 6]!,
        priority: [3, 2, 4, 3, 1, 5, 2, 3, 4, 2, 1, 3][i]!,
        earliestDate: start,
        latestDate: addDays(start, 6 + (i % 7)),
        allowedUserIds: i % 4 === 0 ? [marcus] : [],
        travelMinutes: client.travel,
        notes,
        createdByUserId: userIds[3] ?? owner,
        createdAt: now - (12 - i) * HOUR_MS,
        updatedAt: now,
      })
      .run();
  });
}

/**
 * The firm's next Christmas Day and New Year's Day, and three weekdays of
 * Priya's time off in the week after next (clear of the seeded appointments,
 * which fill this week and the next).
 */
function seedDaysOff(tx: Tx, firmId: number, priya: number, day0: string, monday: string): DaysOff {
  const year = Number(day0.slice(0, 4));
  const christmas = `${day0 <= `${year}-12-25` ? year : year + 1}-12-25`;
  const holidays = [
    { date: christmas, name: 'Christmas Day' },
    { date: `${year + 1}-01-01`, name: 'New Year’s Day' },
  ];
  for (const h of holidays)
    tx.insert(schema.firmHolidays)
      .values({ firmId, ...h })
      .run();
  const timeOff = [{ userId: priya, firstDate: addDays(monday, 16), lastDate: addDays(monday, 18), note: 'Family visit' }];
  for (const t of timeOff)
    tx.insert(schema.timeOff)
      .values({ firmId, ...t, byUserId: priya })
      .run();
  return { holidays, timeOff };
}
