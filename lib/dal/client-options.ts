import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { assertCan } from '@/lib/permissions';
import { choosable, escapeLike } from './internal/client-rows';
import type { Member } from './session';

/** Clients to pick from in a form: a select for a small firm, a search as you type for a big one. */

export type ClientOption = { value: string; label: string };

/** Up to this many active and prospect clients are offered in a select; a bigger firm searches by name instead. */
export const MAX_CLIENT_OPTIONS = 300;

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
