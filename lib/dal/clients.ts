import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import type { ClientStatus, GrowthOutlook, Tier } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { classifyClient, type TierThresholds } from '@/lib/tiers';
import { monthsBefore } from '@/lib/time';
import type { ClientInput, ClientListQuery } from '@/lib/validations/clients';
import { recordAudit } from './audit';
import { getFirm } from './firm';
import type { Member } from './session';
import { cached } from './metrics-cache';
import { ensureFreshTiers, retier } from './tiering';

export const CLIENT_PAGE_SIZE = 50;
const DAY = 86_400_000;

export type ClientMetrics = {
  revenue12mCents: number;
  minutes12m: number;
  minutes4w: number;
  revenue4wCents: number;
  /** Revenue ÷ hours including travel, over 12 months; null without hours. */
  effectiveRateCents: number | null;
};

export type ClientRowDTO = {
  id: number;
  name: string;
  seats: number;
  hasServer: boolean;
  status: ClientStatus;
  growth: GrowthOutlook;
  tier: Tier;
  tierReason: string;
  overridden: boolean;
} & ClientMetrics;

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

// Aggregates per client over the two windows, joined onto clients. Indexed by (firm_id, started_at).
const METRICS_JOINS = `
  left join (select client_id, sum(amount_cents) as amount, sum(minutes + travel_minutes) as mins
               from time_entries indexed by time_entries_firm_client_cover_idx where firm_id = @firmId and client_id is not null and started_at >= @since12m and started_at < @now
              group by client_id) t12 on t12.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount
               from charges indexed by charges_firm_client_cover_idx where firm_id = @firmId and billed_at >= @since12m and billed_at < @now
              group by client_id) ch12 on ch12.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount, sum(minutes + travel_minutes) as mins
               from time_entries indexed by time_entries_firm_client_cover_idx where firm_id = @firmId and client_id is not null and started_at >= @since4w and started_at < @now
              group by client_id) t4 on t4.client_id = c.id
  left join (select client_id, sum(amount_cents) as amount
               from charges indexed by charges_firm_client_cover_idx where firm_id = @firmId and billed_at >= @since4w and billed_at < @now
              group by client_id) ch4 on ch4.client_id = c.id`;

const METRICS_COLUMNS = `
  coalesce(t12.amount, 0) + coalesce(ch12.amount, 0) as revenue12mCents,
  coalesce(t12.mins, 0) as minutes12m,
  coalesce(t4.mins, 0) as minutes4w,
  coalesce(t4.amount, 0) + coalesce(ch4.amount, 0) as revenue4wCents,
  case when coalesce(t12.mins, 0) > 0 then (coalesce(t12.amount, 0) + coalesce(ch12.amount, 0)) * 60 / t12.mins end as effectiveRateCents`;

/** Every client's figures over both windows, computed in one pass and cached per data version. */
export function clientMetricsMap(firmId: number, timeZone: string, now: number): Map<number, ClientMetrics> {
  return cached('client-metrics', firmId, now, () => {
    const since12m = monthsBefore(now, timeZone, 12);
    const rows = getDb()
      .$client.prepare(`select c.id, ${METRICS_COLUMNS} from clients c ${METRICS_JOINS} where c.firm_id = @firmId`)
      .all({ firmId, now, since12m, since4w: now - 28 * DAY }) as ({ id: number } & ClientMetrics)[];
    return new Map(
      rows.map(({ id, ...m }) => [id, { ...m, effectiveRateCents: m.effectiveRateCents === null ? null : Math.round(m.effectiveRateCents) }]),
    );
  });
}

const NO_METRICS: ClientMetrics = { revenue12mCents: 0, minutes12m: 0, minutes4w: 0, revenue4wCents: 0, effectiveRateCents: null };

const ROW_COLUMNS = `c.id, c.name, c.seats, c.has_server as hasServer, c.status, c.growth, c.tier, c.tier_reason as tierReason,
  c.tier_override is not null as overridden`;

