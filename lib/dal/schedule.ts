import 'server-only';
import { and, asc, eq, gt, inArray, isNotNull, lt, ne } from 'drizzle-orm';
import { getDb, schema, type DB } from '@/db';
import type { Tier, VisitStatus } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { marketingKindLabels } from '@/lib/labels';
import { assertCan, can, ForbiddenError, NotFoundError } from '@/lib/permissions';
import {
  addDays,
  expandBlocks,
  formatMinute,
  instantToLocal,
  localToInstant,
  mondayOf,
  timeRangeLabel,
  type BlockException,
  type BlockRule,
  type LocalDate,
  type Occurrence,
  weekOf,
} from '@/lib/schedule/calendar';
import type { AppointmentInput, MarketingBlockInput, VisitRequestInput, WorkingHoursInput } from '@/lib/validations/schedule';
import { recordAudit } from './audit';
import { firmTimeZone } from './firm';
import type { Member } from './session';

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
type Conn = Tx | DB;

const MINUTE = 60_000;
/** Visits in these states hold their time. */
export const BOOKED: VisitStatus[] = ['scheduled', 'checked_in', 'done'];

// ---------------------------------------------------------------------------
// Who may act on whose schedule

export type Person = { id: number; name: string; role: 'owner' | 'consultant' | 'staff'; microCapMinutesPerWeek: number | null };

/** People whose time can be booked: active owners and consultants of the firm. */
export function schedulablePeople(conn: Conn, firmId: number): Person[] {
  return conn
    .select({ id: schema.users.id, name: schema.users.name, role: schema.users.role, microCapMinutesPerWeek: schema.users.microCapMinutesPerWeek })
    .from(schema.users)
    .where(and(eq(schema.users.firmId, firmId), eq(schema.users.active, true), inArray(schema.users.role, ['owner', 'consultant'])))
    .orderBy(asc(schema.users.name))
    .all();
}

/**
 * The person `userId` if the caller may work on their schedule: managers (owner,
 * staff) on anyone's in the firm, consultants only on their own. Another firm's
 * id is "not found", like a missing one.
 */
export function personFor(conn: Conn, member: Member, userId: number): Person {
  const row = conn
    .select({ id: schema.users.id, name: schema.users.name, role: schema.users.role, microCapMinutesPerWeek: schema.users.microCapMinutesPerWeek })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That person');
  if (!can(member.role, 'schedule.manage')) {
    if (!(can(member.role, 'schedule.own') && userId === member.userId)) throw new ForbiddenError('schedule.manage');
  }
  return row;
}

const firmZone = firmTimeZone;

/** The people whose time can be booked, for a page: any member may see who takes visits. */
export function listSchedulablePeople(member: Member): Person[] {
  assertCan(member.role, 'schedule.read');
  return schedulablePeople(getDb(), member.firmId);
}

// ---------------------------------------------------------------------------
// Working hours and the micro cap

export type Interval = [number, number];

export function workingHoursOf(conn: Conn, firmId: number, userIds: number[]): Map<number, Map<number, Interval[]>> {
  const out = new Map<number, Map<number, Interval[]>>();
  if (userIds.length === 0) return out;
  const rows = conn
    .select()
    .from(schema.workingHours)
    .where(and(eq(schema.workingHours.firmId, firmId), inArray(schema.workingHours.userId, userIds)))
    .orderBy(asc(schema.workingHours.weekday), asc(schema.workingHours.startMinute))
    .all();
  for (const r of rows) {
    const byDay = out.get(r.userId) ?? new Map<number, Interval[]>();
    byDay.set(r.weekday, [...(byDay.get(r.weekday) ?? []), [r.startMinute, r.endMinute]]);
    out.set(r.userId, byDay);
  }
  return out;
}

export function getWorkingHours(member: Member, userId: number): { person: Person; days: Interval[][] } {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = personFor(db, member, userId);
  const byDay = workingHoursOf(db, member.firmId, [userId]).get(userId);
  return { person, days: [1, 2, 3, 4, 5, 6, 7].map((d) => byDay?.get(d) ?? []) };
}

