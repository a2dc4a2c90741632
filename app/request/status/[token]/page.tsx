import type { Metadata } from 'next';
import { DateTime } from 'luxon';
import { notFound } from 'next/navigation';
import { publicRequestStatus } from '@/lib/dal/requests';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Your request', robots: { index: false, follow: false } };

const when = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).toFormat("cccc LLLL d 'at' h:mm a ZZZZ");

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
    scheduled: `Scheduled for ${s.startsAt ? when(s.startsAt, s.zone) : ''}.`,
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
        <p className="text-sm text-slate-600">Sent {when(s.receivedAt, s.zone)}</p>
        <p className="mt-2 text-lg font-semibold" data-testid="request-status" data-state={s.state}>
          {text}
        </p>
      </div>
    </main>
  );
}
