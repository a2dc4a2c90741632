import { isMainThread } from 'node:worker_threads';
import type { Actor } from '@/lib/dal/internal/prepare-month';
import { monthName, type PrepareJobResult } from '@/lib/invoices/prepare';
import type { Progress } from '@/lib/jobs/tasks';

/** What the request thread hands over (plain data): who prepares, the month, and the server's database file. */
export type PrepareMonthInput = { actor: Actor; month: string; databasePath: string };

const count = (n: number) => n.toLocaleString('en-US');

/**
 * "Prepare this month's invoices" as a job's task (./prepare-invoices.ts
 * startPrepareMonth checked the caller and the month). In a worker thread it
 * opens a connection of its own to the server's file, with every connection's
 * pragmas (WAL, busy timeout, foreign keys, synchronous FULL; db/index.ts) and
 * no migrating (the server did that), and closes it at the end. Run inline
 * (development, unit tests) it uses the thread's own connection. `stopped`
 * asks it to stop after the client it is on; its answer then says how far it got.
 *
 * The database code is imported when the task runs: a worker running a pure
 * task (the bundle holds them all) never loads SQLite's native module.
 */
export async function prepareMonthTask(input: PrepareMonthInput, report: (p: Progress) => void, stopped: () => boolean): Promise<string> {
  const { adoptConnection, openDatabase } = await import('@/db');
  const { prepareMonth } = await import('@/lib/dal/internal/prepare-month');
  const own = isMainThread ? null : openDatabase(input.databasePath, { migrate: false });
  if (own) adoptConnection(own);
  try {
    const name = monthName(input.month);
    const { created, done, total } = await prepareMonth(
      input.actor,
      input.month,
      (p) =>
        report({ done: p.done, total: Math.max(p.total, 1), text: `Looked at ${count(p.done)} of ${count(p.total)} clients for ${name}` }),
      stopped,
    );
    return JSON.stringify({ month: input.month, created, clients: total, looked: done } satisfies PrepareJobResult);
  } finally {
    own?.$client.close();
  }
}
