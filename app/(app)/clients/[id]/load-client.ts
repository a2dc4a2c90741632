import 'server-only';
import { notFound } from 'next/navigation';
import { getClient, type ClientDTO } from '@/lib/dal/clients';
import type { Member } from '@/lib/dal/session';
import { NotFoundError } from '@/lib/permissions';

/** The client named by the URL, or the 404 page: a bad id and another firm's id look the same. */
export function loadClientOr404(member: Member, idParam: string): ClientDTO {
  const id = Number(idParam);
  if (!Number.isInteger(id) || id <= 0) notFound();
  try {
    return getClient(member, id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