/** Replaces a person's working hours in one transaction; the old and new sets go into the audit log. */
export function setWorkingHours(member: Member, input: WorkingHoursInput): void {
  const db = getDb();
  db.transaction(
    (tx) => {
      const person = personFor(tx, member, input.userId);
      const before = workingHoursOf(tx, member.firmId, [person.id]).get(person.id);
      tx.delete(schema.workingHours).where(and(eq(schema.workingHours.firmId, member.firmId), eq(schema.workingHours.userId, person.id))).run();
      const days = [input.day1, input.day2, input.day3, input.day4, input.day5, input.day6, input.day7];
      days.forEach((intervals, i) => {
        for (const [startMinute, endMinute] of intervals) {
          tx.insert(schema.workingHours).values({ firmId: member.firmId, userId: person.id, weekday: i + 1, startMinute, endMinute }).run();
        }
      });
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: 'schedule.working_hours',
        entityType: 'user',
        entityId: person.id,
        before: before ? Object.fromEntries(before) : {},
        after: Object.fromEntries(days.map((d, i) => [i + 1, d]).filter(([, d]) => (d as Interval[]).length)),
      });
    },
    { behavior: 'immediate' },
  );
}

export function setMicroCap(member: Member, userId: number, minutes: number | null): void {
  assertCan(member.role, 'schedule.manage');
  getDb().transaction(
    (tx) => {
      const person = personFor(tx, member, userId);
      tx.update(schema.users).set({ microCapMinutesPerWeek: minutes }).where(eq(schema.users.id, person.id)).run();
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: 'schedule.micro_cap',
        entityType: 'user',
        entityId: person.id,
        before: { microCapMinutesPerWeek: person.microCapMinutesPerWeek },
        after: { microCapMinutesPerWeek: minutes },
      });
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------------------
// Marketing blocks

function rulesOf(conn: Conn, firmId: number, userIds: number[]): BlockRule[] {
  if (userIds.length === 0) return [];
  return conn
    .select({
      id: schema.marketingBlocks.id,
      userId: schema.marketingBlocks.userId,
      kind: schema.marketingBlocks.kind,
      title: schema.marketingBlocks.title,
      repeat: schema.marketingBlocks.repeat,
      weekday: schema.marketingBlocks.weekday,
      startMinute: schema.marketingBlocks.startMinute,
      endMinute: schema.marketingBlocks.endMinute,
      firstDate: schema.marketingBlocks.firstDate,
      lastDate: schema.marketingBlocks.lastDate,
    })
    .from(schema.marketingBlocks)
    .where(and(eq(schema.marketingBlocks.firmId, firmId), inArray(schema.marketingBlocks.userId, userIds)))
    .all();
}

/** The people's marketing block rules and every skip or move of them. */
export function blockRulesOf(conn: Conn, firmId: number, userIds: number[]): { rules: BlockRule[]; exceptions: BlockException[] } {
  const rules = rulesOf(conn, firmId, userIds);
  if (rules.length === 0) return { rules, exceptions: [] };
  const exceptions = conn
    .select({
      blockId: schema.marketingExceptions.blockId,
      date: schema.marketingExceptions.date,
      action: schema.marketingExceptions.action,
      startMinute: schema.marketingExceptions.startMinute,
      endMinute: schema.marketingExceptions.endMinute,
      reason: schema.marketingExceptions.reason,
    })
    .from(schema.marketingExceptions)
    .where(and(eq(schema.marketingExceptions.firmId, firmId), inArray(schema.marketingExceptions.blockId, rules.map((r) => r.id))))
    .all();
  return { rules, exceptions };
}

/** Occurrences of the people's marketing blocks on local dates [from, to], skips and moves applied. */
export function occurrencesOf(conn: Conn, firmId: number, userIds: number[], from: LocalDate, to: LocalDate, zone: string): Occurrence[] {
  const { rules, exceptions } = blockRulesOf(conn, firmId, userIds);
  return rules.length ? expandBlocks(rules, exceptions, from, to, zone) : [];
}

export function blockName(o: { kind: string; title: string }): string {
  return o.title || marketingKindLabels[o.kind as keyof typeof marketingKindLabels] || o.kind;
}

export function createMarketingBlock(member: Member, input: MarketingBlockInput): number {
  return getDb().transaction(
    (tx) => {
      const person = personFor(tx, member, input.userId);
      const weekday = instantToLocal(Date.parse(`${input.firstDate}T12:00:00Z`), 'UTC').weekday;
      const row = tx
        .insert(schema.marketingBlocks)
        .values({
          firmId: member.firmId,
          userId: person.id,
          kind: input.kind,
          title: input.title,
          repeat: input.repeat,
          weekday,
          startMinute: input.start,
          endMinute: input.end,
          firstDate: input.firstDate,
          lastDate: input.repeat === 'once' ? input.firstDate : input.lastDate,
        })
        .returning({ id: schema.marketingBlocks.id })
        .get();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'marketing.create', entityType: 'marketing_block', entityId: row.id, after: { ...input, userId: person.id } });
      return row.id;
    },
    { behavior: 'immediate' },
  );
}

