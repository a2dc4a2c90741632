import type { Metadata } from 'next';
import { BillingSettingsForm } from '@/components/settings/billing-settings-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { TierTermsForm } from '@/components/billing/tier-terms-form';
import { getBillingSettings } from '@/lib/dal/billing-settings';
import { getTierTerms } from '@/lib/dal/billing-terms';
import { centsToInput } from '@/lib/format';
import { tierLabels, tierOrder } from '@/lib/tiers';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Billing settings' };

export default async function BillingSettingsPage() {
  const member = await requireMember();
  if (!can(member.role, 'firm.settings')) return <AccessDenied what="billing settings" permission="firm.settings" />;
  const s = getBillingSettings(member);
  const terms = getTierTerms(member);
  const tiers = tierOrder.map((tier) => {
    const t = terms[tier];
    return {
      tier,
      label: tierLabels[tier],
      values: {
        incrementMinutes: String(t.incrementMinutes),
        minimumMinutes: String(t.minimumMinutes),
        tripFeeCents: centsToInput(t.tripFeeCents),
        paymentTermsDays: String(t.paymentTermsDays),
      },
    };
  });
  return (
    <div className="space-y-6">
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
      <TierTermsForm tiers={tiers} />
    </div>
  );
}
