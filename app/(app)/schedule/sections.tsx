import { Link } from '@/components/ui/link';
import { ActionsMenu } from '@/components/schedule/actions-menu';
import { TierBadge } from '@/components/clients/tier-badge';
import { PersonPicker } from '@/components/ui/person-picker';
import { UnmatchedRequest } from '@/components/requests/unmatched-request';
import { cardClass, linkButtonClass, primaryLinkButtonClass } from '@/components/ui/styles';
import type { listClientOptions } from '@/lib/dal/client-options';
import type { listSchedulablePeople } from '@/lib/dal/people';
import type { listUnmatchedRequests } from '@/lib/dal/requests';
import type { listOpenRequests } from '@/lib/dal/visits';
import { urgencyLabels } from '@/lib/labels';
import { dayLabel, dayRangeLabel, timeRangeLabel, type HourClock } from '@/lib/time/format';
import type { RemovedAppointment } from '@/lib/dal/appointment-undo';
import { UndoRemoveAppointment } from '@/components/schedule/delete-appointment-button';
import { addDays, mondayOf, today } from '@/lib/time/zoned';

/* The schedule page's sections, rendered by page.tsx from what it read. */

type WeekNavProps = {
  monday: string;
  view: 'week' | 'day';
  /** The day shown (day view), or the one a phone shows first (week view). */
  day: string;
  timeZone: string;
  manage: boolean;
  who: number | 'team';
  people: ReturnType<typeof listSchedulablePeople>;
};

/** Week and day views; a manager's day of the whole team is the dispatch board (a column per consultant). */
function ViewLinks({ monday, view, day, manage, who }: WeekNavProps) {
  const current = (on: boolean) => (on ? { 'aria-current': 'page' as const } : {});
  const cls = `${linkButtonClass} aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold`;
  const teamDay = view === 'day' && who === 'team';
  const self = who === 'team' ? '' : `&who=${who}`;
  return (
    <nav aria-label="Schedule views" className="flex flex-wrap gap-2">
      <Link className={cls} href={`/schedule?week=${monday}&day=${day}${self || '&who=team'}`} {...current(view === 'week')}>
        Week
      </Link>
      <Link className={cls} href={`/schedule?view=day&day=${day}${self}`} {...current(view === 'day' && !teamDay)}>
        Day
      </Link>
      {manage ? (
        <Link className={cls} href={`/schedule?view=day&day=${day}&who=team`} {...current(teamDay)}>
          Team day
        </Link>
      ) : null}
    </nav>
  );
}

export function WeekNav(props: WeekNavProps) {
  const { monday, view, day, timeZone, manage, who, people } = props;
  const query = (w: string) => `/schedule?week=${w}&who=${who}`;
  const dayQuery = (d: string) => `/schedule?view=day&day=${d}&who=${who}`;
  return (
    <div className="mb-4 flex flex-wrap items-end gap-2">
      {view === 'week' ? (
        <>
          <Link className={linkButtonClass} href={query(addDays(monday, -7))}>
            ← Previous week
          </Link>
          <Link className={linkButtonClass} href={`${query(mondayOf(today(timeZone)))}#today`}>
            This week
          </Link>
          <Link className={linkButtonClass} href={query(addDays(monday, 7))}>
            Next week →
          </Link>
        </>
      ) : (
        <>
          <Link className={linkButtonClass} href={dayQuery(addDays(day, -1))}>
            ← Previous day
          </Link>
          <Link className={linkButtonClass} href={dayQuery(today(timeZone))}>
            Today
          </Link>
          <Link className={linkButtonClass} href={dayQuery(addDays(day, 1))}>
            Next day →
          </Link>
        </>
      )}
      {manage ? (
        <PersonPicker
          name="who"
          label={view === 'week' ? 'Whose week' : 'Whose day'}
          value={String(who)}
          everyone={{ value: 'team', label: 'Whole team' }}
          people={people}
          action="/schedule"
          keep={view === 'week' ? { week: monday } : { view, day }}
        />
      ) : null}
      <ViewLinks {...props} />
    </div>
  );
}

type Counts = { open: number; toConfirm: number };

const quiet = 'inline-flex min-h-11 items-center text-sm font-medium text-brand-800 underline underline-offset-2';

/** Below the `xl` width the open requests come after the whole week: a link to them, with their count. */
function RequestsLink({ counts, className = '' }: { counts: Counts; className?: string }) {
  return (
    <a href="#open-requests" className={`${quiet} ${className}`}>
      Open requests ({counts.open}
      {counts.toConfirm ? `, ${counts.toConfirm} to confirm` : ''})
    </a>
  );
}

type ScheduleBarProps = WeekNavProps & { openRequests: Counts | null };

/**
 * The page's actions. On a phone they are behind one menu button, with only
 * "Jump to today" (the week it is in, scrolled to its marked day) and the open
 * requests in sight, so the week comes first; from the `sm` width up they
 * show as before.
 */
export function ScheduleBar({ openRequests, ...nav }: ScheduleBarProps) {
  const thisMonday = mondayOf(today(nav.timeZone));
  const beside = (
    <div className="flex flex-wrap items-center gap-x-4 sm:hidden">
      {nav.monday === thisMonday ? (
        <a href="#today" className={quiet}>
          Jump to today
        </a>
      ) : (
        <Link href={`/schedule?week=${thisMonday}&who=${nav.who}#today`} className={quiet}>
          Jump to today
        </Link>
      )}
      {openRequests ? <RequestsLink counts={openRequests} /> : null}
    </div>
  );
  return (
    <div className="mb-6">
      <ActionsMenu label="Schedule menu" beside={beside}>
        <WeekNav {...nav} />
        <ScheduleTools manage={nav.manage} who={nav.who} />
        {/* In a wrapper: the link's own inline-flex would beat a "hidden" beside it, showing it twice on a phone. */}
        {openRequests ? (
          <div className="mt-2 hidden sm:block xl:hidden">
            <RequestsLink counts={openRequests} />
          </div>
        ) : null}
      </ActionsMenu>
    </div>
  );
}