function blockFor(conn: Conn, member: Member, blockId: number) {
  const block = conn
    .select()
    .from(schema.marketingBlocks)
    .where(and(eq(schema.marketingBlocks.id, blockId), eq(schema.marketingBlocks.firmId, member.firmId)))
    .get();
  if (!block) throw new NotFoundError('That marketing block');
  personFor(conn, member, block.userId);
  return block;
}

/** The occurrence of `block` on `date`, or a field error saying there is none. */
function occurrenceOn(conn: Conn, member: Member, blockId: number, date: LocalDate): Occurrence {
  const block = blockFor(conn, member, blockId);
  const zone = firmZone(conn, member.firmId);
  const occ = occurrencesOf(conn, member.firmId, [block.userId], date, date, zone).find((o) => o.blockId === blockId);
  if (!occ) throw new UserFacingError(`“${blockName(block)}” does not happen on ${date}.`, 'date');
  return occ;
}

/**
 * Skips one occurrence: the only way, with moving it, to free protected time.
 * Refused while a visit or appointment still sits in it? No — skipping frees
 * time, it cannot create a conflict. Recorded with the reason.
 */
export function skipOccurrence(member: Member, blockId: number, date: LocalDate, reason: string): void {
  getDb().transaction(
    (tx) => {
      const occ = occurrenceOn(tx, member, blockId, date);
      if (occ.skipped) throw new UserFacingError('That occurrence is already skipped.', 'date');
      tx.delete(schema.marketingExceptions).where(and(eq(schema.marketingExceptions.blockId, blockId), eq(schema.marketingExceptions.date, date))).run();
      tx.insert(schema.marketingExceptions).values({ firmId: member.firmId, blockId, date, action: 'skip', reason, byUserId: member.userId }).run();
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: 'marketing.skip',
        entityType: 'marketing_block',
        entityId: blockId,
        before: { date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
        after: { date, skipped: true, reason },
      });
    },
    { behavior: 'immediate' },
  );
}

/** Moves one occurrence to other times that day; the new time must not hold a booking. */
export function moveOccurrence(member: Member, blockId: number, date: LocalDate, start: number, end: number, reason: string): void {
  getDb().transaction(
    (tx) => {
      const occ = occurrenceOn(tx, member, blockId, date);
      const zone = firmZone(tx, member.firmId);
      const s = localToInstant(date, start, zone);
      const e = localToInstant(date, end, zone);
      const clash = bookingsOverlapping(tx, member.firmId, occ.userId, s, e, null)[0];
      if (clash) throw new UserFacingError(`The new time overlaps ${clash}; choose another time.`, 'start');
      tx.delete(schema.marketingExceptions).where(and(eq(schema.marketingExceptions.blockId, blockId), eq(schema.marketingExceptions.date, date))).run();
      tx.insert(schema.marketingExceptions).values({ firmId: member.firmId, blockId, date, action: 'move', startMinute: start, endMinute: end, reason, byUserId: member.userId }).run();
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: 'marketing.move',
        entityType: 'marketing_block',
        entityId: blockId,
        before: { date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
        after: { date, start: formatMinute(start), end: formatMinute(end), reason },
      });
    },
    { behavior: 'immediate' },
  );
}

/** Ends a weekly rule after `lastDate` (occurrences up to then stay protected). */
export function endMarketingBlock(member: Member, blockId: number, lastDate: LocalDate, reason: string): void {
  getDb().transaction(
    (tx) => {
      const block = blockFor(tx, member, blockId);
      if (lastDate < block.firstDate) throw new UserFacingError(`The last date must not be before ${block.firstDate}.`, 'lastDate');
      tx.update(schema.marketingBlocks).set({ lastDate }).where(eq(schema.marketingBlocks.id, blockId)).run();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'marketing.end', entityType: 'marketing_block', entityId: blockId, before: { lastDate: block.lastDate }, after: { lastDate, reason } });
    },
    { behavior: 'immediate' },
  );
}

export type BlockDTO = BlockRule & { name: string };

