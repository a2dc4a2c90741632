import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Conn, type Tx } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { classifyClient, type TierThresholds } from '@/lib/tiers';
import type { ClientInput } from '@/lib/validations/clients';
import { writeAudit } from './write';
import type { Member } from '../session';

/** Creating clients inside the caller's transaction: the client form, CSV import and a confirmed page request. */

export class DuplicateClientError extends UserFacingError {
  constructor(name: string) {
    super(`A client named “${name}” already exists.`, 'name');
  }
}

export function findClientIdByName(tx: Conn, firmId: number, name: string): number | undefined {
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
    .values({
      ...input,
      firmId: member.firmId,
      tier,
      tierReason: reason,
      serverAddedAt: input.hasServer ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: schema.clients.id })
    .get();
  tx.insert(schema.tierChanges)
    .values({ firmId: member.firmId, clientId: created.id, fromTier: null, toTier: tier, reason, at: now })
    .run();
  writeAudit(tx, member, { action: 'client.created', entity: 'client', id: created.id, after: input });
  return created.id;
}
