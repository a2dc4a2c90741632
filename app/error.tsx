'use client';

import { Link } from '@/components/ui/link';

// In production Next replaces the message of server errors with a digest; we show neither.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="text-slate-600">Nothing you had saved is lost. Try again, or go back to the dashboard.</p>
      {error.digest ? <p className="text-xs text-slate-500">Reference: {error.digest}</p> : null}
      <div className="flex gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          Try again
        </button>
        <Link href="/dashboard" className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100">
          Dashboard
        </Link>
      </div>
    </main>
  );
}
