'use client';

import { useId, useState } from 'react';
import { clockLabel, formatMinute, parseTimeOfDay, type ZoneClock } from '@/lib/time/clock';
import { checkOutEnd, checkOutErrors, proposedMinutes, type CheckOutErrors } from '@/lib/field/check-out';
import { bigButton } from './styles';

const input = 'mt-1 block w-full rounded-md border border-slate-300 p-2 text-base';

/** One labelled control of the form with its hint and its error, ids scoped to this card's form. */
function FormRow({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string) => React.ReactNode;
}) {
  const describedBy = hint ? `${id}-hint ${id}-error` : `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children(describedBy)}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} className="text-sm font-medium text-red-700">
        {error ?? ''}
      </p>
    </div>
  );
}

function MinutesRow(props: { id: string; increment: number; value: string; error?: string; onChange: (v: string) => void }) {
  return (
    <FormRow id={props.id} label="Billable minutes" hint={`Rounded up to ${props.increment} min.`} error={props.error}>
      {(describedBy) => (
        <input
          id={props.id}
          inputMode="numeric"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          className={input}
          aria-describedby={describedBy}
        />
      )}
    </FormRow>
  );
}

function FormButtons({ onCancel }: { onCancel: () => void }) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      <button type="submit" className={`${bigButton} bg-slate-900 text-white hover:bg-slate-800`}>
        Check out
      </button>
      <button type="button" onClick={onCancel} className={`${bigButton} border border-slate-300 bg-white`}>
        Not yet
      </button>
    </div>
  );
}

export function CheckOutForm({
  checkedInAt,
  increment,
  clock,
  onCancel,
  onSave,
}: {
  checkedInAt: number;
  increment: number;
  clock: ZoneClock;
  onCancel: () => void;
  onSave: (at: number, summary: string, minutes: number) => void;
}) {
  // Ids of this card's form only: several cards can have their check-out form open at once.
  const id = useId();
  // The end as the firm writes times ("23:00" or "11:00 PM"), either way read back.
  const [end, setEnd] = useState(() => clockLabel(clock, Date.now()));
  // Untouched, "finished at" means the moment of the tap (to the millisecond), not the minute shown.
  const [endEdited, setEndEdited] = useState(false);
  const [summary, setSummary] = useState('');
  const [minutes, setMinutes] = useState<string | null>(null);
  const [errors, setErrors] = useState<CheckOutErrors | null>(null);
  const [openedAt] = useState(() => Date.now());
  const endMinute = endEdited ? parseTimeOfDay(end) : null;
  const unreadable = endEdited && endMinute === null;
  const typed = endMinute === null ? null : formatMinute(endMinute);
  const shown = minutes ?? String(proposedMinutes(checkedInAt, checkOutEnd(clock, openedAt, typed), increment));
  const submit = () => {
    const tappedAt = Date.now();
    const endAt = checkOutEnd(clock, tappedAt, typed);
    const errs = checkOutErrors(clock, { summary, minutes: shown, endAt, tappedAt, checkedInAt });
    if (unreadable) errs.end = 'Enter the end as a time of day, like 14:30 or 2:30 PM.';
    setErrors(errs);
    if (Object.keys(errs).length === 0) onSave(endAt, summary.trim(), Number(shown));
  };
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <FormRow id={`${id}-summary`} label="Work summary" error={errors?.summary}>
        {(describedBy) => (
          <textarea
            id={`${id}-summary`}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            rows={3}
            className={input}
            aria-invalid={errors?.summary ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </FormRow>
      <div className="grid grid-cols-2 gap-3">
        <FormRow id={`${id}-end`} label="Finished at" hint="Forgot to check out? Set the real end." error={errors?.end}>
          {(describedBy) => (
            <input
              id={`${id}-end`}
              type="text"
              inputMode={clock.hours === '24h' ? 'numeric' : 'text'}
              autoComplete="off"
              placeholder={clock.hours === '24h' ? '14:30' : '2:30 PM'}
              value={end}
              aria-invalid={errors?.end ? true : undefined}
              onChange={(e) => {
                setEnd(e.target.value);
                setEndEdited(true);
              }}
              className={input}
              aria-describedby={describedBy}
            />
          )}
        </FormRow>
        <MinutesRow id={`${id}-minutes`} increment={increment} value={shown} error={errors?.minutes} onChange={setMinutes} />
      </div>
      <FormButtons onCancel={onCancel} />
    </form>
  );
}
