import type { Metadata } from 'next';
import { ImportForm } from '@/components/clients/import-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { requireMember } from '@/lib/dal/session';
import { latestJob } from '@/lib/jobs/registry';
import { CLIENT_CSV_COLUMNS } from '@/lib/csv';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Import clients' };

export default async function ImportPage() {
  const member = await requireMember();
  if (!can(member.role, 'clients.write')) return <AccessDenied permission="clients.write" what="client import" />;
  return (
    <>
      <PageHeader
        title="Import clients from CSV"
        description="The same columns as Export CSV. Rows are checked first; you confirm before anything is saved."
      />
      <p className="mb-4 break-words text-sm text-slate-600">
        Columns: <code>{CLIENT_CSV_COLUMNS.map(([h]) => h).join(', ')}</code>. Only name and seats are required; has_server is yes or no;
        money in dollars.
      </p>
      {/* Coming back to the page shows the firm's running check, or its result. */}
      <ImportForm initialJobId={latestJob(member, 'client-import')?.id ?? null} />
    </>
  );
}
