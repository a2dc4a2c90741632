import type { Metadata } from 'next';
import { ClientForm } from '@/components/clients/client-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { formatMoney } from '@/lib/format';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'New client' };

export default async function NewClientPage() {
  const member = await requireMember();
  if (!can(member.role, 'clients.write')) return <AccessDenied permission="clients.write" what="client editing" />;
  const firm = getFirm(member);
  return (
    <>
      <PageHeader title="New client" />
      <ClientForm
        defaultRate={`${formatMoney(firm.targetHourlyRateCents)}/h`}
        initial={{
          name: '',
          contactName: '',
          email: '',
          phone: '',
          address: '',
          seats: '',
          hasServer: false,
          hourlyRateCents: '',
          monthlyRecurringCents: '',
          growth: 'flat',
          expectedSeats24m: '',
          status: 'active',
          defaultTravelMinutes: '15',
          notes: '',
          tierOverride: '',
          tierOverrideReason: '',
        }}
      />
    </>
  );
}
