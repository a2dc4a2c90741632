import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { Tier } from '@/db/schema';
import { assertCan, NotFoundError } from '@/lib/permissions';
import type { ClientInput } from '@/lib/validations/clients';
import { recordAudit } from './audit';
import { getFirm } from './firm';
import { clientMetricsMap, ROW_COLUMNS, toRow, type ClientRowDTO, type RawRow } from './internal/client-rows';
import { DuplicateClientError, findClientIdByName, insertClient } from './internal/client-writes';
import type { Member } from './session';
import { retier } from './tiering';

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

/** A client of the caller's firm; another firm's id or a missing one answers "not found". */
export function getClientOrThrow(member: Member, clientId: number, now = Date.now()): ClientDTO {
  assertCan(member.role, 'clients.read');
  const firm = getFirm(member);
  const row = getDb()
    .$client.prepare(
      `select ${ROW_COLUMNS},
              c.contact_name as contactName, c.email, c.phone, c.address, c.hourly_rate_cents as hourlyRateCents,
              c.monthly_recurring_cents as monthlyRecurringCents, c.expected_seats_24m as expectedSeats24m,
              c.default_travel_minutes as defaultTravelMinutes, c.notes, c.tier_override as tierOverride,
              c.tier_override_reason as tierOverrideReason, c.server_added_at as serverAddedAt
         from clients c
        where c.firm_id = @firmId and c.id = @clientId`,
    )
    .get({ firmId: member.firmId, clientId }) as (RawRow & Omit<ClientDTO, keyof ClientRowDTO>) | undefined;
  if (!row) throw new NotFoundError('That client');
  return { ...row, ...toRow(row, clientMetricsMap(member.firmId, firm.timeZone, now)) };
}

export type ClientHistoryDTO = {
  entries: { id: number; startedAt: number; category: string; minutes: number; travelMinutes: number; amountCents: number; description: string; userName: string }[];
  charges: { id: number; billedAt: number; amountCents: number; description: string }[];
  tierChanges: { id: number; at: number; fromTier: Tier | null; toTier: Tier; reason: string }[];
};

export function getClientHistory(member: Member, clientId: number): ClientHistoryDTO {
  getClientOrThrow(member, clientId);
  const db = getDb();
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
      .all(),
    charges: db
      .select({ id: schema.charges.id, billedAt: schema.charges.billedAt, amountCents: schema.charges.amountCents, description: schema.charges.description })
      .from(schema.charges)
      .where(and(eq(schema.charges.firmId, member.firmId), eq(schema.charges.clientId, clientId)))
      .orderBy(desc(schema.charges.billedAt))
      .limit(12)
      .all(),
    tierChanges: db
      .select({ id: schema.tierChanges.id, at: schema.tierChanges.at, fromTier: schema.tierChanges.fromTier, toTier: schema.tierChanges.toTier, reason: schema.tierChanges.reason })
      .from(schema.tierChanges)
      .where(and(eq(schema.tierChanges.firmId, member.firmId), eq(schema.tierChanges.clientId, clientId)))
      .orderBy(desc(schema.tierChanges.at))
      .limit(20)
      .all(),
  };
}


export function createClient(member: Member, input: ClientInput, now = Date.now()): number {
  assertCan(member.role, 'clients.write');
  return getDb().transaction((tx) => insertClient(tx, member, input, now), { behavior: 'immediate' });
}

export function updateClient(member: Member, clientId: number, input: ClientInput, now = Date.now()): void {
  assertCan(member.role, 'clients.write');
  getDb().transaction(
    (tx) => {
      const before = tx
        .select()
        .from(schema.clients)
        .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId)))
        .get();
      if (!before) throw new NotFoundError('That client');
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
        recordAudit(tx, {
          firmId: member.firmId,
          actorUserId: member.userId,
          action: input.status === 'archived' && before.status !== 'archived' ? 'client.archived' : 'client.updated',
          entityType: 'client',
          entityId: clientId,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, input[k]])),
        });
      }
    },
    { behavior: 'immediate' },
  );
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
  const current = getDb()
    .select(inputColumns)
    .from(schema.clients)
    .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId)))
    .get();
  if (!current) throw new NotFoundError('That client');
  if (current.status === 'archived') return;
  updateClient(member, clientId, { ...current, status: 'archived' }, now);
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

