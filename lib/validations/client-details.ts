import { z } from 'zod';
import { checkbox, wholeNumber } from './common';

/** Staff confirming (or completing) what a request-page sender said about their site before the first visit is booked. */
export const confirmClientDetailsSchema = z
  .object({
    clientId: z.coerce.number({ error: 'Choose a client.' }).int().positive('Choose a client.'),
    address: z
      .string({ error: 'Enter the address.' })
      .trim()
      .min(1, 'Enter the address the visits go to.')
      .max(300, 'Use at most 300 characters for the address.'),
    seats: wholeNumber('the number of seats', 0, 100_000),
    hasServer: checkbox,
    // Required, not blank-means-0: a travel time nobody stated is what booked new clients at 08:00 sharp.
    defaultTravelMinutes: wholeNumber('the travel minutes each way', 0, 600),
  })
  .strict();
export type ConfirmClientDetailsInput = z.output<typeof confirmClientDetailsSchema>;
