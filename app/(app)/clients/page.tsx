import type { Metadata } from 'next';
import { ClientFilters, ClientPager, ClientTable, ClientsHeader, clientsHref } from './sections';
import { listClients } from '@/lib/dal/client-list';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { clientListQuery } from '@/lib/validations/clients';

export const metadata: Metadata = { title: 'Clients' };

type Search = Record<string, string | string[] | undefined>;

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requireMember();
  const raw = await searchParams;
  const query = clientListQuery.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const list = listClients(member, query);
  const href = clientsHref(list);
  const writable = can(member.role, 'clients.write');
  return (
    <>
      <ClientsHeader list={list} writable={writable} />
      <ClientFilters list={list} />
      <ClientTable list={list} writable={writable} href={href} />
      <ClientPager list={list} href={href} />
    </>
  );
}
