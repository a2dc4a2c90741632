/**
 * Calls one data-layer function from a process of its own, on the database file named by DATABASE_PATH, as a
 * second phone or a second server process would: `dal-child.ts <name> <JSON array of args>`. Tests start two of
 * these to make two writes at the same moment. Prints "ready" once the database is open, calls the function when a
 * line arrives on stdin, prints its answer (or { error }) as JSON.
 */
import { createInterface } from 'node:readline';
import { getDb } from '@/db';
import { applyFieldOp } from '@/lib/dal/field';
import { finaliseInvoice } from '@/lib/dal/invoice-lifecycle';
import { prepareMonthInvoices } from '@/lib/dal/prepare-invoices';

const CALLS: Record<string, (...args: never[]) => unknown> = { applyFieldOp, finaliseInvoice, prepareMonthInvoices };

const [name, args] = process.argv.slice(2);
const fn = CALLS[name!] as (...args: unknown[]) => unknown;
getDb(); // opened and migrated before the go, so the only wait left is the call's own transaction
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).once('line', async () => {
  try {
    process.stdout.write(`${JSON.stringify(await fn(...(JSON.parse(args!) as unknown[])))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
  process.exit(0);
});
