import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import type { MarketingWindow } from '@/lib/planning/marketing-reserve';

/** ISO weekdays (Monday = 1) ↔ the stored bit set, bit 1 << (weekday − 1). */
export const weekdaysToBits = (weekdays: readonly number[]) => weekdays.reduce((bits, d) => bits | (1 << (d - 1)), 0);
export const bitsToWeekdays = (bits: number) => [1, 2, 3, 4, 5, 6, 7].filter((d) => bits & (1 << (d - 1)));

/** The flexible marketing windows of these people (none for a person who has not set one). */
export function marketingWindowsOf(conn: Conn, firmId: number, userIds: number[]): MarketingWindow[] {
  if (!userIds.length) return [];
  const w = schema.marketingWindows;
  return conn
    .select({ userId: w.userId, weekdays: w.weekdays, startMinute: w.startMinute, endMinute: w.endMinute })
    .from(w)
    .where(and(eq(w.firmId, firmId), inArray(w.userId, userIds)))
    .all()
    .map((r) => ({ ...r, weekdays: bitsToWeekdays(r.weekdays) }));
}
