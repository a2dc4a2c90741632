import type { TimeCategory } from '@/db/schema';

/**
 * Money is integer cents. Time billed at an hourly rate is rounded once, per
 * entry, to the nearest cent with half a cent going up (Math.round on a
 * positive amount): 7 min at $95/h is 1,108.33… → 1,108 cents.
 */
export function amountForMinutes(minutes: number, hourlyRateCents: number | null | undefined): number {
  return hourlyRateCents ? Math.round((minutes * hourlyRateCents) / 60) : 0;
}

/** Only client work is billed by the hour; marketing and admin time earn nothing. */
export function isBilledCategory(category: TimeCategory): boolean {
  return category !== 'marketing' && category !== 'admin';
}

/** The amount of a time entry: its minutes at the client's rate when it is client work, else nothing. */
export function entryAmountCents(category: TimeCategory, minutes: number, hourlyRateCents: number | null | undefined): number {
  return isBilledCategory(category) ? amountForMinutes(minutes, hourlyRateCents) : 0;
}

/** The effective hourly rate of `revenueCents` earned over `minutes`, to the nearest cent; none without hours. */
export function hourlyRateCents(revenueCents: number, minutes: number): number | null {
  return minutes > 0 ? Math.round((revenueCents * 60) / minutes) : null;
}
