import { ConfirmDetailsStep } from '@/components/clients/confirm-details-form';
import { PlaceVisitForm } from '@/components/schedule/forms';
import { CancelVisitForm } from '@/components/schedule/undo-actions';
import { cardClass } from '@/components/ui/styles';
import type { ClientDetailsDTO } from '@/lib/dal/client-details';
import type { VisitDTO } from '@/lib/dal/visits';
import { formatMinute } from '@/lib/time/format';

type Props = {
  visit: VisitDTO;
  /** Set while the client's details (from the request page) wait for staff: confirming them comes before booking. */
  details: ClientDetailsDTO | null;
  people: { id: number; name: string }[];
  start: { date: string; minute: number } | null;
};

/** Booking or moving the visit by hand, or first the "confirm client details" step of a new client; and cancelling it. */
export function BookingSection({ visit, details, people, start }: Props) {
  return (
    <section className={`${cardClass} p-5`}>
      <ConfirmDetailsStep
        details={details}
        title="New client: confirm details first"
        intro={`${visit.clientName} asked through the request page. Check the address, computers and server they gave, and add the travel time; then the visit can be booked.`}
      />
      {details ? null : (
        <>
          <h2 className="mb-1 text-lg font-semibold">{visit.status === 'open' ? 'Book it by hand' : 'Move it'}</h2>
          <p className="mb-3 text-sm text-slate-600">
            The same rules as the auto-scheduler: working hours with travel, never over protected marketing time, appointments or another
            visit, within the window and the weekly micro cap.
          </p>
          <PlaceVisitForm
            visitId={visit.id}
            people={people.map((p) => ({ value: String(p.id), label: p.name }))}
            userId={String(visit.userId ?? people[0]?.id ?? '')}
            date={start?.date ?? visit.earliestDate}
            start={start ? formatMinute(start.minute) : '09:00'}
            duration={visit.durationMinutes}
          />
        </>
      )}
      <div className="mt-6">
        <CancelVisitForm visitId={visit.id} clientName={visit.clientName} />
      </div>
    </section>
  );
}
