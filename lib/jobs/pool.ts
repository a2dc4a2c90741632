import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserFacingError } from '@/lib/errors';
import { tasks, type Progress, type RunTask, type TaskInput, type TaskName, type TaskOutput, type WorkerMessage } from './tasks';
import { JOBS_WORKER_FILE } from './worker-file';

/**
 * Runs tasks (./tasks.ts) in worker threads, one thread per task, so the
 * request thread only hands the input over and takes the output back. As many
 * tasks run at once as there are cores but one, and at least two (so a short
 * auto-schedule does not wait behind a 2 MB import); the rest wait in order,
 * so ten firms previewing at once queue instead of slowing every page down.
 * The workers lower their own CPU priority (./worker.ts): when a worker and
 * the request thread both want a core, the request thread gets it.
 */

const PARALLEL = Math.max(2, os.availableParallelism() - 1);
/** Tasks that may wait; past this, starting one is refused with a message. */
export const MAX_WAITING = 16;
/** A worker's own heap: a 2 MB CSV of 200,000 rows peaks near 200 MB while it is parsed and checked. */
const WORKER_HEAP_MB = 384;
/**
 * A young generation big enough that a CSV row's garbage dies young: with
 * V8's default, every scavenge promoted megabytes of it, and the collector's
 * helper threads (shared by the whole process, request thread included, and
 * not lowered in priority) spent as much CPU as the worker itself. Measured on
 * a 2 MB file: helper CPU 3.0 → 0.5 s, the check 5.4 → 3.5 s.
 */
const WORKER_YOUNG_MB = 128;

type Pool = { running: number; waiting: (() => void)[] };
// On globalThis: Next.js may load this module more than once (one copy per server bundle); the limit is the process's.
const pool = ((globalThis as Record<symbol, unknown>)[Symbol.for('sweetspot.jobs.pool')] ??= { running: 0, waiting: [] }) as Pool;

export type RunOptions = {
  /** The task's end, whatever happens: the worker is stopped then. */
  timeoutMs: number;
  onProgress?: (progress: Progress) => void;
  /** Called when the task leaves the queue and starts. */
  onStart?: () => void;
  /** Cancels the task: it leaves the queue, or its worker is terminated; the promise rejects with a CancelledError. */
  signal?: AbortSignal;
  /**
   * A running task is not terminated when `signal` aborts but asked to stop
   * (it sees `stopped()` turn true) and answers with its own output, which
   * says how far it got: for a task that writes in whole transactions and
   * keeps what it has done. Still queued, it leaves the queue as any other.
   */
  cooperative?: boolean;
};

/** The task was cancelled (RunOptions.signal): nothing of it is kept. */
export class CancelledError extends Error {
  constructor() {
    super('The task was cancelled.');
    this.name = 'CancelledError';
  }
}

/** Tasks running in a worker now. */
export function runningCount(): number {
  return pool.running;
}

/** Tasks waiting for a free worker. */
export function waitingCount(): number {
  return pool.waiting.length;
}

/** Runs the task in a worker thread when one is free; rejects with a UserFacingError when the queue is full, it times out or runs out of memory. */
export function runTask<K extends TaskName>(name: K, input: TaskInput<K>, options: RunOptions): Promise<TaskOutput<K>> {
  if (options.signal?.aborted) return Promise.reject(new CancelledError());
  if (pool.waiting.length >= MAX_WAITING)
    return Promise.reject(new UserFacingError('The server is busy with other work; try again in a minute.'));
  return new Promise((resolve, reject) => {
    const start = () => {
      options.signal?.removeEventListener('abort', leave);
      pool.running++;
      options.onStart?.();
      execute(name, input, options)
        .then((output) => resolve(output as TaskOutput<K>), reject)
        .finally(() => {
          pool.running--;
          pool.waiting.shift()?.();
        });
    };
    // Cancelled while waiting: it gives up its place in the queue.
    function leave() {
      const at = pool.waiting.indexOf(start);
      if (at >= 0) pool.waiting.splice(at, 1);
      reject(new CancelledError());
    }
    if (pool.running < PARALLEL) start();
    else {
      pool.waiting.push(start);
      options.signal?.addEventListener('abort', leave, { once: true });
    }
  });
}

/**
 * The bundled worker of the production build. `next dev` and the unit tests
 * run tasks inline instead (SWEETSPOT_JOBS_WORKER names a bundle to use
 * there): a bundle left in .next may be older than the sources.
 *
 * The turbopackIgnore comments keep Next's file tracing from following these
 * run-time paths (it would otherwise trace and try to compile the whole
 * project); the bundle is a build output, not a module of the app.
 */
function workerFile(): string | null {
  if (process.env.SWEETSPOT_JOBS_WORKER) return process.env.SWEETSPOT_JOBS_WORKER;
  return process.env.NODE_ENV === 'production' ? path.join(/*turbopackIgnore: true*/ process.cwd(), JOBS_WORKER_FILE) : null;
}

function execute(name: TaskName, input: unknown, options: RunOptions): Promise<unknown> {
  const file = workerFile();
  if (!file) return inline(name, input, options);
  if (!fs.existsSync(/*turbopackIgnore: true*/ file))
    return Promise.reject(
      new Error(`The jobs worker ${file} is missing: build with \`npm run build\` (a plain \`next build\` does not write it).`),
    );
  // The request thread sets it to 1 to ask a cooperative task to stop (./worker.ts reads it between its steps).
  const stop = new Int32Array(new SharedArrayBuffer(4));
  return new Promise((resolve, reject) => {
    const worker = new Worker(/*turbopackIgnore: true*/ file, {
      workerData: { name, input, stop },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () => finish(() => reject(new UserFacingError('This took too long and was stopped; nothing was saved.'))),
      options.timeoutMs,
    );
    // Cancelled: the thread is terminated at once, wherever the task is (a synchronous search cannot be asked to stop),
    // or a cooperative task is asked to stop and its output is awaited.
    const cancel = () => (options.cooperative ? Atomics.store(stop, 0, 1) : finish(() => reject(new CancelledError())));
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve(message.output));
      else finish(() => reject(new Error(`${name} failed in its worker: ${message.message}`)));
    });
    worker.on('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UserFacingError('This needs more memory than the server allows; split the work and try again.')
            : error,
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new Error(`${name}: the worker stopped with exit code ${code}`))));
  });
}

async function inline(name: TaskName, input: unknown, options: RunOptions): Promise<unknown> {
  await new Promise((resolve) => setImmediate(resolve)); // the caller gets on first, as with a worker
  // Inline (dev and unit tests) a running task cannot be terminated: a cancellation before it starts or while it runs
  // wins; a cooperative one sees it between its steps and answers.
  if (options.signal?.aborted) throw new CancelledError();
  const stopped = () => options.signal?.aborted ?? false;
  const output = await (tasks[name] as RunTask)(input, options.onProgress ?? (() => {}), stopped);
  if (stopped() && !options.cooperative) throw new CancelledError();
  return output;
}
