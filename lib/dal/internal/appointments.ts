import 'server-only';
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import { schema, type Conn } from '@/db';

/** The appointments of these people that overlap [a, b), earliest first, with the client's name when there is one. */
export function appointmentsOverlapping(conn: Conn, firmId: number, userIds: number[], a: number, b: number) {
  if (!userIds.length) return [];
  return conn
    .select({
      id: schema.appointments.id,
      userId: schema.appointments.userId,
      title: schema.appointments.title,
      startsAt: schema.appointments.startsAt,
      endsAt: schema.appointments.endsAt,
      client: schema.clients.name,
    })
    .from(schema.appointments)
    .leftJoin(schema.clients, eq(schema.clients.id, schema.appointments.clientId))
    .where(
      and(
        eq(schema.appointments.firmId, firmId),
        inArray(schema.appointments.userId, userIds),
        lt(schema.appointments.startsAt, b),
        gt(schema.appointments.endsAt, a),
      ),
    )
    .orderBy(asc(schema.appointments.startsAt))
    .all();
}
