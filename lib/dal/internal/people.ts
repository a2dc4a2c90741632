import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { schema, type Conn } from '@/db';

export type Person = {
  id: number;
  name: string;
  role: 'owner' | 'consultant' | 'staff';
  microCapMinutesPerWeek: number | null;
  /** Their own weekly marketing allotment; null: the firm's weekly marketing target. */
  weeklyMarketingMinutes: number | null;
};

/** People whose time can be booked: active owners and consultants of the firm. */
export function schedulablePeople(conn: Conn, firmId: number): Person[] {
  return conn
    .select({
      id: schema.users.id,
      name: schema.users.name,
      role: schema.users.role,
      microCapMinutesPerWeek: schema.users.microCapMinutesPerWeek,
      weeklyMarketingMinutes: schema.users.weeklyMarketingMinutes,
    })
    .from(schema.users)
    .where(and(eq(schema.users.firmId, firmId), eq(schema.users.active, true), inArray(schema.users.role, ['owner', 'consultant'])))
    .orderBy(asc(schema.users.name))
    .all();
}

/** What a page is told of a person whose time is booked. */
export const toPerson = (u: Person): Person => ({
  id: u.id,
  name: u.name,
  role: u.role,
  microCapMinutesPerWeek: u.microCapMinutesPerWeek,
  weeklyMarketingMinutes: u.weeklyMarketingMinutes,
});