export function listMarketing(member: Member, userId: number, from: LocalDate, weeks: number): { person: Person; rules: BlockDTO[]; occurrences: Occurrence[] } {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = personFor(db, member, userId);
  const zone = firmZone(db, member.firmId);
  const rules = rulesOf(db, member.firmId, [person.id]).map((r) => ({ ...r, name: blockName(r) }));
  return { person, rules, occurrences: occurrencesOf(db, member.firmId, [person.id], from, addDays(from, weeks * 7 - 1), zone) };
}

/** Occurrences skipped (not moved) in the firm between two local dates: the dashboard counts them. */
export function skippedBlocks(member: Member, from: LocalDate, to: LocalDate, userId?: number): number {
  if (userId === undefined || userId !== member.userId) assertCan(member.role, 'dashboard.firm');
  const firmId = member.firmId;
  const db = getDb();
  const rows = db
    .select({ userId: schema.marketingBlocks.userId })
    .from(schema.marketingExceptions)
    .innerJoin(schema.marketingBlocks, eq(schema.marketingBlocks.id, schema.marketingExceptions.blockId))
    .where(
      and(
        eq(schema.marketingExceptions.firmId, firmId),
        eq(schema.marketingExceptions.action, 'skip'),
        gt(schema.marketingExceptions.date, addDays(from, -1)),
        lt(schema.marketingExceptions.date, addDays(to, 1)),
      ),
    )
    .all();
  return rows.filter((r) => userId === undefined || r.userId === userId).length;
}

// ---------------------------------------------------------------------------
// Appointments

export function createAppointment(member: Member, input: AppointmentInput): number {
  return getDb().transaction(
    (tx) => {
      const person = personFor(tx, member, input.userId);
      if (input.clientId !== null) {
        const client = tx.select({ id: schema.clients.id }).from(schema.clients).where(and(eq(schema.clients.id, input.clientId), eq(schema.clients.firmId, member.firmId))).get();
        if (!client) throw new UserFacingError('Choose a client from the list.', 'clientId');
      }
      const zone = firmZone(tx, member.firmId);
      const startsAt = localToInstant(input.date, input.start, zone);
      const endsAt = localToInstant(input.date, input.end, zone);
      const blocking = blockOverlapping(tx, member.firmId, person.id, startsAt, endsAt, zone);
      if (blocking) throw new UserFacingError(`That overlaps the protected marketing block ${blocking}. Skip or move that occurrence first if you really mean to.`, 'start');
      const clash = bookingsOverlapping(tx, member.firmId, person.id, startsAt, endsAt, null)[0];
      if (clash) throw new UserFacingError(`That overlaps ${clash}.`, 'start');
      const row = tx
        .insert(schema.appointments)
        .values({ firmId: member.firmId, userId: person.id, clientId: input.clientId, title: input.title, startsAt, endsAt, notes: input.notes })
        .returning({ id: schema.appointments.id })
        .get();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'appointment.create', entityType: 'appointment', entityId: row.id, after: { ...input, userId: person.id } });
      return row.id;
    },
    { behavior: 'immediate' },
  );
}

