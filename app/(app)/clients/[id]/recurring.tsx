import { StopSeriesButton } from '@/components/schedule/stop-series-button';
import { Link } from '@/components/ui/link';
import { cardClass } from '@/components/ui/styles';
import type { VisitSeriesDTO } from '@/lib/dal/visit-series';
import { dayLabel, formatHours } from '@/lib/time/format';

/** The client's recurring visits ("every month on the 1st Tuesday"): what each asks for, and Stop for staff. */
export function RecurringSection({ series, manage }: { series: VisitSeriesDTO[]; manage: boolean }) {
  return (
    <section className={`${cardClass} mt-6 space-y-3 p-5`} aria-labelledby="recurring-heading">
      <h2 id="recurring-heading" className="text-lg font-semibold">
        Recurring visits
      </h2>
      {series.length === 0 ? (
        <p className="text-sm text-slate-600">
          None. A visit request can repeat (every week, every 2 weeks or every month)
          {manage ? (
            <>
              {' '}
              — <Link href="/schedule/requests/new">add one</Link>
            </>
          ) : null}
          .
        </p>
      ) : (
        <ul className="divide-y divide-slate-200" data-testid="recurring-visits">
          {series.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-medium">{s.text}</p>
                <p className="text-sm text-slate-600">
                  {formatHours(s.durationMinutes)}, priority {s.priority}, within {s.windowDays} {s.windowDays === 1 ? 'day' : 'days'} of
                  each date; from {dayLabel(s.firstDate)}
                  {s.ended ? ' · stopped' : ''}
                </p>
              </div>
              {manage ? <StopSeriesButton seriesId={s.id} text={s.text} ended={s.ended} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
