import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { clientDetailsToConfirm } from '@/lib/dal/client-details';
import { PageHeader } from '@/components/ui/page-header';
import { getFirm } from '@/lib/dal/firm';
import { listSchedulablePeople } from '@/lib/dal/people';
import { getVisit } from '@/lib/dal/visits';
import { requireMember } from '@/lib/dal/session';
import { visitStatusLabels } from '@/lib/labels';
import { idOrNotFound, orNotFound } from '@/lib/not-found';
import { can } from '@/lib/permissions';
import { instantToLocal } from '@/lib/time/zoned';
import { BookingSection } from './booking-section';
import { RestoreSection, VisitFacts } from './visit-facts';

export const metadata: Metadata = { title: 'Visit' };

export default async function VisitPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const id = idOrNotFound((await params).id);
  const visit = orNotFound(() => getVisit(member, id));
  const firm = getFirm(member);
  const zone = firm.timeZone;
  const people = listSchedulablePeople(member);
  const allowed = visit.allowedUserIds.length ? people.filter((p) => visit.allowedUserIds.includes(p.id)) : people;
  const start = visit.startsAt ? instantToLocal(visit.startsAt, zone) : null;
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
        <VisitFacts visit={visit} zone={zone} style={{ hours: firm.hourClock }} who={who} allowed={allowed} />
        {movable ? (
          <BookingSection
            visit={visit}
            details={details}
            people={allowed}
            start={start ? { date: start.date, minute: start.minute } : null}
          />
        ) : null}
        {visit.status === 'cancelled' && can(member.role, 'schedule.manage') ? <RestoreSection visit={visit} /> : null}
      </div>
    </>
  );
}
