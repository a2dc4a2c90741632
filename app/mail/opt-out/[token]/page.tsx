import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cardClass, linkButtonClass, primaryLinkButtonClass } from '@/components/ui/styles';
import { optOutView } from '@/lib/dal/mail-preferences';
import { optOutAction } from './actions';

export const metadata: Metadata = { title: 'Email preferences', robots: { index: false, follow: false } };

/** The link at the foot of every optional message: one address's choice for one firm. */
export default async function OptOutPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { token } = await params;
  const { saved } = await searchParams;
  const view = optOutView(token);
  if (!view) notFound();
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-8">
      <h1 className="text-2xl font-bold tracking-tight">Email from {view.firmName}</h1>
      <div className={`${cardClass} mt-6 space-y-4 p-5`}>
        <p role={saved ? 'status' : undefined} data-testid="opt-out-state">
          {view.optedOut
            ? `${view.email} no longer gets reminders and notices from ${view.firmName}.`
            : `${view.email} gets reminders and notices from ${view.firmName}.`}
        </p>
        <p className="text-sm text-slate-600">
          Messages about a booking you asked for (its confirmation, a change of time, a cancellation) and invoices still come.
        </p>
        <form action={optOutAction}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="choice" value={view.optedOut ? 'in' : 'out'} />
          <button type="submit" className={view.optedOut ? linkButtonClass : primaryLinkButtonClass}>
            {view.optedOut ? 'Send me reminders again' : 'Stop reminders and notices'}
          </button>
        </form>
      </div>
    </main>
  );
}
