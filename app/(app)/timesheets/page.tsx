import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { AddEntryForm, EntryEditor, SubmitWeekForm } from '@/components/timesheets/forms';
import { PageHeader } from '@/components/ui/page-header';
import { PersonPicker } from '@/components/ui/person-picker';
import { cardClass, linkButtonClass } from '@/components/ui/styles';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { keepTiersFresh } from '@/lib/dal/tiers';
import { listTeam } from '@/lib/dal/team';
import { getTimesheet } from '@/lib/dal/timesheets';
import { categoryLabels } from '@/lib/labels';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { addDays, isRealDate, mondayOf, nowIn, today } from '@/lib/time/zoned';
import { dayLabel, formatMinute } from '@/lib/time/format';

import { ExportSection, hours, TotalsSection } from './sections';

export const metadata: Metadata = { title: 'Timesheets' };

export default async function TimesheetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  keepTiersFresh(member); // a client's tier is the kind its time is logged as
  const params = await searchParams;
  const firm = getFirm(member);
  const now = today(firm.timeZone);
  const week = typeof params.week === 'string' && isRealDate(params.week) ? params.week : now;
  const who = typeof params.who === 'string' && /^\d+$/.test(params.who) ? Number(params.who) : member.userId;
  const sheet = orNotFound(() => getTimesheet(member, who, week));
  const all = can(member.role, 'timesheets.all');
  const team = all ? listTeam(member).filter((u) => u.active) : [];
  const clients = listClientOptions(member);
  const nowLocal = nowIn(firm.timeZone);
  const q = (w: string) => `/timesheets?week=${w}&who=${sheet.person.id}`;
  return (
    <>
      <PageHeader
        title={`Timesheet — ${sheet.person.name}`}
        description={`Week of ${dayLabel(sheet.monday)}${sheet.submittedAt ? ' · submitted' : ''}`}
      />
      <div className="mb-4 flex flex-wrap items-end gap-2">
        <Link className={linkButtonClass} href={q(addDays(sheet.monday, -7))}>
          ← Previous week
        </Link>
        <Link className={linkButtonClass} href={q(mondayOf(now))}>
          This week
        </Link>
        <Link className={linkButtonClass} href={q(addDays(sheet.monday, 7))}>
          Next week →
        </Link>
        {all ? (
          <PersonPicker
            name="who"
            label="Whose timesheet"
            value={String(sheet.person.id)}
            people={team}
            action="/timesheets"
            keep={{ week: sheet.monday }}
          />
        ) : null}
      </div>
      <div className="space-y-6">
        <section className={`${cardClass} p-4`} aria-labelledby="log-time">
          <h2 id="log-time" className="mb-3 text-lg font-semibold">
            Log time
          </h2>
          <AddEntryForm
            userId={sheet.person.id}
            clients={clients}
            defaultDate={now}
            defaultStart={formatMinute(Math.floor(nowLocal.minute / 15) * 15)}
            shownMonday={sheet.monday}
          />
        </section>
        <TotalsSection sheet={sheet} />
        <section aria-labelledby="entries" className={`${cardClass} p-4`}>
          <h2 id="entries" className="mb-2 text-lg font-semibold">
            Entries ({sheet.entries.length})
          </h2>
          {sheet.entries.length ? (
            <ul className="divide-y divide-slate-100" data-testid="entries">
              {sheet.entries.map((e) => (
                <li key={e.id} className="py-3" data-testid="entry">
                  <p className="flex flex-wrap gap-x-3">
                    <span className="font-medium">
                      {dayLabel(e.date)} {formatMinute(e.startMinute)}
                    </span>
                    <span className="tabular-nums">{hours(e.minutes)}</span>
                    <span>{categoryLabels[e.category]}</span>
                    {e.clientName ? <span className="font-medium">{e.clientName}</span> : null}
                    {e.fromVisit ? (
                      <span className="rounded bg-green-100 px-1.5 text-xs font-semibold text-green-900">from check-out</span>
                    ) : null}
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
        <ExportSection all={all} personId={sheet.person.id} from={sheet.monday} to={addDays(sheet.monday, 6)} />
      </div>
    </>
  );
}
