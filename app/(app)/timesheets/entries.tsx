import { EntryEditor } from '@/components/timesheets/forms';
import { cardClass } from '@/components/ui/styles';
import type { listClientOptions } from '@/lib/dal/client-options';
import type { TimesheetDTO } from '@/lib/dal/timesheets';
import { categoryLabels } from '@/lib/labels';
import { dayTimeLabel, formatHours, formatMinute, type TimeStyle } from '@/lib/time/format';
import { SubmitWeekForm } from '@/components/timesheets/forms';

type Entry = TimesheetDTO['entries'][number];
type Clients = ReturnType<typeof listClientOptions>;

function EntryItem({ e, sheet, clients, style }: { e: Entry; sheet: TimesheetDTO; clients: Clients; style: TimeStyle }) {
  return (
    <li className="py-3" data-testid="entry">
      <p className="flex flex-wrap gap-x-3">
        <span className="font-medium">{dayTimeLabel(e.date, e.startMinute, style)}</span>
        <span className="tabular-nums">{formatHours(e.minutes)}</span>
        <span>{categoryLabels[e.category]}</span>
        {e.clientName ? <span className="font-medium">{e.clientName}</span> : null}
        {e.fromVisit ? <span className="rounded bg-green-100 px-1.5 text-xs font-semibold text-green-900">from check-out</span> : null}
      </p>
      {e.description ? <p className="break-words text-sm text-slate-700">{e.description}</p> : null}
      <EntryEditor
        clients={clients}
        shownMonday={sheet.monday}
        userId={sheet.person.id}
        entry={{
          id: e.id,
          date: e.date,
          start: formatMinute(e.startMinute),
          duration: `${e.minutes}m`,
          category: e.category,
          clientId: e.clientId ? String(e.clientId) : '',
          clientName: e.clientName ?? '',
          description: e.description,
          fromVisit: e.fromVisit,
        }}
      />
    </li>
  );
}

/** The week's entries, each with its editor, and the week's submission. */
export function EntriesSection({ sheet, clients, style }: { sheet: TimesheetDTO; clients: Clients; style: TimeStyle }) {
  return (
    <section aria-labelledby="entries" className={`${cardClass} p-4`}>
      <h2 id="entries" className="mb-2 text-lg font-semibold">
        Entries ({sheet.entries.length})
      </h2>
      {sheet.entries.length ? (
        <ul className="divide-y divide-slate-100" data-testid="entries">
          {sheet.entries.map((e) => (
            <EntryItem key={e.id} e={e} sheet={sheet} clients={clients} style={style} />
          ))}
        </ul>
      ) : (
        <p className="text-slate-600">No time this week yet.</p>
      )}
      <div className="mt-4">
        {sheet.submittedAt ? (
          <p className="text-sm text-slate-700">Submitted. Changes from now on are recorded in the audit log with before and after.</p>
        ) : (
          <SubmitWeekForm userId={sheet.person.id} week={sheet.monday} />
        )}
      </div>
    </section>
  );
}
