/**
 * Where the bundled jobs worker lies, relative to the app's directory. `npm
 * run build` writes it after `next build` (scripts/jobs-worker.ts); the
 * server starts it with `new Worker(path.join(process.cwd(), …))`.
 */
export const JOBS_WORKER_FILE = '.next/sweetspot/jobs-worker.cjs';
/** The worker's entry, bundled with everything it imports. */
export const JOBS_WORKER_ENTRY = 'lib/jobs/worker.ts';
