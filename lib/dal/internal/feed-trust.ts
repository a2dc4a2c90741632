import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { schema, type Tx } from '@/db';
import { can, type Role } from '@/lib/permissions';
import { recordAudit } from './write';

/**
 * Ends the calendar feeds a person could read, inside the transaction that
 * changes their standing (password reset or change, role change,
 * deactivation). A feed address outlives any session: one copied from
 * Settings by a briefly stolen session would otherwise stay read access after
 * the owner had locked the thief out. Their own feed goes, and the firm-wide
 * feed too when their role (before the change) could read it in Settings, who
 * ever made it. They make new addresses in Settings. Kept apart from feeds.ts
 * so the account code does not load the calendar generator.
 */
export function endFeedsOf(tx: Tx, who: { firmId: number; userId: number; role: Role }, actorUserId: number, reason: string): void {
  const scopes = [
    { scope: 'me', userId: who.userId, where: eq(schema.calendarFeeds.userId, who.userId) },
    ...(can(who.role, 'schedule.manage') ? [{ scope: 'firm', userId: 0, where: isNull(schema.calendarFeeds.userId) }] : []),
  ];
  for (const { scope, userId, where } of scopes) {
    if (
      tx
        .delete(schema.calendarFeeds)
        .where(and(eq(schema.calendarFeeds.firmId, who.firmId), where))
        .run().changes === 0
    )
      continue;
    recordAudit(tx, {
      firmId: who.firmId,
      actorUserId,
      action: 'feed.revoke',
      entityType: 'calendar_feed',
      entityId: userId,
      after: { scope, reason },
    });
  }
}
