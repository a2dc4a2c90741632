import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { AddEntryForm } from '@/components/timesheets/forms';
import { PageHeader } from '@/components/ui/page-header';
import { PersonPicker } from '@/components/ui/person-picker';
import { cardClass, linkButtonClass } from '@/components/ui/styles';
import { listClientOptions } from '@/lib/dal/client-options';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { keepTiersFresh } from '@/lib/dal/tiers';
import { listTeam } from '@/lib/dal/team';
import { getTimesheet } from '@/lib/dal/timesheets';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { addDays, isRealDate, mondayOf, nowIn, today } from '@/lib/time/zoned';
import { dayLabel, formatMinute } from '@/lib/time/format';

import { EntriesSection } from './entries';
import { ExportSection, TotalsSection } from './sections';

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
        <EntriesSection sheet={sheet} clients={clients} style={{ hours: firm.hourClock }} />
        <ExportSection all={all} personId={sheet.person.id} from={sheet.monday} to={addDays(sheet.monday, 6)} />
      </div>
    </>
  );
}