export function deleteAppointment(member: Member, appointmentId: number): void {
  getDb().transaction(
    (tx) => {
      const row = tx
        .select()
        .from(schema.appointments)
        .where(and(eq(schema.appointments.id, appointmentId), eq(schema.appointments.firmId, member.firmId)))
        .get();
      if (!row) throw new NotFoundError('That appointment');
      personFor(tx, member, row.userId);
      tx.delete(schema.appointments).where(eq(schema.appointments.id, row.id)).run();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'appointment.delete', entityType: 'appointment', entityId: row.id, before: row });
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------------------
// Conflicts

const timeRange = timeRangeLabel;

/** The protected (not skipped) marketing occurrence overlapping [a, b) for the person, named with its time, or null. */
function blockOverlapping(conn: Conn, firmId: number, userId: number, a: number, b: number, zone: string): string | null {
  const from = instantToLocal(a, zone).date;
  const to = instantToLocal(b, zone).date;
  const occ = occurrencesOf(conn, firmId, [userId], addDays(from, -1), to, zone).find((o) => !o.skipped && o.startsAt < b && a < o.endsAt);
  return occ ? `“${blockName(occ)}” (${timeRange(zone, occ.startsAt, occ.endsAt)})` : null;
}

/** Appointments and booked visit footprints of the person overlapping [a, b), described for a message. */
function bookingsOverlapping(conn: Conn, firmId: number, userId: number, a: number, b: number, ignoreVisitId: number | null): string[] {
  const zone = firmZone(conn, firmId);
  const out: string[] = [];
  const appts = conn
    .select({ title: schema.appointments.title, startsAt: schema.appointments.startsAt, endsAt: schema.appointments.endsAt })
    .from(schema.appointments)
    .where(and(eq(schema.appointments.firmId, firmId), eq(schema.appointments.userId, userId), lt(schema.appointments.startsAt, b), gt(schema.appointments.endsAt, a)))
    .all();
  for (const x of appts) out.push(`the appointment “${x.title}” (${timeRange(zone, x.startsAt, x.endsAt)})`);
  const booked = conn
    .select({ id: schema.visits.id, startsAt: schema.visits.startsAt, endsAt: schema.visits.endsAt, travel: schema.visits.travelMinutes, client: schema.clients.name })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, firmId),
        eq(schema.visits.userId, userId),
        inArray(schema.visits.status, BOOKED),
        isNotNull(schema.visits.startsAt),
        lt(schema.visits.startsAt, b + 24 * 60 * MINUTE),
        gt(schema.visits.endsAt, a - 24 * 60 * MINUTE),
        ignoreVisitId === null ? undefined : ne(schema.visits.id, ignoreVisitId),
      ),
    )
    .all();
  for (const v of booked) {
    const f0 = v.startsAt! - v.travel * MINUTE;
    const f1 = v.endsAt! + v.travel * MINUTE;
    if (f0 < b && a < f1) out.push(`the visit to ${v.client} (${timeRange(zone, v.startsAt!, v.endsAt!)}, with ${v.travel} min travel each way)`);
  }
  return out;
}

type VisitRow = typeof schema.visits.$inferSelect & { clientName: string; clientTier: Tier };

function visitFor(conn: Conn, member: Member, visitId: number): VisitRow {
  const row = conn
    .select({ visit: schema.visits, clientName: schema.clients.name, clientTier: schema.clients.tier })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(and(eq(schema.visits.id, visitId), eq(schema.visits.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That visit');
  return { ...row.visit, clientName: row.clientName, clientTier: row.clientTier };
}

/** Micro-client visit minutes booked for the person in the local week starting `monday`. */
function microMinutesInWeek(conn: Conn, firmId: number, userId: number, monday: LocalDate, zone: string, ignoreVisitId: number | null): number {
  const { start: a, end: b } = weekOf(monday, zone);
  const rows = conn
    .select({ id: schema.visits.id, minutes: schema.visits.durationMinutes })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, firmId),
        eq(schema.visits.userId, userId),
        eq(schema.clients.tier, 'micro'),
        inArray(schema.visits.status, BOOKED),
        gt(schema.visits.startsAt, a - 1),
        lt(schema.visits.startsAt, b),
      ),
    )
    .all();
  return rows.filter((r) => r.id !== ignoreVisitId).reduce((s, r) => s + r.minutes, 0);
}

/**
 * Every rule a booked visit must obey, checked against the database as it is
 * (call inside the transaction that writes). Throws a UserFacingError naming
 * what is in the way.
 */
