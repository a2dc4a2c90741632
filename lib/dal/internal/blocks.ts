import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { marketingKindLabels } from '@/lib/labels';
import { expandBlocks, type BlockException, type BlockRule, type Occurrence } from '@/lib/time/recurrence';
import { type LocalDate } from '@/lib/time/zoned';

/** The people's marketing block rules, without their exceptions. */
export function rulesOf(conn: Conn, firmId: number, userIds: number[]): BlockRule[] {
  if (userIds.length === 0) return [];
  return conn
    .select({
      id: schema.marketingBlocks.id,
      userId: schema.marketingBlocks.userId,
      kind: schema.marketingBlocks.kind,
      title: schema.marketingBlocks.title,
      repeat: schema.marketingBlocks.repeat,
      weekday: schema.marketingBlocks.weekday,
      startMinute: schema.marketingBlocks.startMinute,
      endMinute: schema.marketingBlocks.endMinute,
      firstDate: schema.marketingBlocks.firstDate,
      lastDate: schema.marketingBlocks.lastDate,
    })
    .from(schema.marketingBlocks)
    .where(and(eq(schema.marketingBlocks.firmId, firmId), inArray(schema.marketingBlocks.userId, userIds)))
    .all();
}

/** The people's marketing block rules and every skip or move of them. */
export function blockRulesOf(conn: Conn, firmId: number, userIds: number[]): { rules: BlockRule[]; exceptions: BlockException[] } {
  const rules = rulesOf(conn, firmId, userIds);
  if (rules.length === 0) return { rules, exceptions: [] };
  const exceptions = conn
    .select({
      blockId: schema.marketingExceptions.blockId,
      date: schema.marketingExceptions.date,
      action: schema.marketingExceptions.action,
      startMinute: schema.marketingExceptions.startMinute,
      endMinute: schema.marketingExceptions.endMinute,
      reason: schema.marketingExceptions.reason,
    })
    .from(schema.marketingExceptions)
    .where(
      and(
        eq(schema.marketingExceptions.firmId, firmId),
        inArray(
          schema.marketingExceptions.blockId,
          rules.map((r) => r.id),
        ),
      ),
    )
    .all();
  return { rules, exceptions };
}

/** Occurrences of the people's marketing blocks on local dates [from, to], skips and moves applied. */
export function occurrencesOf(conn: Conn, firmId: number, userIds: number[], from: LocalDate, to: LocalDate, zone: string): Occurrence[] {
  const { rules, exceptions } = blockRulesOf(conn, firmId, userIds);
  return rules.length ? expandBlocks(rules, exceptions, from, to, zone) : [];
}

export function blockName(o: { kind: string; title: string }): string {
  return o.title || marketingKindLabels[o.kind as keyof typeof marketingKindLabels] || o.kind;
}