const SORTS = { revenue: 'revenue12mCents', hours: 'minutes4w', rate: 'effectiveRateCents' } as const satisfies Partial<
  Record<NonNullable<ClientListQuery['sort']>, keyof ClientMetrics>
>;

type RawRow = Omit<ClientRowDTO, 'hasServer' | 'overridden' | keyof ClientMetrics> & { hasServer: number; overridden: number };
const toRow = (r: RawRow, metrics: Map<number, ClientMetrics>): ClientRowDTO => ({
  ...r,
  hasServer: Boolean(r.hasServer),
  overridden: Boolean(r.overridden),
  ...(metrics.get(r.id) ?? NO_METRICS),
});

export function listClients(member: Member, query: ClientListQuery, now = Date.now()) {
  assertCan(member.role, 'clients.read');
  const firm = getFirm(member);
  ensureFreshTiers(member.firmId, now);
  const params: Record<string, string | number> = { firmId: member.firmId };
  const where = ['c.firm_id = @firmId'];
  const status = query.status ?? 'current';
  if (status === 'all') {
    /* every status */
  } else if (status === 'current') {
    where.push("c.status in ('active', 'prospect')");
  } else {
    where.push('c.status = @status');
    params.status = status;
  }
  if (query.tier) {
    where.push('c.tier = @tier');
    params.tier = query.tier;
  }
  if (query.q) {
    where.push("c.name like @q escape '\\'");
    params.q = `%${escapeLike(query.q)}%`;
  }
  const sort = query.sort ?? 'name';
  const dir = query.dir ?? (sort === 'name' ? 'asc' : 'desc');
  const page = query.page ?? 1;
  const sqlite = getDb().$client;
  const metrics = clientMetricsMap(member.firmId, firm.timeZone, now);
  const whereSql = where.join(' and ');
  const total = (sqlite.prepare(`select count(*) as n from clients c where ${whereSql}`).get(params) as { n: number }).n;
  const offset = (page - 1) * CLIENT_PAGE_SIZE;
  let rows: ClientRowDTO[];
  if (sort === 'name' || sort === 'seats') {
    const order = sort === 'name' ? `c.name collate nocase ${dir}` : `c.seats ${dir}, c.name collate nocase`;
    rows = (sqlite.prepare(`select ${ROW_COLUMNS} from clients c where ${whereSql} order by ${order}, c.id limit ${CLIENT_PAGE_SIZE} offset ${offset}`).all(params) as RawRow[]).map((r) =>
      toRow(r, metrics),
    );
  } else {
    // Sorting by a figure: the figures come from the cached map, so the order is computed here
    // once per data version and filter, and each page then reads only its 50 rows.
    const key = SORTS[sort];
    const sign = dir === 'asc' ? 1 : -1;
    const order = cached(`order:${JSON.stringify(params)}:${sort}:${dir}`, member.firmId, now, () =>
      (sqlite.prepare(`select c.id, c.name from clients c where ${whereSql}`).all(params) as { id: number; name: string }[])
        .map((r) => ({ ...r, v: (metrics.get(r.id) ?? NO_METRICS)[key] }))
        .sort((a, b) => {
          if (a.v === b.v) return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
          if (a.v === null) return 1;
          if (b.v === null) return -1;
          return (a.v - b.v) * sign;
        })
        .map((r) => r.id),
    );
    const ids = order.slice(offset, offset + CLIENT_PAGE_SIZE);
    const byId = new Map(
      (ids.length ? (sqlite.prepare(`select ${ROW_COLUMNS} from clients c where c.firm_id = ? and c.id in (${ids.map(() => '?').join(',')})`).all(member.firmId, ...ids) as RawRow[]) : []).map(
        (r) => [r.id, toRow(r, metrics)],
      ),
    );
    rows = ids.map((id) => byId.get(id)).filter((r): r is ClientRowDTO => r !== undefined);
  }
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / CLIENT_PAGE_SIZE)), sort, dir, status, tier: query.tier, q: query.q };
}

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

