import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { addDays, instantToLocal, localToInstant, type LocalDate } from '@/lib/time/zoned';
import { formatMinute } from '@/lib/time/format';
import { type BlockRule, type Occurrence } from '@/lib/time/recurrence';
import type { MarketingBlockInput } from '@/lib/validations/schedule';
import { blockName, occurrencesOf, rulesOf } from './internal/blocks';
import { firmTimeZone } from './internal/firm';
import { toPerson, type Person } from './internal/people';
import { bookingsOverlapping } from './internal/placement';
import { getBlockOrThrow, getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/** Protected marketing time: weekly rules and one-off blocks, and the skips and moves of single occurrences. */

export function createMarketingBlock(member: Member, input: MarketingBlockInput): number {
  assertCan(member.role, 'schedule.write');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
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
    writeAudit(tx, member, { action: 'marketing.create', entity: 'marketing_block', id: row.id, after: { ...input, userId: person.id } });
    return row.id;
  });
}

/** The occurrence of `block` on `date`, or a field error saying there is none. */
function occurrenceOn(conn: Conn, member: Member, blockId: number, date: LocalDate): Occurrence {
  const block = getBlockOrThrow(conn, member, blockId);
  const zone = firmTimeZone(conn, member.firmId);
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

/** Moves one occurrence to other times that day; the new time must not hold a booking. */
export function moveOccurrence(member: Member, blockId: number, date: LocalDate, start: number, end: number, reason: string): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const occ = occurrenceOn(tx, member, blockId, date);
    const zone = firmTimeZone(tx, member.firmId);
    const s = localToInstant(date, start, zone);
    const e = localToInstant(date, end, zone);
    const clash = bookingsOverlapping(tx, member.firmId, occ.userId, s, e, null)[0];
    if (clash) throw new UserFacingError(`The new time overlaps ${clash}; choose another time.`, 'start');
    tx.delete(schema.marketingExceptions)
      .where(and(eq(schema.marketingExceptions.blockId, blockId), eq(schema.marketingExceptions.date, date)))
      .run();
    tx.insert(schema.marketingExceptions)
      .values({ firmId: member.firmId, blockId, date, action: 'move', startMinute: start, endMinute: end, reason, byUserId: member.userId })
      .run();
    writeAudit(tx, member, {
      action: 'marketing.move',
      entity: 'marketing_block',
      id: blockId,
      before: { date, start: formatMinute(occ.startMinute), end: formatMinute(occ.endMinute) },
      after: { date, start: formatMinute(start), end: formatMinute(end), reason },
    });
  });
}

/** Ends a weekly rule after `lastDate` (occurrences up to then stay protected). */
export function endMarketingBlock(member: Member, blockId: number, lastDate: LocalDate, reason: string): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const block = getBlockOrThrow(tx, member, blockId);
    if (lastDate < block.firstDate) throw new UserFacingError(`The last date must not be before ${block.firstDate}.`, 'lastDate');
    tx.update(schema.marketingBlocks).set({ lastDate }).where(eq(schema.marketingBlocks.id, blockId)).run();
    writeAudit(tx, member, {
      action: 'marketing.end',
      entity: 'marketing_block',
      id: blockId,
      before: { lastDate: block.lastDate },
      after: { lastDate, reason },
    });
  });
}

export type BlockDTO = BlockRule & { name: string };

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
  const rules = rulesOf(db, member.firmId, [person.id]).map((r) => ({ ...r, name: blockName(r) }));
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
