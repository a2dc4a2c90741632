'use client';

import { useActionState } from 'react';
import {
  addExternalCalendarAction,
  refreshExternalCalendarAction,
  removeExternalCalendarAction,
} from '@/app/(app)/settings/profile/calendar-actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, FormMessage, SubmitButton } from '@/components/ui/form';
import { idle } from '@/lib/action-state';

/** One calendar as the page shows it: its address masked, its status already in words. */
export type ExternalCalendarView = {
  id: number;
  maskedUrl: string;
  status: 'never' | 'ok' | 'error';
  /** "Read 12 events, Mon Dec 7, 09:15" or the reason it could not be read. */
  statusLine: string;
};

function CalendarRow({ calendar }: { calendar: ExternalCalendarView }) {
  const [refreshed, refresh] = useActionState(refreshExternalCalendarAction, idle);
  const [removed, remove] = useActionState(removeExternalCalendarAction, idle);
  const tone = calendar.status === 'error' ? 'text-red-700' : 'text-slate-600';
  return (
    <li className="space-y-2 border-t border-slate-200 pt-3" data-testid="external-calendar">
      <p className="font-mono text-sm break-all">{calendar.maskedUrl}</p>
      <p className={`text-sm ${tone}`} data-testid="external-calendar-status">
        {calendar.status === 'error' ? 'Could not be read: ' : ''}
        {calendar.statusLine}
      </p>
      <FormMessage state={refreshed} />
      <div className="flex flex-wrap gap-2">
        <form action={refresh}>
          <input type="hidden" name="id" value={calendar.id} />
          <SubmitButton variant="secondary" pendingText="Reading…" aria-label={`Refresh now: ${calendar.maskedUrl}`}>
            Refresh now
          </SubmitButton>
        </form>
        <ConfirmAction
          action={remove}
          state={removed}
          trigger="Remove"
          triggerLabel={`Remove ${calendar.maskedUrl}`}
          title="Remove this calendar?"
          question="Its events stop counting as busy time. You can add the address again later."
          confirm="Remove it"
          pendingText="Removing…"
          hidden={{ id: calendar.id }}
        />
      </div>
    </li>
  );
}

/**
 * "Your other calendars": the private iCal addresses of a person's Google,
 * Outlook or Apple calendars, read every half hour; their events are busy
 * time for the scheduler, manual booking and the request page.
 */
export function ExternalCalendars({ calendars }: { calendars: ExternalCalendarView[] }) {
  const [added, add] = useActionState(addExternalCalendarAction, idle);
  return (
    <div className="space-y-4">
      {calendars.length ? (
        <ul className="space-y-3">
          {calendars.map((c) => (
            <CalendarRow key={c.id} calendar={c} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No other calendars yet.</p>
      )}
      <form action={add} className="space-y-3 border-t border-slate-200 pt-3" noValidate>
        <FormMessage state={added.fieldErrors?.url ? idle : added} />
        <Field
          name="url"
          idPrefix="external-calendar"
          label="Private address of your calendar (iCal)"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://…/basic.ics"
          state={added}
          hint="Google: Settings → your calendar → “Secret address in iCal format”. Outlook: Settings → Shared calendars → Publish → ICS. Apple: share the calendar publicly and copy its webcal:// link."
        />
        <SubmitButton pendingText="Adding and reading…">Add calendar</SubmitButton>
      </form>
    </div>
  );
}
