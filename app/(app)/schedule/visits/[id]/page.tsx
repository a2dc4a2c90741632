import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { RestoreVisitForm } from '@/components/schedule/undo-actions';
import { clientDetailsToConfirm } from '@/lib/dal/client-details';
import { PageHeader } from '@/components/ui/page-header';
import { getFirm } from '@/lib/dal/firm';
import { listSchedulablePeople } from '@/lib/dal/people';
import { getVisit } from '@/lib/dal/visits';
import { requireMember } from '@/lib/dal/session';
import { visitStatusLabels } from '@/lib/labels';
import { idOrNotFound, orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { dayLabel, dayRangeLabel, formatMinute } from '@/lib/time/format';
import { instantToLocal } from '@/lib/time/zoned';
import { cardClass } from '@/components/ui/styles';
import { BookingSection } from './booking-section';

export const metadata: Metadata = { title: 'Visit' };

/** Its window, or only the days its client picked on the request page when they picked some. */
function windowLabel(v: { pickedDates: string[]; earliestDate: string; latestDate: string }): string {
  return v.pickedDates.length
    ? `Only the days the client picked: ${v.pickedDates.map((d) => dayLabel(d)).join(', ')}`
    : dayRangeLabel(v.earliestDate, v.latestDate);
}

export default async function VisitPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const id = idOrNotFound((await params).id);
  const visit = orNotFound(() => getVisit(member, id));
  const zone = getFirm(member).timeZone;
  const people = listSchedulablePeople(member);
  const allowed = visit.allowedUserIds.length ? people.filter((p) => visit.allowedUserIds.includes(p.id)) : people;
  const start = visit.startsAt ? instantToLocal(visit.startsAt, zone) : null;
  const end = visit.endsAt ? instantToLocal(visit.endsAt, zone) : null;
  const who = people.find((p) => p.id === visit.userId);
  const movable = can(member.role, 'schedule.manage') && (visit.status === 'open' || visit.status === 'scheduled');
  // A client made from a request-page request: its details are confirmed before anything is booked for it.
  const details = movable ? clientDetailsToConfirm(member, visit.clientId) : null;
  return (
    <>
      <PageHeader title={`Visit to ${visit.clientName}`} description={`${visitStatusLabels[visit.status]} · priority ${visit.priority}`} />
      <p className="mb-4">
        <Link
          href={`/schedule${start ? `?week=${start.date}${who ? `&who=${who.id}` : ''}` : ''}`}
          className="underline underline-offset-2"
        >
          ← Back to the week
        </Link>
      </p>
      <div className="space-y-6">
        <section className={`${cardClass} p-5`}>
          <dl className="grid gap-3 sm:grid-cols-2">
            <div>
              <dt className="text-sm text-slate-600">Client</dt>
              <dd>
                <Link href={`/clients/${visit.clientId}`} className="underline underline-offset-2">
                  {visit.clientName}
                </Link>{' '}
                <TierBadge tier={visit.clientTier} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">When</dt>
              <dd data-testid="visit-when">
                {start && end && who
                  ? `${dayLabel(start.date)}, ${formatMinute(start.minute)}–${formatMinute(end.minute)} with ${who.name}`
                  : 'Not scheduled yet'}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Duration and travel</dt>
              <dd>
                {visit.durationMinutes} min, {visit.travelMinutes} min travel each way
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Window</dt>
              <dd data-testid="visit-window">{windowLabel(visit)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Allowed consultants</dt>
              <dd>{visit.allowedUserIds.length ? allowed.map((p) => p.name).join(', ') : 'Anyone'}</dd>
            </div>
            {visit.notes ? (
              <div className="sm:col-span-2">
                <dt className="text-sm text-slate-600">Notes</dt>
                <dd className="whitespace-pre-wrap break-words">{visit.notes}</dd>
              </div>
            ) : null}
          </dl>
        </section>
        {movable ? (
          <BookingSection
            visit={visit}
            details={details}
            people={allowed}
            start={start ? { date: start.date, minute: start.minute } : null}
          />
        ) : null}
        {visit.status === 'cancelled' && can(member.role, 'schedule.manage') ? (
          <section className={`${cardClass} p-5`}>
            <h2 className="mb-1 text-lg font-semibold">Cancelled by mistake?</h2>
            <p className="mb-3 text-sm text-slate-600">
              {visit.startsAt
                ? 'Restoring books it in its old time again, if that time still passes every rule.'
                : 'Restoring puts it back among the open requests.'}
            </p>
            <RestoreVisitForm visitId={visit.id} />
          </section>
        ) : null}
      </div>
    </>
  );
}
