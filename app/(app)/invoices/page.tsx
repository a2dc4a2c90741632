import type { Metadata } from 'next';
import { PrepareMonthForm } from '@/components/invoices/contract-forms';
import { ExportForm } from '@/components/invoices/export-form';
import { NewDraftForm } from '@/components/invoices/forms';
import { AccessDenied } from '@/components/ui/access-denied';
import { Link } from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { linkButtonClass } from '@/components/ui/styles';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { invoicedClientOptions, listInvoicePage } from '@/lib/dal/invoice-list';
import { preparedCount } from '@/lib/dal/prepare-invoices';
import { requireMember } from '@/lib/dal/session';
import { latestJob } from '@/lib/jobs/registry';
import { can } from '@/lib/permissions';
import { addDays, today } from '@/lib/time/zoned';
import { invoiceListQuery } from '@/lib/validations/invoices';
import { InvoiceList, invoicesHref } from './list-sections';

export const metadata: Metadata = { title: 'Invoices' };

type Search = Record<string, string | string[] | undefined>;

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requireMember();
  if (!can(member.role, 'invoices.read')) return <AccessDenied what="invoices" permission="invoices.read" />;
  const raw = await searchParams;
  const query = invoiceListQuery.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const firm = getFirm(member);
  const now = today(firm.timeZone);
  // Last month, the period most drafts bill.
  const thisMonth = `${now.slice(0, 7)}-01`;
  const lastMonth = `${addDays(thisMonth, -1).slice(0, 7)}-01`;
  const list = listInvoicePage(member, query);
  const writable = can(member.role, 'invoices.write');
  return (
    <>
      <PageHeader
        title="Invoices"
        description="Unbilled time becomes a draft; a finalised invoice gets its number and is paid in one or more payments."
      />
      <div className="space-y-6">
        <nav aria-label="Invoices" className="flex flex-wrap gap-3">
          <Link href="/invoices/receivables" className={linkButtonClass}>
            Receivables and statements
          </Link>
        </nav>
        {writable ? (
          <PrepareMonthForm
            month={now.slice(0, 7)}
            preparedAlready={preparedCount(member, now.slice(0, 7))}
            initialJob={latestJob(member, 'prepare-invoices')}
          />
        ) : null}
        <NewDraftForm clients={listClientOptions(member)} periodStart={lastMonth} periodEnd={addDays(thisMonth, -1)} />
        <InvoiceList list={list} clients={invoicedClientOptions(member)} href={invoicesHref(list)} />
        <ExportForm from={`${now.slice(0, 4)}-01-01`} to={now} />
      </div>
    </>
  );
}
