import 'server-only';
import { getClient, type ClientDTO } from '@/lib/dal/clients';
import type { Member } from '@/lib/dal/session';
import { idOrNotFound, orNotFound } from '@/lib/not-found';

/** The client named by the URL, or the 404 page: a bad id and another firm's id look the same. */
export function loadClientOr404(member: Member, idParam: string): ClientDTO {
  const id = idOrNotFound(idParam);
  return orNotFound(() => getClient(member, id));
}
