import 'server-only';
import { getDb } from '@/db';
import { assertCan } from '@/lib/permissions';
import type { ClientListQuery } from '@/lib/validations/clients';
import { getFirm } from './firm';
import {
  clientMetricsMap,
  escapeLike,
  NO_METRICS,
  ROW_COLUMNS,
  toRow,
  type ClientMetrics,
  type ClientRowDTO,
  type RawRow,
} from './internal/client-rows';
import { cached } from './internal/metrics-cache';
import type { Member } from './session';
import { ensureFreshTiers } from './internal/tiering';

/** The client list: filtered by tier, status and name, sorted by a column or a figure, a page at a time. */

export const CLIENT_PAGE_SIZE = 50;

const SORTS = { revenue: 'revenue12mCents', hours: 'minutes4w', rate: 'effectiveRateCents' } as const satisfies Partial<
  Record<NonNullable<ClientListQuery['sort']>, keyof ClientMetrics>
>;

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
    rows = (
      sqlite
        .prepare(
          `select ${ROW_COLUMNS} from clients c where ${whereSql} order by ${order}, c.id limit ${CLIENT_PAGE_SIZE} offset ${offset}`,
        )
        .all(params) as RawRow[]
    ).map((r) => toRow(r, metrics));
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
      (ids.length
        ? (sqlite
            .prepare(`select ${ROW_COLUMNS} from clients c where c.firm_id = ? and c.id in (${ids.map(() => '?').join(',')})`)
            .all(member.firmId, ...ids) as RawRow[])
        : []
      ).map((r) => [r.id, toRow(r, metrics)]),
    );
    rows = ids.map((id) => byId.get(id)).filter((r): r is ClientRowDTO => r !== undefined);
  }
  return {
    rows,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / CLIENT_PAGE_SIZE)),
    sort,
    dir,
    status,
    tier: query.tier,
    q: query.q,
  };
}
