import type { Metadata } from 'next';
import { loadClientOr404 } from '../load-client';
import { ClientForm } from '@/components/clients/client-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { centsToInput, formatMoney } from '@/lib/format';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Edit client' };

export default async function EditClientPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  if (!can(member.role, 'clients.write')) return <AccessDenied permission="clients.write" what="client editing" />;
  const client = loadClientOr404(member, (await params).id);
  const firm = getFirm(member);
  return (
    <>
      <PageHeader title={`Edit ${client.name}`} />
      <ClientForm
        clientId={client.id}
        defaultRate={`${formatMoney(firm.targetHourlyRateCents)}/h`}
        initial={{
          name: client.name,
          contactName: client.contactName,
          email: client.email,
          phone: client.phone,
          address: client.address,
          seats: String(client.seats),
          hasServer: client.hasServer,
          hourlyRateCents: client.hourlyRateCents === null ? '' : centsToInput(client.hourlyRateCents),
          monthlyRecurringCents: client.monthlyRecurringCents ? centsToInput(client.monthlyRecurringCents) : '',
          growth: client.growth,
          expectedSeats24m: client.expectedSeats24m === null ? '' : String(client.expectedSeats24m),
          status: client.status,
          defaultTravelMinutes: String(client.defaultTravelMinutes),
          notes: client.notes,
          tierOverride: client.tierOverride ?? '',
          tierOverrideReason: client.tierOverrideReason ?? '',
        }}
      />
    </>
  );
}
