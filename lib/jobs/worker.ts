/**
 * The jobs worker thread's entry: runs one task (./tasks.ts) on its
 * workerData, posts progress and the output, and ends. Bundled with esbuild
 * into one plain CommonJS file at build time (scripts/jobs-worker.ts), so it
 * loads without Next's bundler; nothing here may import 'server-only' code.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { tasks, type Progress, type TaskName, type WorkerMessage } from './tasks';

/**
 * Linux: the lowest CPU priority for this thread only (a thread id is a pid
 * to setpriority), so on a busy machine the request thread wins the core when
 * both want it. Elsewhere the OS shares the cores as it will.
 */
function yieldToRequests() {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) os.setPriority(tid, 19);
  } catch {
    /* not Linux, or not allowed: run at normal priority */
  }
}

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const { name, input } = workerData as { name: TaskName; input: unknown };

yieldToRequests();
let last = 0;
// At most ten progress messages a second: each one is handled on the request thread.
const report = (progress: Progress) => {
  const now = Date.now();
  if (now - last < 100) return;
  last = now;
  post({ type: 'progress', progress });
};
try {
  const run = tasks[name] as (input: unknown, report: (progress: Progress) => void) => unknown;
  post({ type: 'done', output: run(input, report) });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
}
