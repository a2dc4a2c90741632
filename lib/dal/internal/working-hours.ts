import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { schema, type Conn } from '@/db';

/** Minutes of the local day, [start, end). */
export type Interval = [number, number];

/** Each person's working hours by ISO weekday (1 = Monday). */
export function workingHoursOf(conn: Conn, firmId: number, userIds: number[]): Map<number, Map<number, Interval[]>> {
  const out = new Map<number, Map<number, Interval[]>>();
  if (userIds.length === 0) return out;
  const rows = conn
    .select()
    .from(schema.workingHours)
    .where(and(eq(schema.workingHours.firmId, firmId), inArray(schema.workingHours.userId, userIds)))
    .orderBy(asc(schema.workingHours.weekday), asc(schema.workingHours.startMinute))
    .all();
  for (const r of rows) {
    const byDay = out.get(r.userId) ?? new Map<number, Interval[]>();
    byDay.set(r.weekday, [...(byDay.get(r.weekday) ?? []), [r.startMinute, r.endMinute]]);
    out.set(r.userId, byDay);
  }
  return out;
}
