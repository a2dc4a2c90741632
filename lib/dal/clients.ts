import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '@/db';
import type { ClientStatus, Tier } from '@/db/schema';
import { categoryAsRead } from '@/lib/labels';
import { assertCan } from '@/lib/permissions';
import type { ClientInput } from '@/lib/validations/clients';
import { writeAudit, writeTransaction } from './internal/write';
import { getFirm } from './firm';
import { clientMetricsMap, NO_METRICS, type ClientRowDTO } from './internal/client-rows';
import { DuplicateClientError, findClientIdByName, insertClient } from './internal/client-writes';
import { getClientOrThrow } from './internal/records';
import type { Member } from './session';
import { retier } from './internal/tiering';

export type { ClientMetrics, ClientRowDTO } from './internal/client-rows';
export { DuplicateClientError };

export type ClientDTO = ClientRowDTO & {
  contactName: string;
  email: string;
  phone: string;
  address: string;
  hourlyRateCents: number | null;
  monthlyRecurringCents: number;
  expectedSeats24m: number | null;
  defaultTravelMinutes: number;
  notes: string;
  tierOverride: Tier | null;
  tierOverrideReason: string | null;
  serverAddedAt: number | null;
};

/** A client of the caller's firm with its figures, for its page; another firm's id or a missing one answers "not found". */
export function getClient(member: Member, clientId: number, now = Date.now()): ClientDTO {
  assertCan(member.role, 'clients.read');
  const firm = getFirm(member);
  const c = getClientOrThrow(getDb(), member, clientId);
  return {
    id: c.id,
    name: c.name,
    seats: c.seats,
    hasServer: c.hasServer,
    status: c.status,
    growth: c.growth,
    tier: c.tier,
    tierReason: c.tierReason,
    overridden: c.tierOverride !== null,
    ...(clientMetricsMap(member.firmId, firm.timeZone, now).get(c.id) ?? NO_METRICS),
    contactName: c.contactName,
    email: c.email,
    phone: c.phone,
    address: c.address,
    hourlyRateCents: c.hourlyRateCents,
    monthlyRecurringCents: c.monthlyRecurringCents,
    expectedSeats24m: c.expectedSeats24m,
    defaultTravelMinutes: c.defaultTravelMinutes,
    notes: c.notes,
    tierOverride: c.tierOverride,
    tierOverrideReason: c.tierOverrideReason,
    serverAddedAt: c.serverAddedAt,
  };
}

export type ClientHistoryDTO = {
  entries: {
    id: number;
    startedAt: number;
    category: string;
    minutes: number;
    travelMinutes: number;
    amountCents: number;
    description: string;
    userName: string;
  }[];
  charges: { id: number; billedAt: number; amountCents: number; description: string }[];
  tierChanges: { id: number; at: number; fromTier: Tier | null; toTier: Tier; reason: string }[];
};

export function getClientHistory(member: Member, clientId: number): ClientHistoryDTO {
  assertCan(member.role, 'clients.read');
  const db = getDb();
  const client = getClientOrThrow(db, member, clientId);
  return {
    entries: db
      .select({
        id: schema.timeEntries.id,
        startedAt: schema.timeEntries.startedAt,
        category: schema.timeEntries.category,
        minutes: schema.timeEntries.minutes,
        travelMinutes: schema.timeEntries.travelMinutes,
        amountCents: schema.timeEntries.amountCents,
        description: schema.timeEntries.description,
        userName: schema.users.name,
      })
      .from(schema.timeEntries)
      .innerJoin(schema.users, eq(schema.users.id, schema.timeEntries.userId))
      .where(and(eq(schema.timeEntries.firmId, member.firmId), eq(schema.timeEntries.clientId, clientId)))
      .orderBy(desc(schema.timeEntries.startedAt))
      .limit(25)
      .all()
      .map((e) => ({ ...e, category: categoryAsRead(e.category, client.tier) })),
    charges: db
      .select({
        id: schema.charges.id,
        billedAt: schema.charges.billedAt,
        amountCents: schema.charges.amountCents,
        description: schema.charges.description,
      })
      .from(schema.charges)
      .where(and(eq(schema.charges.firmId, member.firmId), eq(schema.charges.clientId, clientId)))
      .orderBy(desc(schema.charges.billedAt))
      .limit(12)
      .all(),
    tierChanges: db
      .select({
        id: schema.tierChanges.id,
        at: schema.tierChanges.at,
        fromTier: schema.tierChanges.fromTier,
        toTier: schema.tierChanges.toTier,
        reason: schema.tierChanges.reason,
      })
      .from(schema.tierChanges)
      .where(and(eq(schema.tierChanges.firmId, member.firmId), eq(schema.tierChanges.clientId, clientId)))
      .orderBy(desc(schema.tierChanges.at))
      .limit(20)
      .all(),
  };
}

/** How long a second identical create by the same person counts as the same click (a double click, a retried post). */
export const REPEAT_CREATE_MS = 10 * 60_000;

/**
 * Creates a client. The same person sending the same form again shortly after
 * (a double click, a resubmitted post) gets the client that first post made,
 * not an error: only a different client under a taken name is a duplicate.
 */
export function createClient(member: Member, input: ClientInput, now = Date.now()): number {
  assertCan(member.role, 'clients.write');
  return writeTransaction((tx) => {
    const existing = findClientIdByName(tx, member.firmId, input.name);
    if (existing !== undefined && justCreatedBy(tx, member, existing, input, now)) return existing;
    return insertClient(tx, member, input, now);
  });
}

