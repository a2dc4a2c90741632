import { allocate, dinero, halfAwayFromZero, multiply, toSnapshot, transformScale, USD, type Dinero } from 'dinero.js';
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

/*
 * Invoice arithmetic. One rounding rule, applied once per line: half a cent
 * goes away from zero (a $0.005 discount is -$0.01, as a charge of $0.005 is
 * $0.01). An invoice's totals are sums of its rounded lines, never amounts
 * rounded again. dinero.js does the scaled multiplication and the splitting,
 * so neither hand-written float arithmetic nor a lost cent can creep in.
 */
const usd = (amountCents: number) => dinero({ amount: amountCents, currency: USD });
const asCents = (amount: Dinero<number>) => toSnapshot(transformScale(amount, 2, halfAwayFromZero)).amount;

/** A line's net amount: `quantityMilli` thousandths of a unit at `unitPriceCents` each, rounded to the cent. */
export function lineNetCents(quantityMilli: number, unitPriceCents: number): number {
  assertInteger(quantityMilli, 'quantityMilli');
  assertInteger(unitPriceCents, 'unitPriceCents');
  return asCents(multiply(usd(unitPriceCents), { amount: quantityMilli, scale: 3 }));
}

/** The tax on a line's net amount at a rate in thousandths of a percent (8.875 % is 8875), rounded to the cent. */
export function taxCents(netCents: number, rateMilliPercent: number): number {
  assertInteger(netCents, 'netCents');
  assertInteger(rateMilliPercent, 'rateMilliPercent');
  return asCents(multiply(usd(netCents), { amount: rateMilliPercent, scale: 5 }));
}

/** Splits `totalCents` in proportion to `ratios` (integers), every cent placed: the parts always add up to the total. */
export function allocateCents(totalCents: number, ratios: number[]): number[] {
  assertInteger(totalCents, 'totalCents');
  if (ratios.length === 0) throw new RangeError('allocateCents needs at least one ratio');
  if (ratios.every((r) => r === 0)) throw new RangeError('allocateCents needs a ratio above zero');
  return allocate(usd(totalCents), ratios).map((part) => toSnapshot(part).amount);
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
}