export function checkPlacement(conn: Conn, firmId: number, visit: VisitRow, userId: number, startsAt: number): void {
  const zone = firmZone(conn, firmId);
  const person = schedulablePeople(conn, firmId).find((p) => p.id === userId);
  if (!person) throw new UserFacingError('Choose an active consultant of the firm.', 'userId');
  if (visit.allowedUserIds.length && !visit.allowedUserIds.includes(userId)) throw new UserFacingError(`${person.name} is not among the consultants this request allows.`, 'userId');
  const endsAt = startsAt + visit.durationMinutes * MINUTE;
  const f0 = startsAt - visit.travelMinutes * MINUTE;
  const f1 = endsAt + visit.travelMinutes * MINUTE;
  const s = instantToLocal(startsAt, zone);
  const e = instantToLocal(endsAt, zone);
  const lastDay = e.minute === 0 ? addDays(e.date, -1) : e.date;
  if (s.date < visit.earliestDate || lastDay > visit.latestDate) {
    throw new UserFacingError(`The visit must fall between ${visit.earliestDate} and ${visit.latestDate} (its window).`, 'date');
  }
  const fs = instantToLocal(f0, zone);
  const fe = instantToLocal(f1, zone);
  const feMinute = fe.date !== fs.date && fe.minute === 0 ? 1440 : fe.minute;
  const hours = workingHoursOf(conn, firmId, [userId]).get(userId)?.get(fs.weekday) ?? [];
  const sameDay = fe.date === fs.date || feMinute === 1440;
  if (!sameDay || !hours.some(([a, b]) => a <= fs.minute && feMinute <= b)) {
    throw new UserFacingError(
      `With ${visit.travelMinutes} min travel each way (${formatMinute(fs.minute)}–${formatMinute(feMinute)}) that is outside ${person.name}’s working hours${hours.length ? ` (${hours.map(([a, b]) => `${formatMinute(a)}–${formatMinute(b)}`).join(', ')})` : ' — none that day'}.`,
      'start',
    );
  }
  const blocking = blockOverlapping(conn, firmId, userId, f0, f1, zone);
  if (blocking) throw new UserFacingError(`That overlaps the protected marketing block ${blocking}. Skip or move that occurrence first if you really mean to.`, 'start');
  const clash = bookingsOverlapping(conn, firmId, userId, f0, f1, visit.id)[0];
  if (clash) throw new UserFacingError(`With travel, that overlaps ${clash}.`, 'start');
  if (visit.clientTier === 'micro' && person.microCapMinutesPerWeek !== null) {
    const monday = mondayOf(s.date);
    const used = microMinutesInWeek(conn, firmId, userId, monday, zone, visit.id);
    if (used + visit.durationMinutes > person.microCapMinutesPerWeek) {
      throw new UserFacingError(
        `That would put ${person.name} at ${((used + visit.durationMinutes) / 60).toFixed(1)} h of micro-client visits in the week of ${monday}, over the weekly cap of ${(person.microCapMinutesPerWeek / 60).toFixed(1)} h.`,
        'start',
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Visit requests and visits

export function createVisitRequest(member: Member, input: VisitRequestInput): number {
  assertCan(member.role, 'schedule.manage');
  return getDb().transaction(
    (tx) => {
      const client = tx
        .select({ id: schema.clients.id, travel: schema.clients.defaultTravelMinutes, status: schema.clients.status })
        .from(schema.clients)
        .where(and(eq(schema.clients.id, input.clientId), eq(schema.clients.firmId, member.firmId)))
        .get();
      if (!client) throw new UserFacingError('Choose a client from the list.', 'clientId');
      if (client.status === 'archived') throw new UserFacingError('That client is archived; restore it first.', 'clientId');
      const people = schedulablePeople(tx, member.firmId).map((p) => p.id);
      const allowed = [...new Set(input.allowed)];
      if (allowed.some((id) => !people.includes(id))) throw new UserFacingError('Choose consultants from the list.', 'allowed');
      const row = tx
        .insert(schema.visits)
        .values({
          firmId: member.firmId,
          clientId: client.id,
          durationMinutes: input.durationMinutes,
          priority: input.priority,
          earliestDate: input.earliestDate,
          latestDate: input.latestDate,
          allowedUserIds: allowed,
          travelMinutes: input.travelMinutes ?? client.travel,
          notes: input.notes,
          createdByUserId: member.userId,
        })
        .returning({ id: schema.visits.id })
        .get();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'visit.request', entityType: 'visit', entityId: row.id, after: { ...input, allowed } });
      return row.id;
    },
    { behavior: 'immediate' },
  );
}

/** Places or moves a visit by hand: the same rules as the scheduler, checked in the writing transaction. */
export function placeVisit(member: Member, visitId: number, userId: number, date: LocalDate, start: number): void {
  assertCan(member.role, 'schedule.manage');
  getDb().transaction(
    (tx) => {
      const visit = visitFor(tx, member, visitId);
      if (visit.status !== 'open' && visit.status !== 'scheduled') throw new UserFacingError(`A visit that is ${visit.status.replace('_', ' ')} cannot be moved.`);
      const zone = firmZone(tx, member.firmId);
      const startsAt = localToInstant(date, start, zone);
      checkPlacement(tx, member.firmId, visit, userId, startsAt);
      const endsAt = startsAt + visit.durationMinutes * MINUTE;
      tx.update(schema.visits).set({ status: 'scheduled', userId, startsAt, endsAt, updatedAt: Date.now() }).where(eq(schema.visits.id, visit.id)).run();
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: visit.status === 'open' ? 'visit.place' : 'visit.move',
        entityType: 'visit',
        entityId: visit.id,
        before: { status: visit.status, userId: visit.userId, startsAt: visit.startsAt },
        after: { status: 'scheduled', userId, startsAt },
      });
    },
    { behavior: 'immediate' },
  );
}

