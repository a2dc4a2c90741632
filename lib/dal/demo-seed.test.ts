/**
 * The demo keeps Sweetspot's own promise: seeded on any day, at any hour, its
 * schedule passes the rule checks the app applies to a booking, and nobody is
 * in two places at once. Each seed moment gets a fresh database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { daysOffOf, occurrencesOf } from './internal/blocks';
import { dayOff } from '@/lib/time/recurrence';
import { BOOKED, checkPlacement } from './internal/placement';
import { workingHoursOf } from './internal/working-hours';
import { addDays, instantToLocal, mondayOf } from '@/lib/time/zoned';
import { timeRangeLabel } from '@/lib/time/format';
import { openDatabase, type DB } from '@/db';
import * as schema from '@/db/schema';
import { seedDemo } from '@/db/seed';

const MINUTE = 60_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-demo-seed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Seed moments on the demo firm's clock (America/Chicago, whose daylight-saving
 * changes fall on the same dates as New York's): every day of two weeks, at
 * hours that cut the day in different places (before work, mid-morning, over
 * lunch, mid-afternoon, after work, late night), the second Tuesday of a
 * month (the networking breakfast falls in the seeded week), month ends, both
 * daylight-saving changes of 2026 and the Mondays after them, and the days
 * around the firm's holidays (Christmas Day, New Year's Day).
 */
const HOURS = ['06:40', '09:20', '12:30', '14:50', '17:30', '23:55'];
const MOMENTS = [
  ...Array.from({ length: 14 }, (_, i) => `${addDays('2026-03-02', i)}T${HOURS[i % HOURS.length]}`),
  '2026-04-14T10:15', // second Tuesday of April
  '2026-12-24T09:30', // the day before Christmas Day (a Friday holiday, with the week's appointments around it)
  '2026-12-25T11:00', // Christmas Day itself
  '2026-12-31T16:00', // the day before New Year's Day
  '2026-03-31T16:45', // month end (a Tuesday)
  '2026-01-31T11:00', // month end (a Saturday)
  '2026-04-30T08:05', // month end (a Thursday)
  '2026-11-01T13:00', // clocks go back (a Sunday)
  '2026-11-02T15:10', // the Monday after
  '2026-03-09T07:55', // the Monday after clocks went forward, before work
];

type Span = { start: number; end: number; what: string };
const overlap = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Appointments on a firm holiday or the person's time off (visits are checked by checkPlacement), in words. */
function bookedOnDaysOff(db: DB, firmId: number): string[] {
  const zone = db.select({ zone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get()!.zone;
  const users = db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.firmId, firmId)).all();
  const off = daysOffOf(
    db,
    firmId,
    users.map((u) => u.id),
  );
  return db
    .select()
    .from(schema.appointments)
    .where(eq(schema.appointments.firmId, firmId))
    .all()
    .map((a) => [a, dayOff(off, a.userId, instantToLocal(a.startsAt, zone).date)] as const)
    .filter(([, why]) => why)
    .map(([a, why]) => `appointment “${a.title}” on ${why}`);
}

