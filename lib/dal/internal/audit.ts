import 'server-only';
import { schema, type Conn } from '@/db';

export type AuditInput = {
  firmId: number;
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
};

/** Written inside the caller's transaction, so a change and its record land together or not at all. */
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
