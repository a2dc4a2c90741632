import { z } from 'zod';
import { hourClocks } from '@/lib/time/clock';
import { checkbox, dollars, firmName, hours, wholeNumber, timeZone } from './common';

export const firmSettingsSchema = z
  .object({
    name: firmName,
    timeZone,
    microMaxSeats: wholeNumber('the micro seat limit', 1, 1000),
    sweetSpotMinSeats: wholeNumber('the sweet-spot seat minimum', 2, 10000),
    sweetSpotRequiresServer: checkbox,
    sweetSpotMinRevenueCents: dollars('the sweet-spot revenue minimum', 0, 100_000_000),
    largeMinSeats: wholeNumber('the large seat minimum', 3, 100000),
    targetHourlyRateCents: dollars('the target hourly rate', 1, 10_000_00),
    weeklyMarketingTargetMinutes: hours('the weekly marketing target', 80),
    billingIncrementMinutes: z
      .string({ error: 'Choose a billing increment.' })
      .refine((v) => ['1', '5', '6', '10', '15', '30', '60'].includes(v), 'Choose a billing increment from the list.')
      .transform(Number),
    hourClock: z.enum(hourClocks, { error: 'Choose how times are written.' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.sweetSpotMinSeats <= v.microMaxSeats) {
      ctx.addIssue({ code: 'custom', path: ['sweetSpotMinSeats'], message: 'Sweet spot must start above the micro seat limit.' });
    }
    if (v.largeMinSeats <= v.sweetSpotMinSeats) {
      ctx.addIssue({ code: 'custom', path: ['largeMinSeats'], message: 'Large must start above the sweet-spot seat minimum.' });
    }
  });

export type FirmSettingsInput = z.infer<typeof firmSettingsSchema>;
