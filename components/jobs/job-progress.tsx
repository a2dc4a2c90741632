import type { ReactNode } from 'react';
import type { JobView } from '@/lib/jobs/view';
import { cardClass } from '@/components/ui/styles';

/** A running or waiting job: what it is doing, and a bar (indeterminate until the work reports how far it is); `children`: its controls (Cancel). */
export function JobProgress({ job, label, children }: { job: JobView | null; label: string; children?: ReactNode }) {
  const p = job?.progress;
  const text =
    job?.status === 'queued'
      ? `Waiting for other work to finish${job.ahead ? ` (${job.ahead} ahead)` : ''}…`
      : p
        ? `${p.text}…`
        : 'Starting…';
  return (
    <div className={`${cardClass} space-y-2 p-4`} data-testid="job-progress">
      <p className="font-medium">{label}</p>
      <progress className="h-2 w-full" aria-label={label} max={p ? p.total : undefined} value={p ? p.done : undefined} />
      <p className="text-sm text-slate-600" aria-live="polite">
        {text} You can leave this page; the result waits here for you.
      </p>
      {children}
    </div>
  );
}
