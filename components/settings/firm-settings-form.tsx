'use client';

import { useActionState } from 'react';
import { updateFirmSettingsAction } from '@/app/(app)/settings/firm/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';
import { FirmSection, TargetsSection, TierSection, type FirmSettingsInitial } from './firm-settings-sections';

export function FirmSettingsForm({ initial, timeZones }: { initial: FirmSettingsInitial; timeZones: readonly string[] }) {
  const [state, action] = useActionState(updateFirmSettingsAction, idle);
  return (
    <form action={action} className="space-y-6" noValidate>
      <FormMessage state={state} />
      <FirmSection initial={initial} state={state} timeZones={timeZones} />
      <TierSection initial={initial} state={state} />
      <TargetsSection initial={initial} state={state} />
      <SubmitButton>Save settings</SubmitButton>
    </form>
  );
}
