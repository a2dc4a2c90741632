import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { addDays, localToInstant, weekdayOf, type LocalDate } from '@/lib/time/zoned';
import { dayLabel, formatMinute, timeRangeLabel, timeSpan } from '@/lib/time/format';
import {
  allRuleDates,
  buildRule,
  dayOff,
  legacyRule,
  occurrenceFor,
  ruleDates,
  ruleText,
  type BlockRule,
  type Occurrence,
  type RuleShape,
} from '@/lib/time/recurrence';
import type { MarketingBlockInput } from '@/lib/validations/schedule';
import { blockLabel, blockName, blockRulesOf, daysOffOf, occurrencesOf, rulesOf } from './internal/blocks';
import { workingHoursOf } from './internal/working-hours';
import { firmHourClock, firmTimeZone } from './internal/firm';
import { toPerson, type Person } from './internal/people';
import { bookingsOverlapping } from './internal/placement';
import { getBlockOrThrow, getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/** Protected marketing time: weekly rules and one-off blocks, and the skips and moves of single occurrences. */

/** The rule's RFC 5545 text, its stored shape and the last date it can fall on, from the form; refused when it gives no date. */
function ruleOfInput(input: MarketingBlockInput): Pick<BlockRule, 'repeat' | 'rrule' | 'lastDate' | 'weekday' | 'firstDate'> {
  const shape: RuleShape =
    input.repeat === 'once'
      ? { pattern: 'once' }
      : input.repeat === 'monthly'
        ? { pattern: 'monthly', position: Number(input.position), weekday: Number(input.weekday) }
        : { pattern: 'weekly', interval: input.repeat === 'weeks' ? (input.interval ?? 2) : 1 };
  const once = input.repeat === 'once';
  const rrule = buildRule(shape, input.firstDate, { until: once ? null : input.lastDate, count: once ? null : input.count });
  const rule: BlockRule = {
    id: 0,
    userId: 0,
    kind: input.kind,
    title: input.title,
    repeat: once ? 'once' : input.repeat === 'weekly' && !input.count ? 'weekly' : 'rule',
    weekday: weekdayOf(input.firstDate),
    startMinute: input.start,
    endMinute: input.end,
    firstDate: input.firstDate,
    lastDate: null,
    rrule,
  };
  const bounded = once || input.count !== null || input.lastDate !== null;
  const dates = bounded ? allRuleDates(rule) : ruleDates(rule, input.firstDate, addDays(input.firstDate, 400));
  if (!dates.length)
    throw new UserFacingError('That rule gives no date: check the first and last dates.', bounded ? 'lastDate' : 'firstDate');
  return { ...rule, lastDate: bounded ? dates.at(-1)! : null };
}

/** The rule the form describes, in words ("every month on the 2nd Tuesday"). */
export function describeBlockInput(input: MarketingBlockInput): string {
  return ruleText({ ...ruleOfInput(input), id: 0, userId: 0, kind: input.kind, title: input.title, startMinute: 0, endMinute: 0 });
}

export function createMarketingBlock(member: Member, input: MarketingBlockInput): number {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
    const rule = ruleOfInput(input);
    const row = tx
      .insert(schema.marketingBlocks)
      .values({
        firmId: member.firmId,
        userId: person.id,
        kind: input.kind,
        title: input.title,
        repeat: rule.repeat,
        weekday: rule.weekday,
        rrule: rule.rrule,
        startMinute: input.start,
        endMinute: input.end,
        firstDate: input.firstDate,
        lastDate: rule.lastDate,
      })
      .returning({ id: schema.marketingBlocks.id })
      .get();
    writeAudit(tx, member, {
      action: 'marketing.create',
      entity: 'marketing_block',
      id: row.id,
      after: { ...input, userId: person.id, rrule: rule.rrule },
    });
    return row.id;
  });
}

