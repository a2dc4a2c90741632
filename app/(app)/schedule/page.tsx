import type { Metadata } from 'next';
import { EmptyState, PageHeader } from '@/components/ui/empty-state';
import { requireMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Schedule' };

export default async function Page() {
  await requireMember();
  return (
    <>
      <PageHeader title="Schedule" description="Protected marketing time and visits" />
      <EmptyState title="Not available yet">
        <p>The week view with protected marketing blocks and the auto-scheduler that fits micro-client visits around them is not available in this version yet.</p>
      </EmptyState>
    </>
  );
}
