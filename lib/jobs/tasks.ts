import { checkClientImport, parseForImport, type ImportCheckInput } from '@/lib/client-import-check';
import { planAutoSchedule, type AutoScheduleInput } from '@/lib/planning/auto-plan';
import { prepareMonthTask } from '@/lib/dal/prepare-month-task';
import { readCalendar } from '@/lib/calendar-import/parse';

/**
 * The work a worker thread can do (lib/jobs/worker.ts): functions of plain
 * data, no request. All but one are pure; preparing a month's invoices writes
 * to the database through the worker's own connection (lib/dal/prepare-month-task.ts)
 * and is the one that heeds `stopped` (a cancellation that keeps what is
 * done); the others are stopped by terminating their thread. A job's result crosses back to the
 * request thread as one JSON string: copying a string is a memcpy, while a
 * structured clone of 200,000 row objects would be rebuilt on the request
 * thread, object by object.
 */

/** How far a task is, for a progress bar: `done` of `total`, and the same in words. */
export type Progress = { done: number; total: number; text: string };
type Report = (progress: Progress) => void;

const count = (n: number) => n.toLocaleString('en-US');
/** Progress of a CSV check, after a first word while it starts. */
const rows = (report: Report) => {
  report({ done: 0, total: 1, text: 'Reading the file' });
  return (done: number, total: number, rowsDone: number) =>
    report({ done, total, text: `Checked ${count(rowsDone)} rows, ${Math.floor((100 * done) / total)}% of the file` });
};

export const tasks = {
  'auto-schedule': (input: AutoScheduleInput, report: Report): string =>
    JSON.stringify(
      planAutoSchedule(input, (elapsed, budget) =>
        report({
          done: elapsed,
          total: budget,
          text: `Searching for the best plan: ${(elapsed / 1000).toFixed(1)} of up to ${(budget / 1000).toFixed(1)} s`,
        }),
      ),
    ),
  'client-import-check': (input: ImportCheckInput, report: Report): string => JSON.stringify(checkClientImport(input, rows(report))),
  'client-import-parse': (input: { text: string }, report: Report) => parseForImport(input.text, rows(report)),
  'prepare-month': prepareMonthTask,
  // A person's other calendar: up to 5 MB of iCalendar and its recurrences expanded, off the request thread.
  'calendar-busy': (input: Parameters<typeof readCalendar>[0]): string => JSON.stringify(readCalendar(input)),
};

export type TaskName = keyof typeof tasks;
export type TaskInput<K extends TaskName> = Parameters<(typeof tasks)[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<(typeof tasks)[K]>>;
/** How every task is called: its input, where its progress goes, and whether it has been asked to stop. */
export type RunTask = (input: unknown, report: Report, stopped: () => boolean) => unknown;

/** Messages from a worker to the request thread. */
export type WorkerMessage =
  { type: 'progress'; progress: Progress } | { type: 'done'; output: unknown } | { type: 'error'; message: string };