/** The occurrence of `block` the rule gives on `date` (wherever a move took it), or a field error saying there is none. */
function occurrenceOn(conn: Conn, member: Member, blockId: number, date: LocalDate): Occurrence {
  const block = getBlockOrThrow(conn, member, blockId);
  const zone = firmTimeZone(conn, member.firmId);
  const { exceptions } = blockRulesOf(conn, member.firmId, [block.userId]);
  const occ = occurrenceFor(block, exceptions, date, zone, daysOffOf(conn, member.firmId, [block.userId]));
  if (!occ) throw new UserFacingError(`“${blockName(block)}” does not happen on ${dayLabel(date)}.`, 'date');
  return occ;
}

/**
 * Skips one occurrence: the only way, with moving it, to free protected time.
 * Refused while a visit or appointment still sits in it? No — skipping frees
 * time, it cannot create a conflict. Recorded with the reason.
 */
export function skipOccurrence(member: Member, blockId: number, date: LocalDate, reason: string): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const occ = occurrenceOn(tx, member, blockId, date);
    if (occ.skipped) throw new UserFacingError('That occurrence is already skipped.', 'date');
    tx.delete(schema.marketingExceptions)
      .where(and(eq(schema.marketingExceptions.blockId, blockId), eq(schema.marketingExceptions.date, date)))
      .run();
    tx.insert(schema.marketingExceptions)
      .values({ firmId: member.firmId, blockId, date, action: 'skip', reason, byUserId: member.userId })
      .run();
    writeAudit(tx, member, {
      action: 'marketing.skip',
      entity: 'marketing_block',
      id: blockId,
      before: { date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
      after: { date, skipped: true, reason },
    });
  });
}

/**
 * Undoes a skip: the occurrence protects its time again. Refused, changing
 * nothing, while a visit or appointment booked since the skip sits in it.
 */
export function unskipOccurrence(member: Member, blockId: number, date: LocalDate): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const occ = occurrenceOn(tx, member, blockId, date);
    if (!occ.skipped) throw new UserFacingError('That occurrence is not skipped.', 'date');
    const clash = bookingsOverlapping(tx, member.firmId, occ.userId, occ.startsAt, occ.endsAt, null)[0];
    if (clash) throw new UserFacingError(`It cannot protect its time again while ${clash} sits in it; move that first.`, 'date');
    tx.delete(schema.marketingExceptions)
      .where(
        and(
          eq(schema.marketingExceptions.blockId, blockId),
          eq(schema.marketingExceptions.date, date),
          eq(schema.marketingExceptions.action, 'skip'),
        ),
      )
      .run();
    writeAudit(tx, member, {
      action: 'marketing.unskip',
      entity: 'marketing_block',
      id: blockId,
      before: { date, skipped: true, reason: occ.skipped },
      after: { date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
    });
  });
}

/**
 * Where a moved occurrence may not land on another day: the firm's holiday or
 * the person's time off, outside their working hours, or over another of their
 * protected blocks. A move within its own day keeps the older, looser rule (a
 * 07:30 breakfast may sit before working hours); bookings are checked by the caller.
 */
function moveTargetProblem(
  conn: Conn,
  firmId: number,
  occ: Occurrence,
  toDate: LocalDate,
  start: number,
  end: number,
): [string, string] | null {
  const off = dayOff(daysOffOf(conn, firmId, [occ.userId], toDate, toDate), occ.userId, toDate);
  if (off) return [`${dayLabel(toDate)} is ${off}: the block cannot move there.`, 'toDate'];
  const hours = workingHoursOf(conn, firmId, [occ.userId]).get(occ.userId)?.get(weekdayOf(toDate)) ?? [];
  if (!hours.some(([a, b]) => a <= start && end <= b)) {
    const known = hours.map(([a, b]) => timeSpan(a, b, firmHourClock(conn, firmId))).join(', ');
    return [`That is outside working hours on ${dayLabel(toDate)} (${known || 'none that day'}).`, 'start'];
  }
  const zone = firmTimeZone(conn, firmId);
  const s = localToInstant(toDate, start, zone);
  const e = localToInstant(toDate, end, zone);
  const other = occurrencesOf(conn, firmId, [occ.userId], toDate, toDate, zone).find(
    (o) => !o.skipped && !(o.blockId === occ.blockId && o.ruleDate === occ.ruleDate) && o.startsAt < e && s < o.endsAt,
  );
  if (other)
    return [
      `That overlaps the protected marketing block “${blockName(other)}” (${timeRangeLabel(zone, other.startsAt, other.endsAt, { hours: firmHourClock(conn, firmId) })}).`,
      'start',
    ];
  return null;
}

