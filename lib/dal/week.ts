import 'server-only';
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import type { Tier, VisitStatus } from '@/db/schema';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { addDays, instantToLocal, type LocalDate, weekOf } from '@/lib/time/zoned';
import type { KeptForMarketing } from '@/lib/planning/marketing-reserve';
import { appointmentsOverlapping } from './internal/appointments';
import { externalBusyOf } from './internal/external-busy';
import { keptForMarketing } from './internal/marketing-reserve';
import { blockName, daysOffOf, occurrencesOf } from './internal/blocks';
import { dayOffLabel } from '@/lib/time/recurrence';
import { shownTimes } from '@/lib/field/visit-times';
import { schedulablePeople, toPerson, type Person } from './internal/people';
import { BOOKED } from './internal/placement';
import { getUserOrThrow } from './internal/records';
import { workingHoursOf, type Interval } from './internal/working-hours';
import type { Member } from './session';
import { MINUTES_PER_DAY } from '@/lib/time/units';

/** The week view: each person's working hours, protected blocks, appointments and booked visits, day by day. */

export type WeekItem = {
  /**
   * `busy`: an event of the person's own other calendar, titled for them only ("Busy" for everyone else).
   * `reserve`: free time kept for the marketing the person still owes this week (not a booking: nothing to move).
   */
  type: 'block' | 'appointment' | 'visit' | 'busy' | 'reserve';
  id: number;
  title: string;
  detail: string;
  startMinute: number;
  endMinute: number;
  startsAt: number;
  endsAt: number;
  protectedBlock?: boolean;
  skipped?: string | null;
  status?: VisitStatus;
  tier?: Tier;
  /** A call-out still open: it has no end yet, so it reads "since 10:05" (startsAt is its check-in). */
  open?: boolean;
  /** A booked visit (not yet begun, not a call-out): what the grid needs to move it and to draw its travel. */
  visit?: VisitMoveFacts;
};

/** A visit's rules as the grid shows them while it is dragged; the server checks them again on the drop. */
export type VisitMoveFacts = {
  durationMinutes: number;
  travelMinutes: number;
  earliestDate: LocalDate;
  latestDate: LocalDate;
  /** Who may take it (empty: anyone). */
  allowedUserIds: number[];
  micro: boolean;
  movable: boolean;
};

/** `off`: why nothing happens that day for the person, as a heading ("Holiday: Founders Day", "Time off"), or null. */
export type WeekPerson = {
  person: Person;
  days: { date: LocalDate; hours: Interval[]; items: WeekItem[]; off: string | null }[];
  microMinutes: number;
};

export type WeekView = { monday: LocalDate; dates: LocalDate[]; zone: string; people: WeekPerson[]; weeklyMarketingTargetMinutes: number };

export function getWeek(member: Member, monday: LocalDate, who: number | 'team'): WeekView {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const firm = db
    .select({ timeZone: schema.firms.timeZone, target: schema.firms.weeklyMarketingTargetMinutes })
    .from(schema.firms)
    .where(eq(schema.firms.id, member.firmId))
    .get();
  if (!firm) throw new NotFoundError('The firm');
  const zone = firm.timeZone;
  let people: Person[];
  if (who === 'team') {
    assertCan(member.role, 'schedule.manage');
    people = schedulablePeople(db, member.firmId);
  } else {
    people = [toPerson(getUserOrThrow(db, member, who, 'schedule'))];
  }
  const ids = people.map((p) => p.id);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const hours = workingHoursOf(db, member.firmId, ids);
  const week = weekBookings(db, member.firmId, ids, monday, zone);
  // The same reserve the auto-scheduler protects, so the grid shows what it will not book.
  const kept = keptForMarketing(db, member.firmId, ids, zone, [monday, addDays(monday, 6)], Date.now());
  const shownBusy = week.busy.map((x) => (x.userId === member.userId ? x : { ...x, title: '' }));
  const off = daysOffOf(db, member.firmId, ids, monday, addDays(monday, 6));
  return {
    monday,
    dates,
    zone,
    weeklyMarketingTargetMinutes: firm.target,
    people: people.map((person): WeekPerson => {
      const items = weekItems(person.id, { ...week, busy: shownBusy, kept }, zone);
      const byDay = hours.get(person.id);
      return {
        person,
        microMinutes: week.booked
          .filter((x) => x.visit.userId === person.id && x.clientTier === 'micro')
          .reduce((s, x) => s + x.visit.durationMinutes, 0),
        days: dates.map((date, i) => ({
          date,
          hours: byDay?.get(i + 1) ?? [],
          off: dayOffLabel(off, person.id, date),
          items: items
            .filter(([d]) => d === date)
            .map(([, it]) => it)
            .sort((x, y) => x.startsAt - y.startsAt),
        })),
      };
    }),
  };
}

