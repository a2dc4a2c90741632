import 'server-only';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import type { TimeCategory, Tier } from '@/db/schema';
import type { TimesheetCsvRow } from '@/lib/csv';
import { UserFacingError } from '@/lib/errors';
import { entryAmountCents } from '@/lib/money';
import { assertCan } from '@/lib/permissions';
import { addDays, instantToLocal, localToInstant, mondayOf, weekOf } from '@/lib/time/zoned';
import { formatMinute } from '@/lib/time/format';
import { categoryAsRead } from '@/lib/labels';
import { loggedTimeProblem } from '@/lib/time/date-rules';
import type { TimeEntryInput, TimeEntryUpdate, TimeKind } from '@/lib/validations/timesheets';
import { firmTimeZone } from './internal/firm';
import { getChosenClientOrThrow, getTimeEntryOrThrow, getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import { billedEntryProblem } from './internal/invoices';
import type { Member } from './session';

/** A client picked on the timesheet, or none. */
function clientFor(conn: Conn, member: Member, clientId: number | null) {
  if (clientId === null) return null;
  const client = getChosenClientOrThrow(conn, member, clientId);
  return { id: client.id, rate: client.hourlyRateCents, tier: client.tier };
}

/** Client work is filed under its client's tier when it is written; marketing and admin as chosen. */
function categoryOf(kind: TimeKind, client: { tier: Tier } | null): TimeCategory {
  if (kind !== 'client') return kind;
  if (!client) throw new UserFacingError('Client work needs a client.', 'clientId');
  return client.tier;
}

/** A date the person must confirm before time is logged on it (see lib/time/date-rules.ts). */
export class DateToConfirm extends UserFacingError {
  constructor(
    message: string,
    readonly date: string,
  ) {
    super(message, 'date');
  }
}

/** Refuses time in the future or over a year back, and asks once for a date before last week. */
function checkLoggedDate(input: { date: string; confirmDate: string }, startedAt: number, now: number, zone: string) {
  const problem = loggedTimeProblem(input.date, startedAt, now, zone);
  if (!problem || (problem.confirm && input.confirmDate === input.date)) return;
  throw problem.confirm ? new DateToConfirm(problem.message, input.date) : new UserFacingError(problem.message, 'date');
}

function submitted(conn: Conn, userId: number, monday: string): number | null {
  return (
    conn
      .select({ at: schema.timesheetWeeks.submittedAt })
      .from(schema.timesheetWeeks)
      .where(and(eq(schema.timesheetWeeks.userId, userId), eq(schema.timesheetWeeks.weekStart, monday)))
      .get()?.at ?? null
  );
}

export type EntryDTO = {
  id: number;
  date: string;
  startMinute: number;
  minutes: number;
  travelMinutes: number;
  category: TimeCategory;
  clientId: number | null;
  clientName: string | null;
  description: string;
  amountCents: number;
  fromVisit: boolean;
};

export type TimesheetDTO = {
  person: { id: number; name: string };
  monday: string;
  entries: EntryDTO[];
  byCategory: Record<TimeCategory, number>;
  byClient: { name: string; minutes: number }[];
  totalMinutes: number;
  submittedAt: number | null;
};

export function getTimesheet(member: Member, userId: number, anyDay: string): TimesheetDTO {
  assertCan(member.role, 'timesheets.own');
  const db = getDb();
  const { id, name } = getUserOrThrow(db, member, userId, 'timesheets');
  const person = { id, name };
  const zone = firmTimeZone(db, member.firmId);
  const { monday, start: a, end: b } = weekOf(anyDay, zone);
  const rows = db
    .select({ e: schema.timeEntries, clientName: schema.clients.name, clientTier: schema.clients.tier })
    .from(schema.timeEntries)
    .leftJoin(schema.clients, eq(schema.clients.id, schema.timeEntries.clientId))
    .where(
      and(
        eq(schema.timeEntries.firmId, member.firmId),
        eq(schema.timeEntries.userId, person.id),
        gt(schema.timeEntries.startedAt, a - 1),
        lt(schema.timeEntries.startedAt, b),
      ),
    )
    .orderBy(asc(schema.timeEntries.startedAt), asc(schema.timeEntries.id))
    .all();
  const entries = rows.map(({ e, clientName, clientTier }): EntryDTO => {
    const local = instantToLocal(e.startedAt, zone);
    return {
      id: e.id,
      date: local.date,
      startMinute: local.minute,
      minutes: e.minutes,
      travelMinutes: e.travelMinutes,
      category: categoryAsRead(e.category, clientTier),
      clientId: e.clientId,
      clientName,
      description: e.description,
      amountCents: e.amountCents,
      fromVisit: e.visitId !== null,
    };
  });
  const byCategory: Record<TimeCategory, number> = { micro: 0, emerging: 0, sweet_spot: 0, large: 0, marketing: 0, admin: 0 };
  const clients = new Map<string, number>();
  for (const e of entries) {
    byCategory[e.category] += e.minutes;
    if (e.clientName) clients.set(e.clientName, (clients.get(e.clientName) ?? 0) + e.minutes);
  }
  return {
    person,
    monday,
    entries,
    byCategory,
    byClient: [...clients].map(([name, minutes]) => ({ name, minutes })).sort((x, y) => y.minutes - x.minutes),
    totalMinutes: entries.reduce((s, e) => s + e.minutes, 0),
    submittedAt: submitted(db, person.id, monday),
  };
}

/** Logs time by hand ("1 h follow-up calls"). */
export function addTimeEntry(member: Member, input: TimeEntryInput, now = Date.now()): number {
  assertCan(member.role, 'timesheets.own');
  return writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'timesheets');
    const client = clientFor(tx, member, input.clientId);
    const zone = firmTimeZone(tx, member.firmId);
    const startedAt = localToInstant(input.date, input.start, zone);
    checkLoggedDate(input, startedAt, now, zone);
    const category = categoryOf(input.category, client);
    const row = tx
      .insert(schema.timeEntries)
      .values({
        firmId: member.firmId,
        userId: person.id,
        clientId: client?.id ?? null,
        category,
        startedAt,
        minutes: input.duration,
        amountCents: entryAmountCents(category, input.duration, client?.rate),
        description: input.description,
      })
      .returning({ id: schema.timeEntries.id })
      .get();
    const week = mondayOf(input.date);
    const late = submitted(tx, person.id, week);
    if (late !== null || person.id !== member.userId) {
      writeAudit(tx, member, {
        action: 'timesheet.add',
        entity: 'time_entry',
        id: row.id,
        after: { ...input, weekSubmitted: late !== null },
      });
    }
    return row.id;
  });
}

