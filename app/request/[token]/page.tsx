import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RequestForm } from '@/components/requests/request-form';
import { daysWithRoom, publicFirm } from '@/lib/dal/requests';
import { urgencyLabels } from '@/lib/labels';
import { urgencies } from '@/db/schema';
import { dayLabel } from '@/lib/time/format';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Ask for a visit', robots: { index: false, follow: false } };

/** The firm's public request page: its name, the form and the days with room; nothing else of the firm. */
export default async function RequestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const firm = publicFirm(token);
  if (!firm) notFound();
  const days = daysWithRoom(firm).map((date) => ({ date, label: dayLabel(date) }));
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Ask {firm.name} for a visit</h1>
      <p className="mt-2 mb-6 text-slate-700">
        Tell us what is wrong and which days suit you. We confirm the time; you can follow your request on the page you see next.
      </p>
      <div className={`${cardClass} p-5`}>
        <RequestForm token={token} days={days} urgencies={urgencies.map((u) => ({ value: u, label: urgencyLabels[u] }))} />
      </div>
    </main>
  );
}