export function cancelVisit(member: Member, visitId: number): void {
  assertCan(member.role, 'schedule.manage');
  getDb().transaction(
    (tx) => {
      const visit = visitFor(tx, member, visitId);
      if (visit.status !== 'open' && visit.status !== 'scheduled') throw new UserFacingError(`A visit that is ${visit.status.replace('_', ' ')} cannot be cancelled.`);
      tx.update(schema.visits).set({ status: 'cancelled', updatedAt: Date.now() }).where(eq(schema.visits.id, visit.id)).run();
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'visit.cancel', entityType: 'visit', entityId: visit.id, before: { status: visit.status }, after: { status: 'cancelled' } });
    },
    { behavior: 'immediate' },
  );
}

export type VisitDTO = {
  id: number;
  clientId: number;
  clientName: string;
  clientTier: Tier;
  durationMinutes: number;
  priority: number;
  earliestDate: string;
  latestDate: string;
  allowedUserIds: number[];
  travelMinutes: number;
  notes: string;
  status: VisitStatus;
  userId: number | null;
  startsAt: number | null;
  endsAt: number | null;
};

export function getVisit(member: Member, visitId: number): VisitDTO {
  assertCan(member.role, 'schedule.read');
  const v = visitFor(getDb(), member, visitId);
  if (!can(member.role, 'schedule.manage') && v.userId !== member.userId) throw new NotFoundError('That visit');
  return toDTO(v);
}

const toDTO = (v: VisitRow): VisitDTO => ({
  id: v.id,
  clientId: v.clientId,
  clientName: v.clientName,
  clientTier: v.clientTier,
  durationMinutes: v.durationMinutes,
  priority: v.priority,
  earliestDate: v.earliestDate,
  latestDate: v.latestDate,
  allowedUserIds: v.allowedUserIds,
  travelMinutes: v.travelMinutes,
  notes: v.notes,
  status: v.status,
  userId: v.userId,
  startsAt: v.startsAt,
  endsAt: v.endsAt,
});

export function listOpenRequests(member: Member): (VisitDTO & { fromPage: boolean })[] {
  assertCan(member.role, 'schedule.manage');
  return getDb()
    .select({ visit: schema.visits, clientName: schema.clients.name, clientTier: schema.clients.tier, pageRequest: schema.publicRequests.id })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .leftJoin(schema.publicRequests, eq(schema.publicRequests.visitId, schema.visits.id))
    .where(and(eq(schema.visits.firmId, member.firmId), eq(schema.visits.status, 'open')))
    .orderBy(asc(schema.visits.latestDate), asc(schema.visits.id))
    .all()
    .map((r) => ({ ...toDTO({ ...r.visit, clientName: r.clientName, clientTier: r.clientTier }), fromPage: r.pageRequest !== null }));
}

// ---------------------------------------------------------------------------
// The week view

export type WeekItem = {
  type: 'block' | 'appointment' | 'visit';
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
};

export type WeekPerson = { person: Person; days: { date: LocalDate; hours: Interval[]; items: WeekItem[] }[]; microMinutes: number };

export type WeekView = { monday: LocalDate; dates: LocalDate[]; zone: string; people: WeekPerson[]; weeklyMarketingTargetMinutes: number };

