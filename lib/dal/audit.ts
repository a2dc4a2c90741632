import 'server-only';
import { and, desc, eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb, schema } from '@/db';
import { assertCan } from '@/lib/permissions';
import type { Member } from './session';

export type AuditEntryDTO = {
  id: number;
  at: number;
  action: string;
  entityType: string;
  entityId: number | null;
  actorName: string | null;
  /** The member an entry is about (a role changed, a member added), by name; null for other entries. */
  subjectName: string | null;
  before: unknown;
  after: unknown;
};

export const AUDIT_PAGE_SIZE = 50;

export function listAudit(member: Member, beforeId?: number): { entries: AuditEntryDTO[]; nextBeforeId: number | null } {
  assertCan(member.role, 'audit.read');
  const db = getDb();
  const subject = alias(schema.users, 'subject');
  const rows = db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      entityId: schema.auditLog.entityId,
      actorName: schema.users.name,
      subjectName: subject.name,
      before: schema.auditLog.before,
      after: schema.auditLog.after,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.actorUserId))
    .leftJoin(
      subject,
      and(eq(schema.auditLog.entityType, 'user'), eq(subject.id, schema.auditLog.entityId), eq(subject.firmId, schema.auditLog.firmId)),
    )
    .where(and(eq(schema.auditLog.firmId, member.firmId), beforeId ? lt(schema.auditLog.id, beforeId) : undefined))
    .orderBy(desc(schema.auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = entries.at(-1);
  return { entries, nextBeforeId: rows.length > AUDIT_PAGE_SIZE && last ? last.id : null };
}
