import type { Metadata } from 'next';
import { ConfirmedNotice, OpenRequests, RemovedNotice, ScheduleBar } from './sections';
import { getRemovedAppointment } from '@/lib/dal/appointment-undo';
import { ScheduleGrid } from '@/components/schedule/calendar/schedule-grid';
import { buildBoard } from '@/lib/schedule-grid/board';
import { PageHeader } from '@/components/ui/page-header';
import { listSchedulablePeople } from '@/lib/dal/people';
import { listOpenRequests } from '@/lib/dal/visits';
import { getWeek } from '@/lib/dal/week';
import { listClientOptions } from '@/lib/dal/client-options';
import { listUnmatchedRequests } from '@/lib/dal/requests';
import { requireMember } from '@/lib/dal/session';
import { getFirm } from '@/lib/dal/firm';
import { orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { addDays, isRealDate, mondayOf, nowIn, planningMonday, today } from '@/lib/time/zoned';
import { dayLabel } from '@/lib/time/format';

export const metadata: Metadata = { title: 'Schedule' };

export default async function SchedulePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const params = await searchParams;
  const firm = getFirm(member);
  const manage = can(member.role, 'schedule.manage');
  const people = manage ? listSchedulablePeople(member) : [];
  const firmToday = today(firm.timeZone);
  const view = params.view === 'day' ? 'day' : 'week';
  const dayParam = typeof params.day === 'string' && isRealDate(params.day) ? params.day : null;
  const monday =
    view === 'day'
      ? mondayOf(dayParam ?? firmToday)
      : typeof params.week === 'string' && isRealDate(params.week)
        ? mondayOf(params.week)
        : planningMonday(firmToday);
  const whoParam = typeof params.who === 'string' ? params.who : undefined;
  const who: number | 'team' =
    manage && (whoParam === 'team' || (!whoParam && member.role === 'staff'))
      ? 'team'
      : whoParam && /^\d+$/.test(whoParam)
        ? Number(whoParam)
        : member.userId;
  const week = orNotFound(() => getWeek(member, monday, who));
  const day = dayParam && week.dates.includes(dayParam) ? dayParam : week.dates.includes(firmToday) ? firmToday : monday;
  const board = buildBoard(week, {
    view,
    day,
    today: firmToday,
    nowMinute: nowIn(firm.timeZone).minute,
    hours: firm.hourClock,
    team: who === 'team',
  });
  const link = (q: string) => `/schedule?${q}&who=${who}`;
  const weekLinks =
    view === 'day'
      ? { prev: link(`view=day&day=${addDays(day, -1)}`), next: link(`view=day&day=${addDays(day, 1)}`) }
      : {
          prev: link(`week=${addDays(monday, -7)}&day=${addDays(monday, -1)}`),
          next: link(`week=${addDays(monday, 7)}&day=${addDays(monday, 7)}`),
        };
  const requests = manage ? listOpenRequests(member) : [];
  const unmatched = manage ? listUnmatchedRequests(member) : [];
  const clientOptions = unmatched.length ? listClientOptions(member) : [];
  const removedId = typeof params.removed === 'string' && /^\d{1,12}$/.test(params.removed) ? Number(params.removed) : null;
  const removed = removedId !== null && can(member.role, 'schedule.write') ? getRemovedAppointment(member, removedId) : null;
  return (
    <>
      <PageHeader title="Schedule" description={`${view === 'day' ? dayLabel(day) : `Week of ${dayLabel(monday)}`} · ${firm.timeZone}`} />
      <ScheduleBar
        monday={monday}
        view={view}
        day={day}
        timeZone={firm.timeZone}
        manage={manage}
        who={who}
        people={people}
        openRequests={manage ? { open: requests.length, toConfirm: unmatched.length } : null}
      />
      <ConfirmedNotice confirmed={params.confirmed} />
      <RemovedNotice removed={removed} zone={firm.timeZone} hours={firm.hourClock} />
      <div className={manage ? 'grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]' : ''}>
        <ScheduleGrid
          board={board}
          moveVisits={manage}
          moveAppointments={manage || can(member.role, 'schedule.own')}
          focusDate={view === 'week' ? day : null}
          weekLinks={weekLinks}
          hoursEditable={week.people
            .map((p) => p.person.id)
            .filter((id) => manage || (id === member.userId && can(member.role, 'schedule.own')))}
        />
        {manage ? <OpenRequests requests={requests} unmatched={unmatched} clientOptions={clientOptions} /> : null}
      </div>
    </>
  );
}
