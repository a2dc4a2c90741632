'use client';

import { useActionState, useEffect, useState } from 'react';
import { signupAction } from '@/app/(auth)/actions';
import { idle } from '@/lib/action-state';
import { Field, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';

export function SignupForm({ timeZones }: { timeZones: readonly string[] }) {
  const [state, action] = useActionState(signupAction, idle);
  const [browserZone, setBrowserZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    // The browser knows where the consultant is; preselect it after hydration.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (zone && timeZones.includes(zone)) setBrowserZone(zone);
  }, [timeZones]);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="firmName" label="Firm name" autoComplete="organization" required state={state} autoFocus />
      <SelectField
        name="timeZone"
        label="Time zone"
        state={state}
        defaultValue={browserZone ?? 'UTC'}
        options={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))}
        hint="Visits, marketing blocks and weeks are counted in this zone."
      />
      <Field name="name" label="Your name" autoComplete="name" required state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" required state={state} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        state={state}
      />
      <SubmitButton pendingText="Creating your firm…" className="w-full">
        Create firm
      </SubmitButton>
    </form>
  );
}
