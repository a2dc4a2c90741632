import 'server-only';
import { getDb, schema, type Conn, type Tx } from '@/db';
import type { Member } from '../session';

/**
 * Runs `fn` in one immediate transaction: the write lock is taken at BEGIN, so
 * nothing `fn` reads before it writes can change under it, and every check
 * and write in it lands together or not at all. better-sqlite3 is
 * synchronous: `fn` must not await.
 */
export function writeTransaction<T>(fn: (tx: Tx) => T): T {
  return getDb().transaction(fn, { behavior: 'immediate' });
}

export type AuditEntry = {
  action: string;
  /** What kind of record changed ('client', 'visit', 'user'…) and which one. */
  entity: string;
  id?: number | null;
  before?: unknown;
  after?: unknown;
};

/** The caller's change, written inside the transaction that makes it, so a change and its record land together or not at all. */
export function writeAudit(tx: Conn, member: Pick<Member, 'firmId' | 'userId'>, { action, entity, id, before, after }: AuditEntry): void {
  recordAudit(tx, { firmId: member.firmId, actorUserId: member.userId, action, entityType: entity, entityId: id, before, after });
}

/** Audits only the fields an update changed (their before and after values); writes nothing when nothing changed. */
export function writeChangesAudit<T extends object>(
  tx: Conn,
  member: Pick<Member, 'firmId' | 'userId'>,
  { action, entity, id }: Omit<AuditEntry, 'before' | 'after'>,
  before: T,
  input: Partial<T>,
): void {
  const changed = (Object.keys(input) as (keyof T)[]).filter((k) => before[k] !== input[k]);
  if (changed.length === 0) return;
  writeAudit(tx, member, {
    action,
    entity,
    id,
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, input[k]])),
  });
}

export type AuditInput = {
  firmId: number;
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
};

/**
 * An audit row with its firm and actor given: for a change no signed-in caller
 * makes (a request from the public page, a sign-up, a feed ended because of
 * someone else's change); writeAudit for the caller's own.
 */
export function recordAudit(tx: Conn, entry: AuditInput): void {
  tx.insert(schema.auditLog)
    .values({
      firmId: entry.firmId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}
