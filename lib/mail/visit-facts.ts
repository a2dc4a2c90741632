/**
 * What a message about a page request's visit says: who asked (the request's
 * name and address), the firm, the visit's time on the firm's wall clock with
 * its zone, and the status link, remade from its nonce.
 *
 * Plain module (no `server-only`): the reminder job runs from instrumentation.ts.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Conn } from '../../db';
import * as schema from '../../db/schema';
import { shownLink } from '../link-tokens';
import { timeRangeLabel } from '../time/format';
import { mailOrigin } from './messages';
import type { VisitFacts } from './client-messages';

/** "Tue Dec 8, 10:00–11:00 CST": a visit's time as its client reads it (they may live elsewhere, so the zone is named). */
export function visitWhen(zone: string, hours: '24h' | '12h', startsAt: number, endsAt: number, now: number): string {
  const abbreviation = DateTime.fromMillis(startsAt, { zone }).offsetNameShort ?? zone;
  return `${timeRangeLabel(zone, startsAt, endsAt, { hours, thisYear: DateTime.fromMillis(now, { zone }).year })} ${abbreviation}`;
}

export function statusLinkOf(request: { statusNonce: string | null; statusTokenHash: string }): string | null {
  const token = shownLink('request-status', { nonce: request.statusNonce, hash: request.statusTokenHash })?.token;
  return token ? `${mailOrigin()}/request/status/${token}` : null;
}

export type VisitMailContext = {
  facts: VisitFacts;
  visit: typeof schema.visits.$inferSelect;
  zone: string;
  hours: '24h' | '12h';
  address: string;
};

/** The facts of a visit that came from the request page, or null for any other visit (its client did not ask by mail). */
export function visitMailContext(conn: Conn, visitId: number, now: number): VisitMailContext | null {
  const row = conn
    .select({
      visit: schema.visits,
      request: schema.publicRequests,
      firmName: schema.firms.name,
      zone: schema.firms.timeZone,
      hours: schema.firms.hourClock,
      address: schema.clients.address,
    })
    .from(schema.visits)
    .innerJoin(schema.publicRequests, eq(schema.publicRequests.visitId, schema.visits.id))
    .innerJoin(schema.firms, eq(schema.firms.id, schema.visits.firmId))
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(eq(schema.visits.id, visitId))
    .get();
  if (!row || !row.request.email) return null;
  const { visit, zone, hours } = row;
  const when = visit.startsAt !== null && visit.endsAt !== null ? visitWhen(zone, hours, visit.startsAt, visit.endsAt, now) : '';
  return {
    facts: {
      firmId: visit.firmId,
      firmName: row.firmName,
      to: row.request.email,
      name: row.request.name,
      when,
      statusLink: statusLinkOf(row.request),
    },
    visit,
    zone,
    hours,
    address: row.address,
  };
}
