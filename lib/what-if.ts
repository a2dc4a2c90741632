import { hourlyRateCents } from '@/lib/money';

/** "What if we referred this client out?" — pure arithmetic over 12-month figures. */
export function referralWhatIf(
  client: { revenue12mCents: number; minutes12m: number },
  firm: { revenueCents: number; minutes: number },
  weeklyMarketingTargetMinutes: number,
) {
  const blendedNowCents = hourlyRateCents(firm.revenueCents, firm.minutes);
  const remainingMinutes = firm.minutes - client.minutes12m;
  const blendedAfterCents = hourlyRateCents(firm.revenueCents - client.revenue12mCents, remainingMinutes);
  const minutesFreedPerWeek = Math.round(client.minutes12m / 52);
  return {
    minutesFreedPerMonth: Math.round(client.minutes12m / 12),
    revenueLostPerMonthCents: Math.round(client.revenue12mCents / 12),
    blendedNowCents,
    blendedAfterCents,
    blendedChangeCents: blendedNowCents !== null && blendedAfterCents !== null ? blendedAfterCents - blendedNowCents : null,
    minutesFreedPerWeek,
    marketingTargetShare: weeklyMarketingTargetMinutes > 0 ? minutesFreedPerWeek / weeklyMarketingTargetMinutes : 0,
  };
}
