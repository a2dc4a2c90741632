import 'server-only';
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { marketingKindLabels } from '@/lib/labels';
import { expandBlocks, type BlockException, type BlockRule, type DaysOff, type Occurrence } from '@/lib/time/recurrence';
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
      rrule: schema.marketingBlocks.rrule,
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
      toDate: schema.marketingExceptions.toDate,
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

/** The firm's holidays and the people's time off touching local dates [from, to] (all of them when no range is given). */
export function daysOffOf(conn: Conn, firmId: number, userIds: number[], from?: LocalDate, to?: LocalDate): DaysOff {
  const h = schema.firmHolidays;
  const t = schema.timeOff;
  const holidays = conn
    .select({ date: h.date, name: h.name })
    .from(h)
    .where(and(eq(h.firmId, firmId), from ? gte(h.date, from) : undefined, to ? lte(h.date, to) : undefined))
    .orderBy(h.date)
    .all();
  const timeOff = userIds.length
    ? conn
        .select({ userId: t.userId, firstDate: t.firstDate, lastDate: t.lastDate, note: t.note })
        .from(t)
        .where(
          and(
            eq(t.firmId, firmId),
            inArray(t.userId, userIds),
            from ? gte(t.lastDate, from) : undefined,
            to ? lte(t.firstDate, to) : undefined,
          ),
        )
        .orderBy(t.firstDate)
        .all()
    : [];
  return { holidays, timeOff };
}

/** Occurrences of the people's marketing blocks on local dates [from, to], skips and moves applied; none on a holiday or their time off. */
export function occurrencesOf(conn: Conn, firmId: number, userIds: number[], from: LocalDate, to: LocalDate, zone: string): Occurrence[] {
  const { rules, exceptions } = blockRulesOf(conn, firmId, userIds);
  return rules.length ? expandBlocks(rules, exceptions, from, to, zone, daysOffOf(conn, firmId, userIds, from, to)) : [];
}

export function blockName(o: { kind: string; title: string }): string {
  return o.title || kindLabel(o.kind);
}

export function kindLabel(kind: string): string {
  return marketingKindLabels[kind as keyof typeof marketingKindLabels] || kind;
}

/** "Direct mail", or "Spring mailing (Direct mail)": the kind is added only when the title does not already say it. */
export function blockLabel(o: { kind: string; title: string }): string {
  const kind = kindLabel(o.kind);
  const name = blockName(o);
  return name.trim().toLowerCase() === kind.toLowerCase() ? name : `${name} (${kind})`;
}
