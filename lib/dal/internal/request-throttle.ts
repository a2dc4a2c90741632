import 'server-only';
import { and, eq, gt, sql } from 'drizzle-orm';
import { schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { THROTTLE_WINDOW_MS } from '../attempts';
import { writeTransaction } from './write';

/** Submissions allowed per client address and request page in THROTTLE_WINDOW_MS (lib/dal/attempts.ts, which prunes by it). */
export const THROTTLE_MAX = 5;

export class ThrottledError extends UserFacingError {
  constructor() {
    super('Too many requests from your connection. Please wait a few minutes, or phone us.');
  }
}

/**
 * What a socket address looks like (IPv4, IPv6, IPv4-mapped IPv6). The caller
 * may have claimed anything; what is not an address is counted under one
 * shared key, so the table never holds the caller's text.
 */
const ADDRESS = /^[0-9a-f.:]{2,45}$/i;
const attemptKey = (firmId: number, clientAddress: string) =>
  `${firmId}|${ADDRESS.test(clientAddress) ? clientAddress.toLowerCase() : 'not-an-address'}`;

/**
 * Counts this submission against the address on this firm's page, or refuses
 * it when the address is at the limit. A refused submission is not stored:
 * rows stop at THROTTLE_MAX per address and page in any window.
 * Old rows are removed by pruneAttempts (lib/dal/attempts.ts), on a timer.
 */
export function throttleRequest(firmId: number, clientAddress: string, now = Date.now()): void {
  const address = attemptKey(firmId, clientAddress);
  const admitted = writeTransaction((tx) => {
    const recent = tx
      .select({ n: sql<number>`count(*)` })
      .from(schema.requestAttempts)
      .where(and(eq(schema.requestAttempts.address, address), gt(schema.requestAttempts.at, now - THROTTLE_WINDOW_MS)))
      .get()!.n;
    if (recent >= THROTTLE_MAX) return false;
    tx.insert(schema.requestAttempts).values({ address, at: now }).run();
    return true;
  });
  if (!admitted) throw new ThrottledError();
}
