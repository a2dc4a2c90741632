import type { Metadata } from 'next';
import { FirmSettingsForm } from '@/components/settings/firm-settings-form';
import { AccessDenied } from '@/components/ui/access-denied';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { centsToInput } from '@/lib/format';
import { minutesToHoursInput } from '@/lib/time/format';
import { can } from '@/lib/permissions';
import { timeZones } from '@/lib/validations/common';
import { RequestPageForm } from '@/components/settings/request-page-form';
import { getRequestPageToken } from '@/lib/dal/requests';
import { appOrigin } from '@/lib/request';
import { cardClass } from '@/components/ui/styles';
import { RequireTwoFactorForm } from '@/components/settings/two-factor-panel';
import { twoFactorState } from '@/lib/dal/two-factor';

export const metadata: Metadata = { title: 'Firm settings' };

export default async function FirmSettingsPage() {
  const member = await requireMember();
  if (!can(member.role, 'firm.settings')) return <AccessDenied permission="firm.settings" what="firm settings" />;
  const firm = getFirm(member);
  const link = getRequestPageToken(member);
  const origin = await appOrigin();
  const twoFactor = twoFactorState(member);
  return (
    <>
      <FirmSettingsForm
        timeZones={timeZones}
        initial={{
          name: firm.name,
          timeZone: firm.timeZone,
          hourClock: firm.hourClock,
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
      <section className={`${cardClass} mt-6 p-5`} aria-labelledby="request-page-heading">
        <h2 id="request-page-heading" className="text-lg font-semibold">
          Client request page
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          A page where clients ask for a visit without phoning. It offers only days that still have room outside protected marketing time
          and within each consultant’s micro cap, and shows nothing else of the firm. Requests land in the schedule’s open requests.
        </p>
        <RequestPageForm link={link ? { url: link.token ? `${origin}/request/${link.token}` : null } : null} />
      </section>
      <section className={`${cardClass} mt-6 p-5`} aria-labelledby="two-factor-rule-heading">
        <h2 id="two-factor-rule-heading" className="mb-3 text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <RequireTwoFactorForm required={twoFactor.firmRequires} ownerHasIt={twoFactor.on} />
      </section>
    </>
  );
}
