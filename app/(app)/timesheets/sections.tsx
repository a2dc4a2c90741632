import { cardClass, compactInputClass, linkButtonClass } from '@/components/ui/styles';
import type { TimesheetDTO } from '@/lib/dal/timesheets';
import { categoryLabels } from '@/lib/labels';
import { formatHours as hours } from '@/lib/time/format';

/* Sections of the timesheet page, rendered by page.tsx from what it read. */

export function TotalsSection({ sheet }: { sheet: TimesheetDTO }) {
  const travel = sheet.entries.reduce((sum, e) => sum + e.travelMinutes, 0);
  return (
    <section aria-labelledby="totals" className={`${cardClass} p-4`}>
      <h2 id="totals" className="mb-2 text-lg font-semibold">
        Totals: <span data-testid="week-total">{hours(sheet.totalMinutes)}</span>
      </h2>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="category-totals">
        {Object.entries(sheet.byCategory).map(([k, m]) => (
          <div key={k} className="rounded-lg bg-slate-50 p-2" data-testid={`total-${k}`}>
            <dt className="text-sm text-slate-600">{categoryLabels[k as keyof typeof categoryLabels]}</dt>
            <dd className="font-semibold tabular-nums">{hours(m)}</dd>
          </div>
        ))}
      </dl>
      {sheet.byClient.length ? (
        <p className="mt-3 text-sm text-slate-700">By client: {sheet.byClient.map((c) => `${c.name} ${hours(c.minutes)}`).join(' · ')}</p>
      ) : null}
      {travel ? (
        // The dashboard's client hours count travel; the totals above are the work itself. Said here, the two agree.
        <p className="mt-1 text-sm text-slate-700" data-testid="travel-total">
          Travel to clients: {hours(travel)} more, not in these totals (the dashboard counts it with client hours).
        </p>
      ) : null}
    </section>
  );
}

/** The CSV export form, preset to the week shown [from, to]; `all` exports everyone's time. */
export function ExportSection({ all, personId, from, to }: { all: boolean; personId: number; from: string; to: string }) {
  return (
    <section aria-labelledby="export" className={`${cardClass} p-4`}>
      <h2 id="export" className="mb-2 text-lg font-semibold">
        Export CSV
      </h2>
      <form action="/timesheets/export" method="get" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="who" value={all ? 'all' : String(personId)} />
        <div>
          <label htmlFor="export-from" className="block text-sm font-medium">
            From
          </label>
          <input id="export-from" name="from" type="date" defaultValue={from} className={compactInputClass} />
        </div>
        <div>
          <label htmlFor="export-to" className="block text-sm font-medium">
            To
          </label>
          <input id="export-to" name="to" type="date" defaultValue={to} className={compactInputClass} />
        </div>
        <button type="submit" className={linkButtonClass}>
          Download {all ? 'everyone’s' : 'my'} time
        </button>
      </form>
    </section>
  );
}
