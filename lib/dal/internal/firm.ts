import 'server-only';
import { eq } from 'drizzle-orm';
import { schema, type Conn } from '@/db';
import { NotFoundError } from '@/lib/permissions';

/** The firm's IANA time zone, for code that already checked the caller (inside its transaction). */
export function firmTimeZone(conn: Conn, firmId: number): string {
  const firm = conn.select({ timeZone: schema.firms.timeZone }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  if (!firm) throw new NotFoundError('The firm');
  return firm.timeZone;
}
