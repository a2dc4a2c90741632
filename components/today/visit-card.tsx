'use client';

import { useId, useState } from 'react';
import { TierBadge } from '@/components/clients/tier-badge';
import type { TodayVisit } from '@/lib/dal/field';
import { shownTimes } from '@/lib/field/visit-times';
import { clockLabel, type ZoneClock } from '@/lib/time/clock';
import { CheckOutForm } from './check-out-form';
import { bigButton } from './styles';

function statusText(visit: TodayVisit, fmt: (t: number) => string): string {
  if (visit.status === 'scheduled') return 'Scheduled';
  if (visit.status === 'checked_in')
    return `Checked in ${visit.checkedInDay ? `${visit.checkedInDay}, ` : ''}${visit.checkedInAt ? fmt(visit.checkedInAt) : ''}`;
  if (visit.status === 'done') return `Done ${visit.checkedOutAt ? fmt(visit.checkedOutAt) : ''}`;
  return 'Cancelled';
}

/** Time, tier, status, client and the ways to reach them: what the card shows before its buttons. */
function VisitHeading({ visit, fmt }: { visit: TodayVisit; fmt: (t: number) => string }) {
  const times = shownTimes(visit);
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-lg font-semibold tabular-nums" data-testid="visit-times">
            {times.to === null ? `From ${fmt(times.from)}` : `${fmt(times.from)}–${fmt(times.to)}`}
          </span>
          {visit.unplanned ? <span className="text-sm font-medium text-slate-700">Call-out</span> : null}
          {times.planned ? (
            <span className="text-sm text-slate-600 tabular-nums">
              planned {fmt(times.planned.from)}–{fmt(times.planned.to)}
            </span>
          ) : null}
        </p>
        <p className="flex items-center gap-2 text-sm">
          {visit.tier ? <TierBadge tier={visit.tier} /> : null}
          <span className="font-medium" data-testid="visit-status">
            {statusText(visit, fmt)}
          </span>
        </p>
      </div>
      <h2 className="mt-1 text-xl font-semibold">{visit.clientName}</h2>
      {visit.contactName ? <p className="text-slate-700">{visit.contactName}</p> : null}
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
        {visit.address ? (
          <a
            className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2"
            href={`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(visit.address)}`}
            target="_blank"
            rel="noreferrer"
          >
            {visit.address}
          </a>
        ) : null}
        {visit.phone ? (
          <a
            className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2"
            href={`tel:${visit.phone.replace(/[^+\d]/g, '')}`}
          >
            Call {visit.phone}
          </a>
        ) : null}
      </div>
    </>
  );
}

export function VisitCard({
  visit,
  pending,
  notice,
  increment,
  clock,
  onCheckIn,
  onCheckOut,
}: {
  visit: TodayVisit;
  clock: ZoneClock;
  pending: boolean;
  notice?: string;
  increment: number;
  onCheckIn: () => void;
  onCheckOut: (at: number, summary: string, billableMinutes: number) => void;
}) {
  const noticeId = `${useId()}-notice`;
  const [closing, setClosing] = useState(false);
  const fmt = (t: number) => clockLabel(clock, t);
  return (
    <li
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="today-visit"
      data-visit-id={visit.id}
      data-status={visit.status}
    >
      <VisitHeading visit={visit} fmt={fmt} />
      {visit.notes ? <p className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-slate-800">{visit.notes}</p> : null}
      {pending ? (
        <p className="mt-2 text-sm font-medium text-amber-800" data-testid="pending">
          Pending — saved on this phone
        </p>
      ) : null}
      {notice ? (
        <p
          id={noticeId}
          role="alert"
          className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-sm font-medium text-red-900"
          data-testid="visit-notice"
        >
          {notice}
        </p>
      ) : null}
      <div className="mt-3">
        {visit.status === 'scheduled' ? (
          <button
            type="button"
            onClick={onCheckIn}
            className={`${bigButton} bg-brand-700 text-white hover:bg-brand-800`}
            aria-describedby={notice ? noticeId : undefined}
          >
            Check in
          </button>
        ) : null}
        {visit.status === 'checked_in' && !closing ? (
          <button type="button" onClick={() => setClosing(true)} className={`${bigButton} bg-slate-900 text-white hover:bg-slate-800`}>
            Check out…
          </button>
        ) : null}
        {visit.status === 'checked_in' && closing ? (
          <CheckOutForm
            checkedInAt={visit.checkedInAt ?? visit.startsAt}
            increment={increment}
            clock={clock}
            onCancel={() => setClosing(false)}
            onSave={(at, summary, minutes) => {
              setClosing(false);
              onCheckOut(at, summary, minutes);
            }}
          />
        ) : null}
        {visit.status === 'done' && visit.summary ? <p className="text-sm text-slate-700">Summary: {visit.summary}</p> : null}
      </div>
    </li>
  );
}
