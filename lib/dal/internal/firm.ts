import 'server-only';
import { eq } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { NotFoundError } from '@/lib/permissions';
import { DEFAULT_HOUR_CLOCK, type HourClock } from '@/lib/time/clock';

/** The firm's IANA time zone, for code that already checked the caller (inside its transaction). */
export function firmTimeZone(conn: Conn, firmId: number): string {
  const firm = conn.select({ timeZone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  if (!firm) throw new NotFoundError('The firm');
  return firm.timeZone;
}

/** How the firm writes times of day, for messages written by code that already checked the caller. */
export function firmHourClock(conn: Conn, firmId: number): HourClock {
  return conn.select({ h: schema.firms.hourClock }).from(schema.firms).where(eq(schema.firms.id, firmId)).get()?.h ?? DEFAULT_HOUR_CLOCK;
}
