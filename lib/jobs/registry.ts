import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Member } from '@/lib/dal/session';
import { UserFacingError } from '@/lib/errors';
import { assertCan, NotFoundError, type Permission } from '@/lib/permissions';
import { CancelledError, MAX_WAITING, runTask, waitingCount } from './pool';
import type { TaskInput } from './tasks';
import type { JobKind, JobView } from './view';
import { MINUTE_MS } from '@/lib/time/units';

/**
 * Jobs: a long task started by one request and read by later ones, so a page
 * shows its progress and can be left and come back to. Kept in the memory of
 * the server process (one process under `next start`); a restart forgets
 * them, which costs a preview, never data (a preview writes nothing until the
 * person confirms; a month's preparation commits client by client and, being
 * idempotent, carries on where it stopped when started again).
 *
 * Bounded: one queued or running job per firm and kind (starting another
 * shows the running one), the firm's newest job of a kind replaces its older
 * one, finished jobs expire after JOB_TTL_MS, and past MAX_JOBS jobs or
 * MAX_BYTES of kept text the oldest finished ones go first.
 *
 * Every read names the caller: another firm's job id is "not found", and a
 * role that may not start a kind may not read it either.
 *
 * Every kind runs in a worker thread (./pool.ts). Most are pure and
 * cancelling one terminates its thread. Preparing a month's invoices writes,
 * through the worker's own connection, in whole transactions: cancelling it
 * asks it to stop after the client it is on (the job says who is stopping
 * it), and it ends "cancelled" with its output, which says how far it got.
 */

const TASK = { 'auto-schedule': 'auto-schedule', 'client-import': 'client-import-check', 'prepare-invoices': 'prepare-month' } as const;
type TaskOf<K extends JobKind> = (typeof TASK)[K];
const PERMISSION: Record<JobKind, Permission> = {
  'auto-schedule': 'schedule.manage',
  'client-import': 'clients.write',
  'prepare-invoices': 'invoices.write',
};
const TIMEOUT_MS: Record<JobKind, number> = { 'auto-schedule': 60_000, 'client-import': 300_000, 'prepare-invoices': 60 * MINUTE_MS };
/** Kinds whose running task is asked to stop rather than terminated (./pool.ts RunOptions.cooperative). */
const COOPERATIVE: Record<JobKind, boolean> = { 'auto-schedule': false, 'client-import': false, 'prepare-invoices': true };

export const JOB_TTL_MS = 30 * MINUTE_MS;
export const MAX_JOBS = 200;
/** Text kept by jobs (import files, results), in UTF-16 code units: about twice as many bytes. */
export const MAX_BYTES = 40_000_000;

type Job = Omit<JobView, 'ahead'> & {
  firmId: number;
  /** The task's output, a JSON text, once done. */
  resultJson: string | null;
  /** What the job was started on that a confirmation needs again (the CSV text of an import). */
  keep: string | null;
  /** Cancels its task (cancelJob). */
  controller: AbortController;
  /** Called on the request thread once the job has ended, however it ended. */
  onFinish: (() => void) | null;
};

const jobs = ((globalThis as Record<symbol, unknown>)[Symbol.for('sweetspot.jobs')] ??= new Map<string, Job>()) as Map<string, Job>;

const size = (job: Job) => (job.resultJson?.length ?? 0) + (job.keep?.length ?? 0);
const finished = (job: Job) => job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

/** Drops expired jobs, then the oldest finished ones while over the bounds. */
function sweep(now = Date.now()) {
  for (const [id, job] of jobs) if (finished(job) && now - job.finishedAt! > JOB_TTL_MS) jobs.delete(id);
  let bytes = 0;
  for (const job of jobs.values()) bytes += size(job);
  const oldestFirst = [...jobs.values()].filter(finished).sort((a, b) => a.finishedAt! - b.finishedAt!);
  for (const job of oldestFirst) {
    if (jobs.size <= MAX_JOBS && bytes <= MAX_BYTES) break;
    jobs.delete(job.id);
    bytes -= size(job);
  }
}

/** What a member may see: never the firm, the kept input or (here) the result. */
function view(job: Job): JobView {
  let ahead = 0;
  if (job.status === 'queued') for (const j of jobs.values()) if (j.status === 'queued' && j.createdAt < job.createdAt) ahead++;
  const { id, kind, status, progress, startedBy, createdAt, finishedAt, error, cancelledBy, params } = job;
  return { id, kind, status, progress: progress && { ...progress }, ahead, startedBy, createdAt, finishedAt, error, cancelledBy, params };
}

export type Started = { job: JobView; already: boolean };

export type StartOptions = {
  /** What the page says of the run (e.g. weeks ahead). */
  params?: JobView['params'];
  /** What a confirmation needs again (the CSV text of an import). */
  keep?: string;
  /** Runs on this thread when the job has ended (done, failed or cancelled): e.g. forgetting what its writes made stale. */
  onFinish?: () => void;
};

/**
 * Starts `kind` for the caller's firm on `input` (plain data: it is copied
 * into a worker thread), or answers the firm's job of that kind already
 * queued or running (`already`).
 */