/** Every broken rule of the seeded firm, in words. */
function brokenRules(db: DB, firmId: number, now: number): string[] {
  const out: string[] = [];
  const zone = db.select({ zone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get()!.zone;
  const at = (a: number, b: number) => timeRangeLabel(zone, a, b, { hours: '24h' });
  const users = db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).where(eq(schema.users.firmId, firmId)).all();
  const visits = db
    .select({
      visit: schema.visits,
      clientName: schema.clients.name,
      clientTier: schema.clients.tier,
      clientRateCents: schema.clients.hourlyRateCents,
    })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(eq(schema.visits.firmId, firmId))
    .all()
    .filter((r) => BOOKED.includes(r.visit.status) && r.visit.startsAt !== null);
  const appointments = db.select().from(schema.appointments).where(eq(schema.appointments.firmId, firmId)).all();
  const entries = db.select().from(schema.timeEntries).where(eq(schema.timeEntries.firmId, firmId)).all();
  const hours = workingHoursOf(
    db,
    firmId,
    users.map((u) => u.id),
  );

  // 1. Each booked visit passes the app's own placement check, as if it were booked now (itself excluded).
  for (const { visit, clientName, clientTier, clientRateCents } of visits) {
    try {
      checkPlacement(db, firmId, { ...visit, clientName, clientTier, clientRateCents }, visit.userId!, visit.startsAt!);
    } catch (error) {
      out.push(`visit to ${clientName} ${at(visit.startsAt!, visit.endsAt!)}: ${(error as Error).message}`);
    }
  }

  for (const user of users) {
    const who = user.name;
    const footprints: Span[] = [
      ...visits
        .filter((r) => r.visit.userId === user.id)
        .map((r) => ({
          start: r.visit.startsAt! - r.visit.travelMinutes * MINUTE,
          end: r.visit.endsAt! + r.visit.travelMinutes * MINUTE,
          what: `visit to ${r.clientName} ${at(r.visit.startsAt!, r.visit.endsAt!)} (with travel)`,
        })),
      ...appointments
        .filter((a) => a.userId === user.id)
        .map((a) => ({ start: a.startsAt, end: a.endsAt, what: `appointment “${a.title}” ${at(a.startsAt, a.endsAt)}` })),
    ];

    // 2. Nothing booked inside a protected marketing occurrence, expanded by the app's own expansion.
    if (footprints.length) {
      const from = instantToLocal(Math.min(...footprints.map((f) => f.start)), zone).date;
      const to = instantToLocal(Math.max(...footprints.map((f) => f.end)), zone).date;
      const protectedTime = occurrencesOf(db, firmId, [user.id], addDays(from, -1), to, zone).filter((o) => !o.skipped);
      for (const f of footprints) {
        for (const o of protectedTime)
          if (f.start < o.endsAt && o.startsAt < f.end)
            out.push(`${who}: ${f.what} overlaps the protected “${o.title || o.kind}” ${at(o.startsAt, o.endsAt)}`);
      }
    }

    // 3. No two bookings of one person overlap.
    footprints.forEach((a, i) => footprints.slice(i + 1).forEach((b) => overlap(a, b) && out.push(`${who}: ${a.what} overlaps ${b.what}`)));

    // 4. Booked visits lie inside the person's working hours (the placement rule; checked here on its own too).
    for (const { visit, clientName } of visits.filter((r) => r.visit.userId === user.id)) {
      const f0 = instantToLocal(visit.startsAt! - visit.travelMinutes * MINUTE, zone);
      const f1 = instantToLocal(visit.endsAt! + visit.travelMinutes * MINUTE, zone);
      const day = hours.get(user.id)?.get(f0.weekday) ?? [];
      if (f1.date !== f0.date || !day.some(([a, b]) => a <= f0.minute && f1.minute <= b))
        out.push(`${who}: visit to ${clientName} ${at(visit.startsAt!, visit.endsAt!)} is outside working hours`);
    }

    // 5. Time entries: none overlaps another, none overlaps a booking it is not the record of, none ends after now.
    const mine = entries
      .filter((e) => e.userId === user.id)
      .map((e) => ({
        start: e.startedAt,
        end: e.startedAt + e.minutes * MINUTE,
        what: `time entry “${e.description}” ${at(e.startedAt, e.startedAt + e.minutes * MINUTE)}`,
        visitId: e.visitId,
      }));
    const sorted = [...mine].sort((a, b) => a.start - b.start);
    sorted.forEach((a, i) => {
      for (const b of sorted.slice(i + 1)) {
        if (b.start >= a.end) break;
        out.push(`${who}: ${a.what} overlaps ${b.what}`);
      }
    });
    const work: (Span & { visitId?: number })[] = [
      ...visits
        .filter((r) => r.visit.userId === user.id)
        .map((r) => ({
          start: r.visit.startsAt!,
          end: r.visit.endsAt!,
          what: `visit to ${r.clientName} ${at(r.visit.startsAt!, r.visit.endsAt!)}`,
          visitId: r.visit.id,
        })),
      ...appointments
        .filter((a) => a.userId === user.id)
        .map((a) => ({ start: a.startsAt, end: a.endsAt, what: `appointment “${a.title}” ${at(a.startsAt, a.endsAt)}` })),
    ];
    for (const e of mine) {
      for (const w of work) if (overlap(e, w) && e.visitId !== w.visitId) out.push(`${who}: ${e.what} overlaps the ${w.what}`);
      if (e.end > now) out.push(`${who}: ${e.what} ends after the seed's now`);
    }
  }
  return out;
}

describe('the demo seed', () => {
  it.each(MOMENTS)('seeded at %s (Chicago) books nothing over protected time and nobody twice', (moment) => {
    const now = DateTime.fromISO(moment, { zone: 'America/Chicago' }).toMillis();
    const db = openDatabase(path.join(dir, `${moment.replace(/:/g, '')}.db`));
    try {
      const { firmId } = seedDemo(db, now);
      expect(brokenRules(db, firmId, now)).toEqual([]);
      expect(bookedOnDaysOff(db, firmId)).toEqual([]);
      // The demo has days off to show: two holidays and Priya's few days.
      const off = daysOffOf(db, firmId, [
        db.select().from(schema.users).where(eq(schema.users.email, 'priya@northside.example')).get()!.id,
      ]);
      expect([off.holidays.length, off.timeOff.length]).toEqual([2, 1]);
      // The demo still shows a schedule and a history to look at.
      const booked = db
        .select({ id: schema.appointments.id })
        .from(schema.appointments)
        .where(eq(schema.appointments.firmId, firmId))
        .all();
      expect(booked.length).toBeGreaterThanOrEqual(8);
      const sinceMonday = DateTime.fromISO(mondayOf(moment.slice(0, 10)), { zone: 'America/Chicago' })
        .minus({ weeks: 52 })
        .toMillis();
      const history = db
        .select({ startedAt: schema.timeEntries.startedAt })
        .from(schema.timeEntries)
        .where(eq(schema.timeEntries.firmId, firmId))
        .all();
      expect(history.filter((e) => e.startedAt >= sinceMonday).length).toBeGreaterThan(1000);
    } finally {
      db.$client.close();
    }
  });
});
