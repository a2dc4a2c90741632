import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { publicRequestStatus } from '@/lib/dal/requests';
import { cardClass } from '@/components/ui/styles';
import { instantLabel, type HourClock } from '@/lib/time/format';

export const metadata: Metadata = { title: 'Your request', robots: { index: false, follow: false } };

/** On the firm's clock, with its zone named: the client may read it elsewhere. */
const when = (at: number, s: { zone: string; hours: HourClock }) => instantLabel(at, s.zone, { hours: s.hours, withZone: true });

/** The client's private status link: their own request only. */
export default async function RequestStatusPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ new?: string }>;
}) {
  const { token } = await params;
  const { new: fresh } = await searchParams;
  const s = publicRequestStatus(token);
  if (!s) notFound();
  const text = {
    received: 'Received: we will schedule it and this page will show the time.',
    scheduled: `Scheduled for ${s.startsAt ? when(s.startsAt, s) : ''}.`,
    in_progress: 'We are on site now.',
    done: 'Done. Thank you!',
    declined: 'We could not take this request. Please phone us.',
    cancelled: 'This visit was cancelled. Please phone us if you still need help.',
  }[s.state];
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Your request to {s.firmName}</h1>
      {fresh ? (
        <p className="mt-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-900" role="status">
          Thank you: your request was received. Bookmark this page to follow it.
        </p>
      ) : null}
      <div className={`${cardClass} mt-6 p-5`}>
        <p className="text-sm text-slate-600">Sent {when(s.receivedAt, s)}</p>
        <p className="mt-2 text-lg font-semibold" data-testid="request-status" data-state={s.state}>
          {text}
        </p>
      </div>
    </main>
  );
}