export class DuplicateClientError extends UserFacingError {
  constructor(name: string) {
    super(`A client named “${name}” already exists.`, 'name');
  }
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

export function findClientIdByName(tx: Tx | ReturnType<typeof getDb>, firmId: number, name: string): number | undefined {
  return tx
    .select({ id: schema.clients.id })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, firmId), sql`lower(${schema.clients.name}) = lower(${name})`))
    .get()?.id;
}

/** Inserts inside the caller's transaction: used by the form and by CSV import. */
export function insertClient(tx: Tx, member: Member, input: ClientInput, now: number): number {
  if (findClientIdByName(tx, member.firmId, input.name) !== undefined) throw new DuplicateClientError(input.name);
  const firm = tx.select().from(schema.firms).where(eq(schema.firms.id, member.firmId)).get()!;
  return insertNewClient(tx, member, input, firm, now);
}

/**
 * Inserts a client the caller has found to be new inside this same
 * transaction, tiered by the firm's thresholds. CSV import checks the whole
 * file against the firm's names at once: the name lookup of insertClient
 * scans the firm's clients (the unique index is case-sensitive), once per row.
 */
export function insertNewClient(tx: Tx, member: Member, input: ClientInput, thresholds: TierThresholds, now: number): number {
  const { tier, reason } = classifyClient({ ...input, revenue12mCents: 0 }, thresholds);
  const created = tx
    .insert(schema.clients)
    .values({ ...input, firmId: member.firmId, tier, tierReason: reason, serverAddedAt: input.hasServer ? now : null, createdAt: now, updatedAt: now })
    .returning({ id: schema.clients.id })
    .get();
  tx.insert(schema.tierChanges).values({ firmId: member.firmId, clientId: created.id, fromTier: null, toTier: tier, reason, at: now }).run();
  recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action: 'client.created', entityType: 'client', entityId: created.id, after: input });
  return created.id;
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

/** A LIKE pattern's wildcards taken literally (with `escape '\\'`). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export type ClientOption = { value: string; label: string };

/** Up to this many active and prospect clients are offered in a select; a bigger firm searches by name instead. */
export const MAX_CLIENT_OPTIONS = 300;

export const choosable = sql`${schema.clients.status} in ('active', 'prospect')`;

/**
 * Active and prospect clients as options for a select, by name — or null when
 * the firm has more than MAX_CLIENT_OPTIONS of them (the forms then search as
 * you type through GET /api/clients, instead of sending every client with each page).
 */
export function listClientOptions(member: Member): ClientOption[] | null {
  assertCan(member.role, 'clients.read');
  const rows = getDb()
    .select({ id: schema.clients.id, name: schema.clients.name })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, member.firmId), choosable))
    .orderBy(schema.clients.name)
    .limit(MAX_CLIENT_OPTIONS + 1)
    .all();
  return rows.length > MAX_CLIENT_OPTIONS ? null : rows.map((c) => ({ value: String(c.id), label: c.name }));
}

/**
 * Active and prospect clients whose name contains `query` (names starting with
 * it first), at most `limit`. Names are unique in a firm, so a name is a choice.
 */
export function searchClientOptions(member: Member, query: string, limit = 20): ClientOption[] {
  assertCan(member.role, 'clients.read');
  const q = query.trim().slice(0, 100);
  if (!q) return [];
  const like = (pattern: string) => sql`${schema.clients.name} like ${pattern} escape '\\'`;
  const escaped = escapeLike(q);
  return getDb()
    .select({ id: schema.clients.id, name: schema.clients.name })
    .from(schema.clients)
    .where(and(eq(schema.clients.firmId, member.firmId), choosable, like(`%${escaped}%`)))
    .orderBy(sql`${like(`${escaped}%`)} desc`, sql`${schema.clients.name} collate nocase`)
    .limit(limit)
    .all()
    .map((c) => ({ value: String(c.id), label: c.name }));
}