export function getWeek(member: Member, monday: LocalDate, who: number | 'team'): WeekView {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const firm = db.select({ timeZone: schema.firms.timeZone, target: schema.firms.weeklyMarketingTargetMinutes }).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get();
  if (!firm) throw new NotFoundError('The firm');
  const zone = firm.timeZone;
  let people: Person[];
  if (who === 'team') {
    assertCan(member.role, 'schedule.manage');
    people = schedulablePeople(db, member.firmId);
  } else {
    people = [personFor(db, member, who)];
  }
  const ids = people.map((p) => p.id);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const { start: a, end: b } = weekOf(monday, zone);
  const hours = workingHoursOf(db, member.firmId, ids);
  const occ = occurrencesOf(db, member.firmId, ids, monday, dates[6]!, zone);
  const appts = ids.length
    ? db
        .select({ id: schema.appointments.id, userId: schema.appointments.userId, title: schema.appointments.title, startsAt: schema.appointments.startsAt, endsAt: schema.appointments.endsAt, client: schema.clients.name })
        .from(schema.appointments)
        .leftJoin(schema.clients, eq(schema.clients.id, schema.appointments.clientId))
        .where(and(eq(schema.appointments.firmId, member.firmId), inArray(schema.appointments.userId, ids), lt(schema.appointments.startsAt, b), gt(schema.appointments.endsAt, a)))
        .all()
    : [];
  const booked = ids.length
    ? db
        .select({ visit: schema.visits, clientName: schema.clients.name, clientTier: schema.clients.tier })
        .from(schema.visits)
        .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
        .where(and(eq(schema.visits.firmId, member.firmId), inArray(schema.visits.userId, ids), inArray(schema.visits.status, BOOKED), lt(schema.visits.startsAt, b), gt(schema.visits.endsAt, a)))
        .all()
    : [];
  const item = (x: Omit<WeekItem, 'startMinute' | 'endMinute'>): [LocalDate, WeekItem] => {
    const s = instantToLocal(x.startsAt, zone);
    const e = instantToLocal(x.endsAt, zone);
    return [s.date, { ...x, startMinute: s.minute, endMinute: e.date === s.date ? e.minute : 1440 }];
  };
  return {
    monday,
    dates,
    zone,
    weeklyMarketingTargetMinutes: firm.target,
    people: people.map((person) => {
      const items: [LocalDate, WeekItem][] = [
        ...occ
          .filter((o) => o.userId === person.id)
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
        ...appts.filter((x) => x.userId === person.id).map((x) => item({ type: 'appointment', id: x.id, title: x.title, detail: x.client ?? '', startsAt: x.startsAt, endsAt: x.endsAt })),
        ...booked
          .filter((x) => x.visit.userId === person.id)
          .map((x) =>
            item({
              type: 'visit',
              id: x.visit.id,
              title: x.clientName,
              detail: `${x.visit.travelMinutes} min travel each way · priority ${x.visit.priority}`,
              startsAt: x.visit.startsAt!,
              endsAt: x.visit.endsAt!,
              status: x.visit.status,
              tier: x.clientTier,
            }),
          ),
      ];
      const byDay = hours.get(person.id);
      return {
        person,
        microMinutes: booked.filter((x) => x.visit.userId === person.id && x.clientTier === 'micro').reduce((s, x) => s + x.visit.durationMinutes, 0),
        days: dates.map((date, i) => ({
          date,
          hours: byDay?.get(i + 1) ?? [],
          items: items
            .filter(([d]) => d === date)
            .map(([, it]) => it)
            .sort((x, y) => x.startsAt - y.startsAt),
        })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Auto-schedule: accepting a preview (the preview is lib/dal/auto-schedule.ts)

export type AcceptResult = { accepted: number; refused: { visitId: number; clientName: string; reason: string }[] };

/**
 * Accepts a preview. One immediate transaction re-reads the database and
 * re-checks every rule for every proposal, in order, so two people accepting
 * at once never double-book: whatever no longer fits is reported, not written.
 */
export function acceptProposals(member: Member, proposals: { visitId: number; userId: number; startsAt: number; was: number | null }[]): AcceptResult {
  assertCan(member.role, 'schedule.manage');
  return getDb().transaction(
    (tx) => {
      const refused: AcceptResult['refused'] = [];
      let accepted = 0;
      for (const p of proposals) {
        let visit: VisitRow;
        try {
          visit = visitFor(tx, member, p.visitId);
        } catch {
          refused.push({ visitId: p.visitId, clientName: '', reason: 'not found' });
          continue;
        }
        const unchanged = p.was === null ? visit.status === 'open' : visit.status === 'scheduled' && visit.startsAt === p.was && p.was > Date.now();
        if (!unchanged) {
          refused.push({ visitId: visit.id, clientName: visit.clientName, reason: `it changed since the preview (it is ${visit.status.replace('_', ' ')} now)` });
          continue;
        }
        try {
          checkPlacement(tx, member.firmId, visit, p.userId, p.startsAt);
        } catch (error) {
          if (!(error instanceof UserFacingError)) throw error;
          refused.push({ visitId: visit.id, clientName: visit.clientName, reason: error.message });
          continue;
        }
        tx.update(schema.visits)
          .set({ status: 'scheduled', userId: p.userId, startsAt: p.startsAt, endsAt: p.startsAt + visit.durationMinutes * MINUTE, updatedAt: Date.now() })
          .where(eq(schema.visits.id, visit.id))
          .run();
        accepted++;
      }
      recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'schedule.accept', entityType: 'visit', after: { accepted, refused: refused.map((r) => r.visitId) } });
      return { accepted, refused };
    },
    { behavior: 'immediate' },
  );
}

