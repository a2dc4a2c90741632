import { Link } from '@/components/ui/link';
import { TierBadge } from '@/components/clients/tier-badge';
import { RestoreVisitForm } from '@/components/schedule/undo-actions';
import { cardClass } from '@/components/ui/styles';
import type { getVisit } from '@/lib/dal/visits';
import { dayLabel, dayRangeLabel, timeRangeLabel, type TimeStyle } from '@/lib/time/format';

type Visit = ReturnType<typeof getVisit>;

/** Its window, or only the days its client picked on the request page when they picked some. */
function windowLabel(v: { pickedDates: string[]; earliestDate: string; latestDate: string }): string {
  return v.pickedDates.length
    ? `Only the days the client picked: ${v.pickedDates.map((d) => dayLabel(d)).join(', ')}`
    : dayRangeLabel(v.earliestDate, v.latestDate);
}

function Fact({ term, children, testId, wide }: { term: string; children: React.ReactNode; testId?: string; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : undefined}>
      <dt className="text-sm text-slate-600">{term}</dt>
      <dd data-testid={testId} className={wide ? 'whitespace-pre-wrap break-words' : undefined}>
        {children}
      </dd>
    </div>
  );
}

/** What the visit is: client, when and with whom (on the firm's clock), length, window, who may take it. */
export function VisitFacts({
  visit,
  zone,
  style,
  who,
  allowed,
}: {
  visit: Visit;
  zone: string;
  style: TimeStyle;
  who: { name: string } | undefined;
  allowed: { name: string }[];
}) {
  return (
    <section className={`${cardClass} p-5`}>
      <dl className="grid gap-3 sm:grid-cols-2">
        <Fact term="Client">
          <Link href={`/clients/${visit.clientId}`} className="underline underline-offset-2">
            {visit.clientName}
          </Link>{' '}
          <TierBadge tier={visit.clientTier} />
        </Fact>
        <Fact term="When" testId="visit-when">
          {visit.startsAt && visit.endsAt && who
            ? `${timeRangeLabel(zone, visit.startsAt, visit.endsAt, style)} with ${who.name}`
            : 'Not scheduled yet'}
        </Fact>
        <Fact term="Duration and travel">
          {visit.durationMinutes} min, {visit.travelMinutes} min travel each way
        </Fact>
        <Fact term="Window" testId="visit-window">
          {windowLabel(visit)}
        </Fact>
        <Fact term="Allowed consultants">{visit.allowedUserIds.length ? allowed.map((p) => p.name).join(', ') : 'Anyone'}</Fact>
        {visit.notes ? (
          <Fact term="Notes" wide>
            {visit.notes}
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

/** A cancelled visit, for someone who may put it back. */
export function RestoreSection({ visit }: { visit: Visit }) {
  return (
    <section className={`${cardClass} p-5`}>
      <h2 className="mb-1 text-lg font-semibold">Cancelled by mistake?</h2>
      <p className="mb-3 text-sm text-slate-600">
        {visit.startsAt
          ? 'Restoring books it in its old time again, if that time still passes every rule.'
          : 'Restoring puts it back among the open requests.'}
      </p>
      <RestoreVisitForm visitId={visit.id} />
    </section>
  );
}
