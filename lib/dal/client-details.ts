import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import type { ConfirmClientDetailsInput } from '@/lib/validations/client-details';
import { getClientOrThrow } from './internal/records';
import { retier } from './internal/tiering';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type ClientDetailsDTO = { clientId: number; address: string; seats: number; hasServer: boolean; defaultTravelMinutes: number };

/** The details of a client still to be confirmed (made from a request-page request), or null once confirmed. */
export function clientDetailsToConfirm(member: Member, clientId: number): ClientDetailsDTO | null {
  const c = getClientOrThrow(getDb(), member, clientId);
  if (!c.detailsToConfirm) return null;
  return { clientId: c.id, address: c.address, seats: c.seats, hasServer: c.hasServer, defaultTravelMinutes: c.defaultTravelMinutes };
}

/**
 * A client made from a request-page request carries the sender's word for its
 * address, seats and server, and no travel time. Staff confirm or correct
 * them here, once; until then its visits are not booked (checkPlacement, the
 * auto-scheduler). Open visit requests that took the old default travel take
 * the confirmed one, so the first visit is booked with real travel around it.
 */
export function confirmClientDetails(member: Member, input: ConfirmClientDetailsInput, now = Date.now()): void {
  assertCan(member.role, 'clients.write');
  writeTransaction((tx) => {
    const before = getClientOrThrow(tx, member, input.clientId, 'clients.write');
    if (!before.detailsToConfirm) throw new UserFacingError('This client’s details are already confirmed; edit the client to change them.');
    const { clientId, ...details } = input;
    const serverAddedAt = details.hasServer ? (before.hasServer ? before.serverAddedAt : now) : null;
    tx.update(schema.clients)
      .set({ ...details, serverAddedAt, detailsToConfirm: false, updatedAt: now })
      .where(and(eq(schema.clients.id, clientId), eq(schema.clients.firmId, member.firmId)))
      .run();
    retier(tx, member.firmId, now, clientId);
    tx.update(schema.visits)
      .set({ travelMinutes: details.defaultTravelMinutes, updatedAt: now })
      .where(
        and(
          eq(schema.visits.firmId, member.firmId),
          eq(schema.visits.clientId, clientId),
          eq(schema.visits.status, 'open'),
          eq(schema.visits.travelMinutes, before.defaultTravelMinutes),
        ),
      )
      .run();
    writeAudit(tx, member, {
      action: 'client.details_confirmed',
      entity: 'client',
      id: clientId,
      before: {
        address: before.address,
        seats: before.seats,
        hasServer: before.hasServer,
        defaultTravelMinutes: before.defaultTravelMinutes,
        detailsToConfirm: true,
      },
      after: { ...details, detailsToConfirm: false },
    });
  });
}