const snapshot = (e: typeof schema.timeEntries.$inferSelect, zone: string) => {
  const local = instantToLocal(e.startedAt, zone);
  return {
    date: local.date,
    start: formatMinute(local.minute),
    minutes: e.minutes,
    category: e.category,
    clientId: e.clientId,
    description: e.description,
    amountCents: e.amountCents,
  };
};

/**
 * Edits an entry. Every edit is audited with before and after, and marked when
 * it changes a week that was already submitted (or moves an entry into one).
 */
export function updateTimeEntry(member: Member, input: TimeEntryUpdate, now = Date.now()): void {
  assertCan(member.role, 'timesheets.own');
  writeTransaction((tx) => {
    const entry = getTimeEntryOrThrow(tx, member, input.entryId);
    refuseBilled(tx, entry.invoiceLineId);
    const client = clientFor(tx, member, input.clientId);
    const zone = firmTimeZone(tx, member.firmId);
    const startedAt = localToInstant(input.date, input.start, zone);
    // Only a new date or time is checked: fixing the words of an old entry asks nothing.
    if (startedAt !== entry.startedAt) checkLoggedDate(input, startedAt, now, zone);
    const category = categoryOf(input.category, client);
    const amountCents =
      entry.visitId !== null && entry.minutes === input.duration && entry.clientId === (client?.id ?? null)
        ? entry.amountCents
        : entryAmountCents(category, input.duration, client?.rate);
    const before = snapshot(entry, zone);
    const changes = {
      category,
      clientId: client?.id ?? null,
      startedAt,
      minutes: input.duration,
      description: input.description,
      amountCents,
    };
    tx.update(schema.timeEntries).set(changes).where(eq(schema.timeEntries.id, entry.id)).run();
    const after = snapshot({ ...entry, ...changes }, zone);
    const weekSubmitted =
      submitted(tx, entry.userId, mondayOf(before.date)) !== null || submitted(tx, entry.userId, mondayOf(input.date)) !== null;
    writeAudit(tx, member, {
      action: 'timesheet.edit',
      entity: 'time_entry',
      id: entry.id,
      before,
      after: { ...after, weekSubmitted },
    });
  });
}