type WeekBookings = ReturnType<typeof weekBookings>;

const KEPT_DETAIL = 'free time held for the marketing still owed this week; the auto-scheduler books nothing here';

/** The people's block occurrences, appointments and booked visits in the local week starting `monday`. */
function weekBookings(db: Conn, firmId: number, ids: number[], monday: LocalDate, zone: string) {
  const { start: a, end: b } = weekOf(monday, zone);
  const occ = occurrencesOf(db, firmId, ids, monday, addDays(monday, 6), zone);
  const appts = appointmentsOverlapping(db, firmId, ids, a, b);
  const booked = ids.length
    ? db
        .select({ visit: schema.visits, clientName: schema.clients.name, clientTier: schema.clients.tier })
        .from(schema.visits)
        .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
        .where(
          and(
            eq(schema.visits.firmId, firmId),
            inArray(schema.visits.userId, ids),
            inArray(schema.visits.status, BOOKED),
            lt(schema.visits.startsAt, b),
            gt(schema.visits.endsAt, a),
          ),
        )
        .all()
    : [];
  const busy = externalBusyOf(db, firmId, ids, a, b);
  return { occ, appts, booked, busy };
}

/**
 * One person's items of the week, each with the local date it starts on. A visit shows what happened once it is
 * over (checked in → checked out), as Today does: a call-out's stored slot is a nominal hour from its start, so
 * four 2-minute call-outs would otherwise be drawn as four overlapping hours.
 */
function weekItems(
  personId: number,
  { occ, appts, booked, busy, kept }: WeekBookings & { kept: KeptForMarketing },
  zone: string,
): [LocalDate, WeekItem][] {
  const item = (x: Omit<WeekItem, 'startMinute' | 'endMinute'>): [LocalDate, WeekItem] => {
    const s = instantToLocal(x.startsAt, zone);
    const e = instantToLocal(x.endsAt, zone);
    return [s.date, { ...x, startMinute: s.minute, endMinute: e.date === s.date ? e.minute : MINUTES_PER_DAY }];
  };
  return [
    ...occ
      .filter((o) => o.userId === personId)
      .map((o) =>
        item({
          type: 'block',
          id: o.blockId,
          title: blockName(o),
          detail: o.skipped ? `skipped: ${o.skipped}` : o.moved ? `moved: ${o.moved}` : 'protected marketing time',
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          protectedBlock: !o.skipped,
          skipped: o.skipped,
        }),
      ),
    ...kept
      .filter((r) => r.userId === personId)
      .flatMap((r) => r.spans)
      .map(([startsAt, endsAt], i) =>
        item({ type: 'reserve', id: i, title: 'Kept for marketing (owed)', detail: KEPT_DETAIL, startsAt, endsAt, protectedBlock: true }),
      ),
    ...appts
      .filter((x) => x.userId === personId)
      .map((x) => item({ type: 'appointment', id: x.id, title: x.title, detail: x.client ?? '', startsAt: x.startsAt, endsAt: x.endsAt })),
    ...busy
      .filter((x) => x.userId === personId)
      .map((x) =>
        item({
          type: 'busy',
          id: x.id,
          // The title never leaves the server for anyone but the calendar's owner (getWeek blanks it).
          title: x.title || 'Busy',
          detail: x.title ? 'from your own calendar' : 'from their own calendar',
          startsAt: x.startsAt,
          endsAt: x.endsAt,
        }),
      ),
    ...booked
      .filter((x) => x.visit.userId === personId)
      .map((x) => {
        const shown = shownTimes({ ...x.visit, startsAt: x.visit.startsAt!, endsAt: x.visit.endsAt! });
        return item({
          type: 'visit',
          id: x.visit.id,
          title: x.clientName,
          detail: x.visit.unplanned ? 'call-out' : `${x.visit.travelMinutes} min travel each way · priority ${x.visit.priority}`,
          startsAt: shown.from,
          endsAt: shown.to ?? shown.from,
          status: x.visit.status,
          tier: x.clientTier,
          visit: {
            durationMinutes: x.visit.durationMinutes,
            travelMinutes: x.visit.travelMinutes,
            earliestDate: x.visit.earliestDate,
            latestDate: x.visit.latestDate,
            allowedUserIds: x.visit.allowedUserIds,
            micro: x.clientTier === 'micro',
            movable: x.visit.status === 'scheduled' && !x.visit.unplanned,
          },
          ...(shown.to === null ? { open: true } : {}),
        });
      }),
  ];
}