export function ScheduleTools({ manage, who }: { manage: boolean; who: number | 'team' }) {
  return (
    <nav aria-label="Schedule tools" className="flex flex-wrap gap-2">
      <Link className={linkButtonClass} href={`/schedule/marketing${who === 'team' ? '' : `?who=${who}`}`}>
        Marketing blocks
      </Link>
      <Link className={linkButtonClass} href={`/schedule/hours${who === 'team' ? '' : `?who=${who}`}`}>
        Working hours
      </Link>
      <Link className={linkButtonClass} href={`/schedule/appointments/new${who === 'team' ? '' : `?who=${who}`}`}>
        New appointment
      </Link>
      {manage ? (
        <>
          <Link className={linkButtonClass} href="/schedule/requests/new">
            New visit request
          </Link>
          <Link className={primaryLinkButtonClass} href="/schedule/auto">
            Auto-schedule…
          </Link>
        </>
      ) : null}
    </nav>
  );
}

/** After a removal: what was removed, with Undo; once it is back, says so. */
export function RemovedNotice({ removed, zone, hours }: { removed: RemovedAppointment | null; zone: string; hours: HourClock }) {
  if (!removed) return null;
  const when = timeRangeLabel(zone, removed.startsAt, removed.endsAt, { hours });
  return (
    <div
      role="status"
      className="mb-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950"
      data-testid="removed-notice"
    >
      {removed.back ? (
        <p className="font-medium">
          “{removed.title}” ({when}) is back in the week.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-x-2">
          <span className="font-medium">
            Removed “{removed.title}” ({when}).
          </span>
          <UndoRemoveAppointment appointmentId={removed.id} title={removed.title} />
        </div>
      )}
    </div>
  );
}

export function ConfirmedNotice({ confirmed }: { confirmed: string | string[] | undefined }) {
  return confirmed === 'new' || confirmed === 'linked' || confirmed === 'declined' ? (
    <p role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-800">
      {
        {
          new: 'Client created from the request; it is now in the open requests.',
          linked: 'Request linked to the client; it is now in the open requests.',
          declined: 'Request turned away; its status page now says so.',
        }[confirmed]
      }
    </p>
  ) : null;
}

type OpenRequestsProps = {
  requests: ReturnType<typeof listOpenRequests>;
  unmatched: ReturnType<typeof listUnmatchedRequests>;
  clientOptions: ReturnType<typeof listClientOptions>;
};

export function OpenRequests({ requests, unmatched, clientOptions }: OpenRequestsProps) {
  return (
    <aside aria-labelledby="open-requests" className={`${cardClass} p-4`}>
      <h2 id="open-requests" className="mb-2 text-lg font-semibold">
        Open requests ({requests.length})
      </h2>
      {requests.length ? (
        <ul className="divide-y divide-slate-100" data-testid="open-requests">
          {requests.map((r) => (
            <li key={r.id} className="py-2 text-sm">
              {/* Badges wrap whole onto the next line on a phone, never break inside their pill. */}
              <div className="flex flex-wrap items-center gap-1">
                <Link href={`/schedule/visits/${r.id}`} className="mr-1 font-medium underline underline-offset-2">
                  {r.clientName}
                </Link>
                <TierBadge tier={r.clientTier} />
                {r.fromPage ? (
                  <span
                    className="whitespace-nowrap rounded-full bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-900"
                    data-testid="from-page"
                  >
                    From the request page
                  </span>
                ) : null}
                {r.newClient ? (
                  <Link
                    href={`/schedule/visits/${r.id}`}
                    className="whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 underline-offset-2 hover:underline"
                    data-testid="new-client"
                  >
                    New client — confirm details
                  </Link>
                ) : null}
              </div>
              <p className="text-slate-600">
                {r.durationMinutes} min · priority {r.priority} ·{' '}
                {r.pickedDates.length ? r.pickedDates.map((d) => dayLabel(d)).join(', ') : dayRangeLabel(r.earliestDate, r.latestDate)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No open requests. Add one, or wait for clients to ask.</p>
      )}
      {unmatched.length ? (
        <div className="mt-4 border-t border-slate-200 pt-3">
          <h3 className="font-semibold">From the request page: confirm the client ({unmatched.length})</h3>
          <ul className="divide-y divide-slate-100" data-testid="unmatched-requests">
            {unmatched.map((r) => (
              <li key={r.id} className="py-3 text-sm">
                <p className="font-medium">
                  {r.name}
                  {r.company ? ` · ${r.company}` : ''}
                </p>
                <p className="break-words text-slate-600">{[r.email, r.phone].filter(Boolean).join(' · ')}</p>
                {r.address !== null ? (
                  <p className="break-words text-slate-600" data-testid="unmatched-site">
                    {r.address} · {r.seats} computer{r.seats === 1 ? '' : 's'} · {r.hasServer ? 'has a server' : 'no server'}
                  </p>
                ) : null}
                <p className="mt-1 whitespace-pre-wrap break-words" data-testid="unmatched-problem">
                  {r.problem}
                </p>
                <p className="text-slate-600">
                  {urgencyLabels[r.urgency]}
                  {r.preferredDates.length ? ` · prefers ${r.preferredDates.join(', ')}` : ''}
                </p>
                <UnmatchedRequest id={r.id} clients={clientOptions} suggestedName={r.company || r.name} suggestion={r.suggestion} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}
