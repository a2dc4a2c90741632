import type { Metadata } from 'next';
import { loadClientOr404 } from './load-client';
import { ContractsSection } from './contracts';
import { TermsSection } from './terms';
import { RecurringSection } from './recurring';
import { listClientSeries } from '@/lib/dal/visit-series';
import { ClientFacts, ClientHeader, ClientHistory, ClientNumbers, WhatIfSection } from './sections';
import { ConfirmDetailsStep } from '@/components/clients/confirm-details-form';
import { cardClass } from '@/components/ui/styles';
import { getClientTerms } from '@/lib/dal/billing-terms';
import { clientDetailsToConfirm } from '@/lib/dal/client-details';
import { getClientHistory } from '@/lib/dal/clients';
import { contractProposal } from '@/lib/dal/contract-proposal';
import { listContracts } from '@/lib/dal/contracts';
import { firmTotals12m } from '@/lib/dal/dashboard';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { formatMoney } from '@/lib/format';
import { can } from '@/lib/permissions';
import { today } from '@/lib/time/zoned';
import { referralWhatIf } from '@/lib/what-if';

export const metadata: Metadata = { title: 'Client' };

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const client = loadClientOr404(member, (await params).id);
  const id = client.id;
  const firm = getFirm(member);
  const history = getClientHistory(member, id);
  const whatIf = referralWhatIf(client, firmTotals12m(member), firm.weeklyMarketingTargetMinutes);
  const writable = can(member.role, 'clients.write');
  const rate = client.hourlyRateCents ?? firm.targetHourlyRateCents;
  const details = writable ? clientDetailsToConfirm(member, id) : null;
  const contracts = can(member.role, 'invoices.write') ? listContracts(member, id) : null;
  const terms = can(member.role, 'invoices.read') ? getClientTerms(member, id) : null;
  return (
    <>
      <ClientHeader client={client} writable={writable} />
      {writable ? (
        <ConfirmDetailsStep
          details={details}
          title="New client: confirm details"
          intro="Made from a request on the request page: the address, computers and server are what the sender said. Check them and add the travel time; its visits are booked only after that."
          className={`${cardClass} mb-6 border-amber-300 p-5`}
        />
      ) : null}
      <ClientNumbers client={client} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ClientFacts client={client} rate={rate} />
        <WhatIfSection whatIf={whatIf} firm={firm} />
      </div>
      {terms ? (
        <TermsSection
          clientId={id}
          terms={terms}
          writable={can(member.role, 'invoices.write')}
          zone={firm.timeZone}
          hours={firm.hourClock}
        />
      ) : null}
      {contracts ? (
        <ContractsSection
          clientId={id}
          contracts={contracts}
          today={today(firm.timeZone)}
          rate={`${formatMoney(rate)}/h`}
          proposal={contractProposal(member, id)}
          zone={firm.timeZone}
        />
      ) : null}
      <RecurringSection series={listClientSeries(member, id)} manage={can(member.role, 'schedule.manage')} />
      <ClientHistory history={history} firm={firm} />
    </>
  );
}
