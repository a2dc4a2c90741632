'use client';

import { createContext, useContext } from 'react';
import type { ActionState } from '@/lib/action-state';
import { DEFAULT_HOUR_CLOCK, parseTimeOfDay, timeOfDay, type HourClock } from '@/lib/time/clock';
import { Field } from './form';

const HourClockContext = createContext<HourClock>(DEFAULT_HOUR_CLOCK);

/** The firm's 12/24-hour clock for every time field below (the app's layout sets it from the firm's settings). */
export function HourClockProvider({ hours, children }: { hours: HourClock; children: React.ReactNode }) {
  return <HourClockContext.Provider value={hours}>{children}</HourClockContext.Provider>;
}

/** Either clock's way of writing a time, with or without AM/PM (the server reads both: lib/validations `clockTime`). */
const TIME_PATTERN = String.raw`\s*\d{1,2}(:\d{2})?\s*([AaPp]\.?\s*[Mm]\.?)?\s*`;

/**
 * A time of day as the firm writes it ("14:30" or "2:30 PM"), not the browser's: a native time input follows the
 * browser's locale and shows "09:00 AM" in a 24-hour firm. A text field with that clock's placeholder; either way of
 * writing is accepted, and `defaultValue` ("HH:mm", a form value) is shown on the firm's clock.
 */
export function TimeField({
  defaultValue,
  ...props
}: {
  name: string;
  label: string;
  state: ActionState;
  defaultValue?: string;
  idPrefix?: string;
  hint?: string;
}) {
  const hours = useContext(HourClockContext);
  const minute = defaultValue ? parseTimeOfDay(defaultValue, true) : null;
  return (
    <Field
      {...props}
      type="text"
      inputMode={hours === '24h' ? 'numeric' : 'text'}
      autoComplete="off"
      pattern={TIME_PATTERN}
      placeholder={hours === '24h' ? '14:30' : '2:30 PM'}
      defaultValue={minute === null ? defaultValue : timeOfDay(minute, hours)}
    />
  );
}
