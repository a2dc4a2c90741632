import type { Progress } from './tasks';

/** The long-running work a page can start (lib/jobs/registry.ts). */
export type JobKind = 'auto-schedule' | 'client-import' | 'prepare-invoices';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a page and its polling see of a job. GET /api/jobs/[id] adds `result` (the task's JSON) once it is done. */
export type JobView = {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: Progress | null;
  /** Jobs waiting to run before this one (queued only). */
  ahead: number;
  startedBy: string;
  createdAt: number;
  finishedAt: number | null;
  /** A message for the person, when it failed. */
  error: string | null;
  /** Who cancelled it, when it was cancelled (or, while it is still running, who asked it to stop). */
  cancelledBy: string | null;
  /** What it was started with, for the page to say (e.g. weeks ahead). */
  params: Record<string, string | number | boolean>;
};

export type JobWithResult<T> = JobView & { result?: T };
