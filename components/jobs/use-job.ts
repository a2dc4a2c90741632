'use client';

import { useEffect, useState } from 'react';
import type { JobWithResult } from '@/lib/jobs/view';

const POLL_MS = 400;
const RETRY_MS = 2000;

export type JobState<T> = { job: JobWithResult<T> | null; gone: boolean };

/**
 * Follows a background job (lib/jobs) by polling GET /api/jobs/:id until it is
 * done, failed or cancelled; `gone` when the server no longer has it (it expired, was
 * discarded or the server restarted). A null id follows nothing.
 */
export function useJob<T>(id: string | null): JobState<T> {
  const [state, setState] = useState<JobState<T> & { id: string | null }>({ id, job: null, gone: false });
  if (state.id !== id) setState({ id, job: null, gone: false });

  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      let wait = POLL_MS;
      try {
        const res = await fetch(`/api/jobs/${encodeURIComponent(id)}`, { cache: 'no-store', signal: controller.signal });
        if (res.status === 404) {
          setState({ id, job: null, gone: true });
          return;
        }
        if (res.ok) {
          const job = (await res.json()) as JobWithResult<T>;
          if (stopped) return;
          setState({ id, job, gone: false });
          if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return;
        } else wait = RETRY_MS;
      } catch {
        if (stopped) return;
        wait = RETRY_MS; // offline or the server restarting: try again a little later
      }
      if (!stopped) timer = setTimeout(poll, wait);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);

  return { job: state.job, gone: state.gone };
}
