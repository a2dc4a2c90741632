/**
 * The jobs worker thread's entry: runs one task (./tasks.ts) on its
 * workerData, posts progress and the output, and ends. Bundled with esbuild
 * into one plain CommonJS file at build time (scripts/jobs-worker.ts), so it
 * loads without Next's bundler: nothing it imports may need Next, and
 * better-sqlite3 is required from node_modules at run time (a native module
 * cannot be bundled).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { tasks, type Progress, type RunTask, type TaskName, type WorkerMessage } from './tasks';

/**
 * Linux: the lowest CPU priority for this thread only (a thread id is a pid
 * to setpriority), so on a busy machine the request thread wins the core when
 * both want it. Elsewhere the OS shares the cores as it will.
 */
function yieldToRequests(niceness: number) {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) os.setPriority(tid, niceness);
  } catch {
    /* not Linux, or not allowed: run at normal priority */
  }
}

/**
 * A task that writes holds the database's write lock for a slice at a time,
 * and the server's writes wait for it: at the lowest priority a busy machine
 * could leave it mid-slice for seconds, so it is lowered less.
 */
const NICENESS: Partial<Record<TaskName, number>> = { 'prepare-month': 10 };

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
/** `stop`: one Int32, set to 1 by the request thread to ask the task to stop (lib/jobs/pool.ts). */
const { name, input, stop } = workerData as { name: TaskName; input: unknown; stop: Int32Array };

yieldToRequests(NICENESS[name] ?? 19);
let last = 0;
let unsent: Progress | null = null;
// At most ten progress messages a second: each one is handled on the request thread. The last one is sent before the output.
const report = (progress: Progress) => {
  const now = Date.now();
  unsent = progress;
  if (now - last < 100) return;
  last = now;
  unsent = null;
  post({ type: 'progress', progress });
};
const stopped = () => Atomics.load(stop, 0) === 1;

async function main() {
  try {
    const output = await (tasks[name] as RunTask)(input, report, stopped);
    if (unsent) post({ type: 'progress', progress: unsent });
    post({ type: 'done', output });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
  }
}
void main();
