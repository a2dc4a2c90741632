import { Field, FieldError, SelectField } from '@/components/ui/form';
import { cardClass } from '@/components/ui/styles';
import type { ActionState } from '@/lib/action-state';

export type FirmSettingsInitial = {
  name: string;
  timeZone: string;
  hourClock: string;
  microMaxSeats: string;
  sweetSpotMinSeats: string;
  sweetSpotRequiresServer: boolean;
  sweetSpotMinRevenueCents: string;
  largeMinSeats: string;
  targetHourlyRateCents: string;
  weeklyMarketingTargetMinutes: string;
  billingIncrementMinutes: string;
};

type SectionProps = { initial: FirmSettingsInitial; state: ActionState };

const increments = ['1', '5', '6', '10', '15', '30', '60'].map((v) => ({ value: v, label: `${v} minute${v === '1' ? '' : 's'}` }));
const clocks = [
  { value: '24h', label: '24-hour (14:30)' },
  { value: '12h', label: '12-hour (2:30 PM)' },
];

/** The firm's name and how it reads time: its zone and its clock. */
export function FirmSection({ initial, state, timeZones }: SectionProps & { timeZones: readonly string[] }) {
  return (
    <fieldset className={`${cardClass} space-y-4 p-5`}>
      <legend className="px-1 text-lg font-semibold">Firm</legend>
      <Field name="name" label="Firm name" defaultValue={initial.name} state={state} required />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="timeZone"
          label="Time zone"
          defaultValue={initial.timeZone}
          state={state}
          options={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))}
        />
        <SelectField
          name="hourClock"
          label="Clock"
          hint="How times of day are written on every page, in messages and on the client’s pages."
          defaultValue={initial.hourClock}
          state={state}
          options={clocks}
        />
      </div>
    </fieldset>
  );
}

export function TierSection({ initial, state }: SectionProps) {
  const requiresServer = state.values ? state.values.sweetSpotRequiresServer === 'on' : initial.sweetSpotRequiresServer;
  return (
    <fieldset className={`${cardClass} space-y-4 p-5`}>
      <legend className="px-1 text-lg font-semibold">Tier thresholds</legend>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="microMaxSeats" label="Micro: up to (seats)" inputMode="numeric" defaultValue={initial.microMaxSeats} state={state} />
        <Field
          name="sweetSpotMinSeats"
          label="Sweet spot: from (seats)"
          inputMode="numeric"
          defaultValue={initial.sweetSpotMinSeats}
          state={state}
        />
        <Field name="largeMinSeats" label="Large: from (seats)" inputMode="numeric" defaultValue={initial.largeMinSeats} state={state} />
      </div>
      <Field
        name="sweetSpotMinRevenueCents"
        label="Sweet spot: billed in the last 12 months at least ($)"
        inputMode="decimal"
        defaultValue={initial.sweetSpotMinRevenueCents}
        state={state}
      />
      <div>
        <label className="flex min-h-11 items-center gap-3">
          <input
            type="checkbox"
            name="sweetSpotRequiresServer"
            key={String(requiresServer)}
            defaultChecked={requiresServer}
            className="h-5 w-5 rounded border-slate-400"
            aria-describedby="field-sweetSpotRequiresServer-error"
          />
          <span className="font-medium">Sweet spot requires a real server on site</span>
        </label>
        <FieldError id="field-sweetSpotRequiresServer-error" error={state.fieldErrors?.sweetSpotRequiresServer} />
      </div>
      <p className="text-sm text-slate-600">Clients between micro and sweet spot are “emerging”.</p>
    </fieldset>
  );
}

export function TargetsSection({ initial, state }: SectionProps) {
  return (
    <fieldset className={`${cardClass} space-y-4 p-5`}>
      <legend className="px-1 text-lg font-semibold">Targets and billing</legend>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          name="targetHourlyRateCents"
          label="Target hourly rate ($)"
          inputMode="decimal"
          defaultValue={initial.targetHourlyRateCents}
          state={state}
        />
        <Field
          name="weeklyMarketingTargetMinutes"
          label="Weekly marketing target (hours)"
          inputMode="decimal"
          defaultValue={initial.weeklyMarketingTargetMinutes}
          state={state}
        />
        <SelectField
          name="billingIncrementMinutes"
          label="Check-out rounds billable time up to"
          hint="What Today proposes at check-out. Invoices round by each tier’s own increment (Settings → Billing)."
          defaultValue={initial.billingIncrementMinutes}
          state={state}
          options={increments}
        />
      </div>
    </fieldset>
  );
}