export function deleteTimeEntry(member: Member, entryId: number): void {
  assertCan(member.role, 'timesheets.own');
  writeTransaction((tx) => {
    const entry = getTimeEntryOrThrow(tx, member, entryId);
    refuseBilled(tx, entry.invoiceLineId);
    if (entry.visitId !== null) throw new UserFacingError('This entry came from a visit check-out; edit it instead of deleting it.');
    const zone = firmTimeZone(tx, member.firmId);
    tx.delete(schema.timeEntries).where(eq(schema.timeEntries.id, entry.id)).run();
    writeAudit(tx, member, {
      action: 'timesheet.delete',
      entity: 'time_entry',
      id: entry.id,
      before: snapshot(entry, zone),
    });
  });
}

export function submitWeek(member: Member, userId: number, anyDay: string): void {
  assertCan(member.role, 'timesheets.own');
  writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, userId, 'timesheets');
    const monday = mondayOf(anyDay);
    if (submitted(tx, person.id, monday) !== null) throw new UserFacingError('This week is already submitted.');
    tx.insert(schema.timesheetWeeks).values({ firmId: member.firmId, userId: person.id, weekStart: monday, submittedAt: Date.now() }).run();
    writeAudit(tx, member, {
      action: 'timesheet.submit',
      entity: 'user',
      id: person.id,
      after: { week: monday },
    });
  });
}

/** Entries of one person (or, for owner and staff, everyone) between two local dates inclusive. */
export function exportTimesheet(member: Member, userId: number | 'all', from: string, to: string): TimesheetCsvRow[] {
  assertCan(member.role, userId === 'all' ? 'timesheets.all' : 'timesheets.own');
  const db = getDb();
  if (userId !== 'all') getUserOrThrow(db, member, userId, 'timesheets');
  const zone = firmTimeZone(db, member.firmId);
  const a = localToInstant(from, 0, zone);
  const b = localToInstant(addDays(to, 1), 0, zone);
  return db
    .select({ e: schema.timeEntries, person: schema.users.name, client: schema.clients.name })
    .from(schema.timeEntries)
    .innerJoin(schema.users, eq(schema.users.id, schema.timeEntries.userId))
    .leftJoin(schema.clients, eq(schema.clients.id, schema.timeEntries.clientId))
    .where(
      and(
        eq(schema.timeEntries.firmId, member.firmId),
        userId === 'all' ? undefined : eq(schema.timeEntries.userId, userId),
        gt(schema.timeEntries.startedAt, a - 1),
        lt(schema.timeEntries.startedAt, b),
      ),
    )
    .orderBy(asc(schema.timeEntries.startedAt), asc(schema.timeEntries.id))
    .all()
    .map(({ e, person, client }) => {
      const local = instantToLocal(e.startedAt, zone);
      return {
        date: local.date,
        start: formatMinute(local.minute),
        person,
        category: e.category,
        client: client ?? '',
        minutes: e.minutes,
        travelMinutes: e.travelMinutes,
        amountCents: e.amountCents,
        description: e.description,
      };
    });
}

/** Billed work is locked: the person is told which invoice holds it. */
function refuseBilled(tx: Conn, invoiceLineId: number | null): void {
  const problem = billedEntryProblem(tx, invoiceLineId);
  if (problem) throw new UserFacingError(problem);
}
