import type { Metadata } from 'next';
import { BillingSettingsForm } from '@/components/settings/billing-settings-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { getBillingSettings } from '@/lib/dal/billing-settings';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Billing settings' };

export default async function BillingSettingsPage() {
  const member = await requireMember();
  if (!can(member.role, 'firm.settings')) return <AccessDenied what="billing settings" permission="firm.settings" />;
  const s = getBillingSettings(member);
  return (
    <BillingSettingsForm
      initial={{
        invoiceNumberFormat: s.invoiceNumberFormat,
        defaultTaxRateMilli: String(s.defaultTaxRateMilli / 1000),
        paymentTermsDays: String(s.paymentTermsDays),
        billingAddress: s.billingAddress,
        taxId: s.taxId,
        paymentInstructions: s.paymentInstructions,
        paperSize: s.paperSize,
      }}
    />
  );
}
