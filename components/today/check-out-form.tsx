'use client';

import { useId, useState } from 'react';
import { clockTime, minuteOfDay, type ZoneClock } from '@/lib/time/clock';
import { bigButton } from './styles';
import { MINUTE_MS } from '@/lib/time/units';

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
  const [end, setEnd] = useState(() => clockTime(clock, Date.now()));
  // Untouched, "finished at" means the moment of the tap (to the millisecond), not the minute shown.
  const [endEdited, setEndEdited] = useState(false);
  const [summary, setSummary] = useState('');
  const [touched, setTouched] = useState(false);
  const [minutes, setMinutes] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const endAtFor = (now: number) => {
    if (!endEdited) return now;
    // The typed time is on the firm's clock, today: step back from now by the difference.
    const [h, m] = end.split(':').map(Number);
    const typed = (h ?? 0) * 60 + (m ?? 0);
    const nowMinute = minuteOfDay(clock, now); // the firm's wall clock (the phone may be set to another zone)
    // A time after now is not clamped to now: it is refused at submit, so a mistyped end is never replaced silently.
    return now - (nowMinute - typed) * MINUTE_MS - (now % MINUTE_MS);
  };
  const [openedAt] = useState(() => Date.now());
  const endAt = endAtFor(openedAt);
  // Proposed billable time: the time on site, rounded up to the firm's billing increment.
  const proposed = Math.max(increment, Math.ceil((endAt - checkedInAt) / MINUTE_MS / increment) * increment);
  const shown = minutes ?? String(proposed);
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!summary.trim()) errs.summary = 'Write a short summary of the work.';
    if (!/^\d+$/.test(shown) || Number(shown) > 1440) errs.minutes = 'Enter billable minutes as a whole number up to 1440.';
    const tapped = Date.now();
    const at = endAtFor(tapped);
    if (at > tapped) errs.end = `The end can’t be later than now (${clockTime(clock, tapped)}).`;
    else if (at <= checkedInAt) errs.end = 'The end must be after the check-in.';
    setError(errs);
    setTouched(true);
    if (Object.keys(errs).length === 0) onSave(at, summary.trim(), Number(shown));
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
      <div>
        <label htmlFor={`${id}-summary`} className="block font-medium">
          Work summary
        </label>
        <textarea
          id={`${id}-summary`}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          rows={3}
          className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base"
          aria-invalid={touched && error.summary ? true : undefined}
          aria-describedby={`${id}-summary-error`}
        />
        <p id={`${id}-summary-error`} className="text-sm font-medium text-red-700">
          {touched ? error.summary : ''}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={`${id}-end`} className="block font-medium">
            Finished at
          </label>
          <input
            id={`${id}-end`}
            type="time"
            value={end}
            onChange={(e) => {
              setEnd(e.target.value);
              setEndEdited(true);
            }}
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base"
            aria-describedby={`${id}-end-hint ${id}-end-error`}
          />
          <p id={`${id}-end-hint`} className="text-xs text-slate-600">
            Forgot to check out? Set the real end.
          </p>
          <p id={`${id}-end-error`} className="text-sm font-medium text-red-700">
            {touched ? error.end : ''}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-minutes`} className="block font-medium">
            Billable minutes
          </label>
          <input
            id={`${id}-minutes`}
            inputMode="numeric"
            value={shown}
            onChange={(e) => setMinutes(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base"
            aria-describedby={`${id}-minutes-hint ${id}-minutes-error`}
          />
          <p id={`${id}-minutes-hint`} className="text-xs text-slate-600">
            Rounded up to {increment} min.
          </p>
          <p id={`${id}-minutes-error`} className="text-sm font-medium text-red-700">
            {touched ? error.minutes : ''}
          </p>
        </div>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" className={`${bigButton} bg-slate-900 text-white hover:bg-slate-800`}>
          Check out
        </button>
        <button type="button" onClick={onCancel} className={`${bigButton} border border-slate-300 bg-white`}>
          Not yet
        </button>
      </div>
    </form>
  );
}