function justCreatedBy(tx: Tx, member: Member, clientId: number, input: ClientInput, now: number): boolean {
  const row = tx
    .select({
      createdAt: schema.clients.createdAt,
      updatedAt: schema.clients.updatedAt,
      actor: schema.auditLog.actorUserId,
      after: schema.auditLog.after,
    })
    .from(schema.clients)
    .innerJoin(
      schema.auditLog,
      and(
        eq(schema.auditLog.entityType, 'client'),
        eq(schema.auditLog.entityId, schema.clients.id),
        eq(schema.auditLog.action, 'client.created'),
      ),
    )
    .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId), eq(schema.auditLog.firmId, member.firmId)))
    .get();
  if (!row || row.actor !== member.userId || row.updatedAt !== row.createdAt || now - row.createdAt > REPEAT_CREATE_MS) return false;
  return sameFields(row.after, input);
}

const sameFields = (a: unknown, b: unknown): boolean => {
  // Through JSON first, as the audit row stored it (undefined fields dropped).
  const sorted = (v: unknown) =>
    JSON.stringify(Object.entries(JSON.parse(JSON.stringify(v ?? {})) as object).sort(([x], [y]) => (x < y ? -1 : 1)));
  return sorted(a) === sorted(b);
};

export function updateClient(member: Member, clientId: number, input: ClientInput, now = Date.now()): void {
  assertCan(member.role, 'clients.write');
  writeTransaction((tx) => {
    const before = getClientOrThrow(tx, member, clientId, 'clients.write');
    const sameName = findClientIdByName(tx, member.firmId, input.name);
    if (sameName !== undefined && sameName !== clientId) throw new DuplicateClientError(input.name);
    const serverAddedAt = input.hasServer && !before.hasServer ? now : input.hasServer ? before.serverAddedAt : null;
    tx.update(schema.clients)
      .set({ ...input, serverAddedAt, updatedAt: now })
      .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId)))
      .run();
    retier(tx, member.firmId, now, clientId);
    const keys = (Object.keys(input) as (keyof ClientInput)[]).filter((k) => before[k] !== input[k]);
    if (keys.length) {
      writeAudit(tx, member, {
        action: auditAction(before.status, input.status),
        entity: 'client',
        id: clientId,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, input[k]])),
      });
    }
  });
}

function auditAction(before: ClientStatus, after: ClientStatus): string {
  if (after === 'archived' && before !== 'archived') return 'client.archived';
  if (before === 'archived' && after !== 'archived') return 'client.restored';
  return 'client.updated';
}

// The editable fields, as a form or a CSV row carries them.
const inputColumns = {
  name: schema.clients.name,
  contactName: schema.clients.contactName,
  email: schema.clients.email,
  phone: schema.clients.phone,
  address: schema.clients.address,
  seats: schema.clients.seats,
  hasServer: schema.clients.hasServer,
  hourlyRateCents: schema.clients.hourlyRateCents,
  monthlyRecurringCents: schema.clients.monthlyRecurringCents,
  growth: schema.clients.growth,
  expectedSeats24m: schema.clients.expectedSeats24m,
  status: schema.clients.status,
  defaultTravelMinutes: schema.clients.defaultTravelMinutes,
  notes: schema.clients.notes,
  tierOverride: schema.clients.tierOverride,
  tierOverrideReason: schema.clients.tierOverrideReason,
} satisfies Record<keyof ClientInput, unknown>;

/** Clients are never deleted once they have history; archiving hides them from current lists. */
export function archiveClient(member: Member, clientId: number, now = Date.now()): void {
  assertCan(member.role, 'clients.write');
  const current = getClientOrThrow(getDb(), member, clientId, 'clients.write');
  if (current.status === 'archived') return;
  const input = Object.fromEntries(Object.keys(inputColumns).map((k) => [k, current[k as keyof ClientInput]])) as ClientInput;
  updateClient(member, clientId, { ...input, status: 'archived' }, now);
}

/** Undoes an archive: the client gets back the status it had when it was archived (active when that is unknown). */
export function restoreClient(member: Member, clientId: number, now = Date.now()): void {
  assertCan(member.role, 'clients.write');
  const db = getDb();
  const current = getClientOrThrow(db, member, clientId, 'clients.write');
  if (current.status !== 'archived') return;
  const archived = db
    .select({ before: schema.auditLog.before })
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.firmId, member.firmId),
        eq(schema.auditLog.entityType, 'client'),
        eq(schema.auditLog.entityId, clientId),
        eq(schema.auditLog.action, 'client.archived'),
      ),
    )
    .orderBy(desc(schema.auditLog.id))
    .get();
  const was = (archived?.before as { status?: unknown } | null)?.status;
  const status = was === 'active' || was === 'prospect' || was === 'referred_out' ? was : 'active';
  const input = Object.fromEntries(Object.keys(inputColumns).map((k) => [k, current[k as keyof ClientInput]])) as ClientInput;
  updateClient(member, clientId, { ...input, status }, now);
}

/** Every client of the firm, for CSV export, in name order. */
export function exportClients(member: Member): ClientInput[] {
  assertCan(member.role, 'clients.read');
  return getDb()
    .select(inputColumns)
    .from(schema.clients)
    .where(eq(schema.clients.firmId, member.firmId))
    .orderBy(sql`${schema.clients.name} collate nocase`)
    .all();
}
