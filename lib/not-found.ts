import 'server-only';
import { notFound } from 'next/navigation';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';

/**
 * What a page reads by an id or a person from its URL, or the 404 page. A
 * missing record, another firm's and one the caller may not see all answer
 * the same, so a page never tells which ids exist.
 */
export function orNotFound<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

/** A record id from the URL (a positive integer), or the 404 page. */
export function idOrNotFound(param: string): number {
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) notFound();
  return id;
}
