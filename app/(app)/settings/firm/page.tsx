import type { Metadata } from 'next';
import { FirmSettingsForm } from '@/components/settings/firm-settings-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { centsToInput, minutesToHoursInput } from '@/lib/format';
import { can } from '@/lib/permissions';
import { timeZones } from '@/lib/validations/common';

export const metadata: Metadata = { title: 'Firm settings' };

export default async function FirmSettingsPage() {
  const member = await requireMember();
  if (!can(member.role, 'firm.settings')) return <AccessDenied what="firm settings" />;
  const firm = getFirm(member);
  return (
    <FirmSettingsForm
      timeZones={timeZones}
      initial={{
        name: firm.name,
        timeZone: firm.timeZone,
        microMaxSeats: String(firm.microMaxSeats),
        sweetSpotMinSeats: String(firm.sweetSpotMinSeats),
        sweetSpotRequiresServer: firm.sweetSpotRequiresServer,
        sweetSpotMinRevenueCents: centsToInput(firm.sweetSpotMinRevenueCents),
        largeMinSeats: String(firm.largeMinSeats),
        targetHourlyRateCents: centsToInput(firm.targetHourlyRateCents),
        weeklyMarketingTargetMinutes: minutesToHoursInput(firm.weeklyMarketingTargetMinutes),
        billingIncrementMinutes: String(firm.billingIncrementMinutes),
      }}
    />
  );
}
