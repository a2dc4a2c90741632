import { eq } from 'drizzle-orm';
import { addDays, localToInstant, mondayOf, today, weekdayOf } from '../lib/schedule/calendar';
import type { DB } from './index';
import * as schema from './schema';

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

/**
 * The demo firm's schedule, relative to the day it is seeded: working hours,
 * protected marketing blocks (weekly direct mail and follow-up calls, a
 * monthly networking breakfast, an expo day), sweet-spot appointments and a
 * dozen open micro-client requests the auto-scheduler can place.
 * `userIds` are owner, Marcus, Priya, Jo (staff).
 */
export function seedDemoSchedule(tx: Tx, firm: { id: number; timeZone: string }, userIds: number[], now: number) {
  const [owner, marcus, priya] = userIds as [number, number, number, number];
  const zone = firm.timeZone;
  const day0 = today(zone, now);
  const monday = mondayOf(day0);
  const bookable = [owner, marcus, priya];

  for (const userId of bookable) {
    for (let weekday = 1; weekday <= 5; weekday++) {
      tx.insert(schema.workingHours).values({ firmId: firm.id, userId, weekday, startMinute: 8 * 60, endMinute: 12 * 60 }).run();
      tx.insert(schema.workingHours).values({ firmId: firm.id, userId, weekday, startMinute: 13 * 60, endMinute: userId === owner ? 16 * 60 : 17 * 60 }).run();
    }
  }
  tx.update(schema.users).set({ microCapMinutesPerWeek: 8 * 60 }).where(eq(schema.users.id, marcus)).run();
  tx.update(schema.users).set({ microCapMinutesPerWeek: 10 * 60 }).where(eq(schema.users.id, priya)).run();

  const since = addDays(monday, -28);
  const weekly = (userId: number, kind: schema.MarketingKind, weekday: number, start: number, end: number, title = '') =>
    tx.insert(schema.marketingBlocks).values({ firmId: firm.id, userId, kind, title, repeat: 'weekly', weekday, startMinute: start, endMinute: end, firstDate: addDays(since, weekday - 1) }).run();
  const once = (userId: number, kind: schema.MarketingKind, date: string, start: number, end: number, title: string) =>
    tx.insert(schema.marketingBlocks).values({ firmId: firm.id, userId, kind, title, repeat: 'once', weekday: weekdayOf(date), startMinute: start, endMinute: end, firstDate: date, lastDate: date }).run();

  weekly(marcus, 'direct_mail', 2, 9 * 60, 11 * 60, 'Direct mail');
  weekly(marcus, 'direct_mail', 4, 9 * 60, 11 * 60, 'Direct mail');
  weekly(marcus, 'follow_up_calls', 5, 14 * 60, 16 * 60, 'Follow-up calls');
  weekly(priya, 'follow_up_calls', 1, 9 * 60, 11 * 60, 'Follow-up calls');
  weekly(priya, 'learning', 3, 14 * 60, 16 * 60, 'Certification study');
  weekly(owner, 'direct_mail', 2, 13 * 60, 15 * 60, 'Newsletter and mailing');
  // A monthly networking breakfast (first Wednesday), for the next three months.
  for (let m = 0; m < 3; m++) {
    const monthStart = new Date(`${day0.slice(0, 8)}01T12:00:00Z`);
    monthStart.setUTCMonth(monthStart.getUTCMonth() + m);
    const d = monthStart.toISOString().slice(0, 10);
    const wed = addDays(d, (3 - weekdayOf(d) + 7) % 7);
    for (const userId of bookable) once(userId, 'networking', wed, 7 * 60 + 30, 9 * 60, 'Chamber networking breakfast');
  }
  // An expo day next week.
  const expo = addDays(monday, 10); // next Thursday
  once(owner, 'expo', expo, 8 * 60, 16 * 60, 'Small Business IT Expo');
  once(marcus, 'expo', expo, 8 * 60, 12 * 60, 'Small Business IT Expo (booth)');

  // Sweet-spot appointments over the next two weeks.
  const clients = tx.select({ id: schema.clients.id, name: schema.clients.name, tier: schema.clients.tier, travel: schema.clients.defaultTravelMinutes }).from(schema.clients).where(eq(schema.clients.firmId, firm.id)).all();
  const sweet = clients.filter((c) => c.tier === 'sweet_spot' || c.tier === 'large');
  const appt = (userId: number, date: string, start: number, end: number, i: number, title: string) => {
    const client = sweet[i % sweet.length];
    tx.insert(schema.appointments)
      .values({ firmId: firm.id, userId, clientId: client?.id ?? null, title, startsAt: localToInstant(date, start, zone), endsAt: localToInstant(date, end, zone) })
      .run();
  };
  for (let week = 0; week < 2; week++) {
    const mon = addDays(monday, 7 * week);
    appt(marcus, addDays(mon, 0), 13 * 60, 16 * 60, week * 3, 'Server maintenance');
    appt(marcus, addDays(mon, 2), 8 * 60, 11 * 60, week * 3 + 1, 'Network upgrade');
    appt(priya, addDays(mon, 1), 13 * 60, 17 * 60, week * 3 + 2, 'Backup review and restore test');
    appt(priya, addDays(mon, 3), 9 * 60, 12 * 60, week * 3 + 3, 'Quarterly planning');
    appt(owner, addDays(mon, 4), 9 * 60, 11 * 60, week * 3 + 4, 'Account review');
  }

  // A dozen open requests from micro clients, "schedule me when you can".
  const micro = clients.filter((c) => c.tier === 'micro');
  const problems = ['Printer offline again', 'New laptop setup', 'Email not syncing on phone', 'Slow PC, pop-ups', 'Wi-Fi drops in back office', 'Move PCs to new desks', 'Backup drive full', 'QuickBooks update', 'Replace failing hard drive', 'Set up new employee', 'Router firmware and passwords', 'Scanner to email'];
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
        createdAt: now - (12 - i) * 3_600_000,
        updatedAt: now,
      })
      .run();
  });
}
