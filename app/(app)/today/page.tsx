import type { Metadata } from 'next';
import { EmptyState, PageHeader } from '@/components/ui/empty-state';
import { requireMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Today' };

export default async function Page() {
  await requireMember();
  return (
    <>
      <PageHeader title="Today" description="Your visits today" />
      <EmptyState title="Not available yet">
        <p>Checking in and out of visits from a phone is not available in this version yet. Today&apos;s visits and marketing blocks will be listed here, in order.</p>
      </EmptyState>
    </>
  );
}
