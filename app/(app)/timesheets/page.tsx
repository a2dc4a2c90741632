import type { Metadata } from 'next';
import { EmptyState, PageHeader } from '@/components/ui/empty-state';
import { requireMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function Page() {
  await requireMember();
  return (
    <>
      <PageHeader title="Timesheets" description="Hours by category and client" />
      <EmptyState title="Not available yet">
        <p>Time entries (micro, sweet spot, marketing, admin) and weekly timesheets are not available in this version yet.</p>
      </EmptyState>
    </>
  );
}