/** Moves one occurrence to other times, that day or another (`toDate`); the new time must not hold a booking. */
export function moveOccurrence(
  member: Member,
  blockId: number,
  date: LocalDate,
  start: number,
  end: number,
  reason: string,
  toDate: LocalDate | null = null,
): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const occ = occurrenceOn(tx, member, blockId, date);
    const zone = firmTimeZone(tx, member.firmId);
    const target = toDate ?? date;
    if (target !== date) {
      const problem = moveTargetProblem(tx, member.firmId, occ, target, start, end);
      if (problem) throw new UserFacingError(...problem);
    }
    const s = localToInstant(target, start, zone);
    const e = localToInstant(target, end, zone);
    const clash = bookingsOverlapping(tx, member.firmId, occ.userId, s, e, null)[0];
    if (clash) throw new UserFacingError(`The new time overlaps ${clash}; choose another time.`, 'start');
    tx.delete(schema.marketingExceptions)
      .where(and(eq(schema.marketingExceptions.blockId, blockId), eq(schema.marketingExceptions.date, date)))
      .run();
    tx.insert(schema.marketingExceptions)
      .values({
        firmId: member.firmId,
        blockId,
        date,
        action: 'move',
        toDate: target === date ? null : target,
        startMinute: start,
        endMinute: end,
        reason,
        byUserId: member.userId,
      })
      .run();
    writeAudit(tx, member, {
      action: 'marketing.move',
      entity: 'marketing_block',
      id: blockId,
      before: { date: occ.date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
      after: { date: target, start: formatMinute(start), end: formatMinute(end), reason },
    });
  });
}

/** The rule ending on `until` (inclusive): a COUNT or an older UNTIL gives way to it. */
function withUntil(rrule: string, until: LocalDate): string {
  const parts = rrule.split(';').filter((p) => !/^(UNTIL|COUNT)=/.test(p));
  return [...parts, `UNTIL=${until.replaceAll('-', '')}`].join(';');
}

/** Ends a repeating rule after `lastDate` (occurrences up to then stay protected). */
export function endMarketingBlock(member: Member, blockId: number, lastDate: LocalDate, reason: string): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const block = getBlockOrThrow(tx, member, blockId);
    if (lastDate < block.firstDate) throw new UserFacingError(`The last date must not be before ${dayLabel(block.firstDate)}.`, 'lastDate');
    const end = block.lastDate && block.lastDate < lastDate ? block.lastDate : lastDate;
    tx.update(schema.marketingBlocks)
      .set({ lastDate: end, rrule: withUntil(block.rrule || legacyRule(block.repeat, block.weekday, block.lastDate), end) })
      .where(eq(schema.marketingBlocks.id, blockId))
      .run();
    writeAudit(tx, member, {
      action: 'marketing.end',
      entity: 'marketing_block',
      id: blockId,
      before: { lastDate: block.lastDate },
      after: { lastDate, reason },
    });
  });
}

/** A rule as the page shows it: its name, its label (the kind once), and the rule in words. */
export type BlockDTO = BlockRule & { name: string; label: string; text: string };

export function listMarketing(
  member: Member,
  userId: number,
  from: LocalDate,
  weeks: number,
): { person: Person; rules: BlockDTO[]; occurrences: Occurrence[] } {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = toPerson(getUserOrThrow(db, member, userId, 'schedule'));
  const zone = firmTimeZone(db, member.firmId);
  const rules = rulesOf(db, member.firmId, [person.id]).map((r) => ({ ...r, name: blockName(r), label: blockLabel(r), text: ruleText(r) }));
  return { person, rules, occurrences: occurrencesOf(db, member.firmId, [person.id], from, addDays(from, weeks * 7 - 1), zone) };
}

/** Occurrences skipped (not moved) in the firm between two local dates: the dashboard counts them. */
export function skippedBlocks(member: Member, from: LocalDate, to: LocalDate, userId?: number): number {
  assertCan(member.role, userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
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
