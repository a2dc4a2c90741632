import 'server-only';
import { and, eq } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { Tier } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { assertCan, can, ForbiddenError, NotFoundError, type Permission } from '@/lib/permissions';
import type { Member } from '../session';

/**
 * The one lookup by id of each entity. Every one filters on the caller's firm,
 * so another firm's id answers NotFoundError exactly like a missing one, and
 * checks the caller's role (ForbiddenError, or NotFoundError where even the
 * existence of the record is not theirs to know). Public functions of the data
 * layer find records through these, inside their own transaction when they
 * write, and call assertCan for the permission they exercise first.
 */

// ---------------------------------------------------------------------------
// People: who may act for whom

/** Whose records a caller may work on: their own with `own`, anyone's in the firm with `any`. */
const WHOSE = {
  schedule: { own: 'schedule.own', any: 'schedule.manage', what: 'That person' },
  timesheets: { own: 'timesheets.own', any: 'timesheets.all', what: 'That person' },
  dashboard: { own: 'dashboard.own', any: 'dashboard.firm', what: 'That team member' },
  team: { own: 'team.read', any: 'team.read', what: 'That team member' },
} as const satisfies Record<string, { own: Permission; any: Permission; what: string }>;

export type Whose = keyof typeof WHOSE;

/** May the caller work on `userId`'s schedule (timesheet, dashboard…)? */
export function mayActFor(member: Member, userId: number, whose: Whose): boolean {
  const rule = WHOSE[whose];
  return can(member.role, rule.any) || (userId === member.userId && can(member.role, rule.own));
}

/** What the team list shows of a member. */
export const memberColumns = {
  id: schema.users.id,
  name: schema.users.name,
  email: schema.users.email,
  role: schema.users.role,
  active: schema.users.active,
  mustChangePassword: schema.users.mustChangePassword,
  createdAt: schema.users.createdAt,
};

const userColumns = {
  ...memberColumns,
  microCapMinutesPerWeek: schema.users.microCapMinutesPerWeek,
  weeklyMarketingMinutes: schema.users.weeklyMarketingMinutes,
};

/** A user of the firm, without what stays in the database (password hash, session version). */
export type UserRow = {
  id: number;
  name: string;
  email: string;
  role: Member['role'];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: number;
  microCapMinutesPerWeek: number | null;
  weeklyMarketingMinutes: number | null;
};

/** The person `userId` when the caller may work on their `whose`: managers on anyone's in the firm, others on their own. */
export function getUserOrThrow(conn: Conn, member: Member, userId: number, whose: Whose): UserRow {
  const row = conn
    .select(userColumns)
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), eq(schema.users.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError(WHOSE[whose].what);
  if (!mayActFor(member, row.id, whose)) throw new ForbiddenError(WHOSE[whose].any);
  return row;
}

// ---------------------------------------------------------------------------
// Clients

export type ClientRow = typeof schema.clients.$inferSelect;

export function getClientOrThrow(
  conn: Conn,
  member: Member,
  clientId: number,
  permission: 'clients.read' | 'clients.write' = 'clients.read',
): ClientRow {
  assertCan(member.role, permission);
  const row = conn
    .select()
    .from(schema.clients)
    .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That client');
  return row;
}

/** A client picked in a form: a missing one (or another firm's) is an error next to the field, not a 404. */
export function getChosenClientOrThrow(conn: Conn, member: Member, clientId: number, field = 'clientId'): ClientRow {
  try {
    return getClientOrThrow(conn, member, clientId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new UserFacingError('Choose a client from the list.', field);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The schedule

export type VisitRow = typeof schema.visits.$inferSelect & { clientName: string; clientTier: Tier; clientRateCents: number | null };

/**
 * A visit, for `read` (dispatchers any, others their own), `manage` (dispatchers
 * only) or `own` (its consultant only, whatever their role: the phone's check-ins).
 * A visit the caller may not read is as invisible as another firm's.
 */
export function getVisitOrThrow(conn: Conn, member: Member, visitId: number, access: 'read' | 'manage' | 'own'): VisitRow {
  assertCan(member.role, access === 'manage' ? 'schedule.manage' : access === 'own' ? 'schedule.own' : 'schedule.read');
  const row = conn
    .select({
      visit: schema.visits,
      clientName: schema.clients.name,
      clientTier: schema.clients.tier,
      clientRateCents: schema.clients.hourlyRateCents,
    })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(and(eq(schema.visits.id, visitId), eq(schema.visits.firmId, member.firmId)))
    .get();
  const mine = row?.visit.userId === member.userId;
  if (!row || (access === 'own' && !mine) || (access === 'read' && !mine && !can(member.role, 'schedule.manage')))
    throw new NotFoundError('That visit');
  return { ...row.visit, clientName: row.clientName, clientTier: row.clientTier, clientRateCents: row.clientRateCents };
}

/** A marketing block of someone whose schedule the caller may work on. */
export function getBlockOrThrow(conn: Conn, member: Member, blockId: number): typeof schema.marketingBlocks.$inferSelect {
  const block = conn
    .select()
    .from(schema.marketingBlocks)
    .where(and(eq(schema.marketingBlocks.id, blockId), eq(schema.marketingBlocks.firmId, member.firmId)))
    .get();
  if (!block) throw new NotFoundError('That marketing block');
  getUserOrThrow(conn, member, block.userId, 'schedule');
  return block;
}

/** An appointment of someone whose schedule the caller may work on. */
export function getAppointmentOrThrow(conn: Conn, member: Member, appointmentId: number): typeof schema.appointments.$inferSelect {
  const row = conn
    .select()
    .from(schema.appointments)
    .where(and(eq(schema.appointments.id, appointmentId), eq(schema.appointments.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That appointment');
  getUserOrThrow(conn, member, row.userId, 'schedule');
  return row;
}

/** A request sent through the firm's request page, for the staff who confirm or decline it. */
export function getPageRequestOrThrow(conn: Conn, member: Member, requestId: number): typeof schema.publicRequests.$inferSelect {
  assertCan(member.role, 'schedule.manage');
  const row = conn
    .select()
    .from(schema.publicRequests)
    .where(and(eq(schema.publicRequests.id, requestId), eq(schema.publicRequests.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That request');
  return row;
}

// ---------------------------------------------------------------------------
// Timesheets

/** A time entry of someone whose timesheet the caller may work on. */
export function getTimeEntryOrThrow(conn: Conn, member: Member, entryId: number): typeof schema.timeEntries.$inferSelect {
  const entry = conn
    .select()
    .from(schema.timeEntries)
    .where(and(eq(schema.timeEntries.id, entryId), eq(schema.timeEntries.firmId, member.firmId)))
    .get();
  if (!entry) throw new NotFoundError('That time entry');
  getUserOrThrow(conn, member, entry.userId, 'timesheets');
  return entry;
}
