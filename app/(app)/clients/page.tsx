import type { Metadata } from 'next';
import { EmptyState, PageHeader } from '@/components/ui/empty-state';
import { requireMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Clients' };

export default async function Page() {
  await requireMember();
  return (
    <>
      <PageHeader title="Clients" description="Client records and tiers" />
      <EmptyState title="Not available yet">
        <p>Client records — micro, emerging, sweet spot and large, each with the reason for its tier — are not available in this version yet. When they are, this page lists them with search, filters and a CSV import.</p>
      </EmptyState>
    </>
  );
}