export function startJob<K extends JobKind>(member: Member, kind: K, input: TaskInput<TaskOf<K>>, options: StartOptions = {}): Started {
  assertCan(member.role, PERMISSION[kind]);
  sweep();
  const mine = [...jobs.values()].filter((j) => j.firmId === member.firmId && j.kind === kind);
  const active = mine.find((j) => !finished(j));
  if (active) return { job: view(active), already: true };
  if (waitingCount() >= MAX_WAITING) throw new UserFacingError('The server is busy with other work; try again in a minute.');
  for (const j of mine) jobs.delete(j.id);
  const job = newJob(member, kind, options);
  jobs.set(job.id, job);
  runTask(TASK[kind], input as TaskInput<TaskOf<K>>, {
    timeoutMs: TIMEOUT_MS[kind],
    cooperative: COOPERATIVE[kind],
    signal: job.controller.signal,
    onStart: () => {
      job.status = 'running';
    },
    onProgress: (progress) => {
      job.progress = progress;
    },
  })
    .then((output) => settle(job, String(output)))
    .catch((error: unknown) => fail(job, error))
    .finally(() => {
      job.finishedAt ??= Date.now();
      sweep();
      job.onFinish?.();
    });
  return { job: view(job), already: false };
}

function newJob(member: Member, kind: JobKind, options: StartOptions): Job {
  return {
    id: randomUUID(),
    kind,
    status: 'queued',
    progress: null,
    startedBy: member.name,
    createdAt: Date.now(),
    finishedAt: null,
    error: null,
    cancelledBy: null,
    params: options.params ?? {},
    firmId: member.firmId,
    resultJson: null,
    keep: options.keep ?? null,
    controller: new AbortController(),
    onFinish: options.onFinish ?? null,
  };
}

/** The task answered: done, or (a cooperative task asked to stop) cancelled with what it did. */
function settle(job: Job, output: string): void {
  if (job.status === 'cancelled') return; // a task cancelled by termination, or an inline one that ended after its cancellation
  job.status = job.controller.signal.aborted ? 'cancelled' : 'done';
  job.resultJson = output;
}

function fail(job: Job, error: unknown): void {
  if (error instanceof CancelledError || job.status === 'cancelled') return; // cancelJob has settled it
  job.status = 'failed';
  job.keep = null;
  if (error instanceof UserFacingError) job.error = error.message;
  else {
    console.error(error);
    // A cooperative task commits as it goes (whole steps): what it finished stays.
    job.error = COOPERATIVE[job.kind]
      ? 'Something went wrong and it stopped; what was finished before stays. Please try again to carry on.'
      : 'Something went wrong and nothing was saved. Please try again.';
  }
}

function find(member: Member, id: string): Job {
  sweep();
  const job = jobs.get(id);
  if (!job || job.firmId !== member.firmId) throw new NotFoundError('That job');
  assertCan(member.role, PERMISSION[job.kind]);
  return job;
}

/** The job as GET /api/jobs/[id] answers it: its view, with `result` (the task's JSON, spliced in unparsed) once done. */
export function jobJson(member: Member, id: string): string {
  const job = find(member, id);
  const json = JSON.stringify(view(job));
  return job.resultJson === null ? json : `${json.slice(0, -1)},"result":${job.resultJson}}`;
}

/** The firm's latest job of this kind, for a page coming back to it; null when there is none (or it expired). */
export function latestJob(member: Member, kind: JobKind): JobView | null {
  assertCan(member.role, PERMISSION[kind]);
  sweep();
  let latest: Job | null = null;
  for (const job of jobs.values())
    if (job.firmId === member.firmId && job.kind === kind && (!latest || job.createdAt > latest.createdAt)) latest = job;
  return latest && view(latest);
}

/** What a finished job of this kind kept (the text an import confirms), or a message to run it again. */
export function keptInput(member: Member, id: string, kind: JobKind): string {
  const job = find(member, id);
  if (job.kind !== kind || job.status !== 'done' || job.keep === null)
    throw new UserFacingError('That preview is no longer available; preview again.');
  return job.keep;
}

/**
 * Cancels the firm's job: a queued one leaves the queue, a running one has its
 * worker thread terminated (a cooperative one is asked to stop and stays
 * "running", with who is stopping it, until it has), a finished one loses its
 * result; the page then says who cancelled it. Anyone of the firm who may start the kind may cancel
 * it (find() checks firm and role), not only who started it: a dispatcher
 * stops a colleague's run that has been overtaken by events.
 */
export function cancelJob(member: Member, id: string, kind: JobKind): JobView {
  const job = find(member, id);
  if (job.kind !== kind) throw new NotFoundError('That job');
  if (job.status === 'running' && COOPERATIVE[kind]) {
    job.cancelledBy ??= member.name;
    job.controller.abort();
  } else if (job.status !== 'cancelled') {
    job.status = 'cancelled';
    job.cancelledBy = member.name;
    job.finishedAt = Date.now();
    job.resultJson = null;
    job.keep = null;
    job.controller.abort();
  }
  return view(job);
}

/** Forgets a job (accepted, confirmed or discarded): coming back to the page no longer shows it. */
export function dismissJob(member: Member, id: string): void {
  jobs.delete(find(member, id).id);
}

/** Forgets the caller's firm's job if it is still there: the clean-up after its preview was accepted. */
export function forgetJob(member: Member, id: string): void {
  if (jobs.get(id)?.firmId === member.firmId) jobs.delete(id);
}
