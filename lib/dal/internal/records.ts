import 'server-only';
import { and, eq } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { Tier } from '@/db/schema';
import { NotFoundError } from '@/lib/permissions';
import type { Member } from '../session';

export type VisitRow = typeof schema.visits.$inferSelect & { clientName: string; clientTier: Tier };

export function visitFor(conn: Conn, member: Member, visitId: number): VisitRow {
  const row = conn
    .select({ visit: schema.visits, clientName: schema.clients.name, clientTier: schema.clients.tier })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(and(eq(schema.visits.id, visitId), eq(schema.visits.firmId, member.firmId)))
    .get();
  if (!row) throw new NotFoundError('That visit');
  return { ...row.visit, clientName: row.clientName, clientTier: row.clientTier };
}
