/**
 * Applies one field op from a process of its own, on the database file named by DATABASE_PATH: lib/dal/field.test.ts
 * starts two of these to send two check-ins at the same moment, as two phones (or two server processes) would.
 * Prints "ready" once the database is open, applies the op when a line arrives on stdin, prints the answer as JSON.
 */
import { createInterface } from 'node:readline';
import { getDb } from '@/db';
import { applyFieldOp } from '@/lib/dal/field';

const [member, op] = process.argv.slice(2).map((arg) => JSON.parse(arg));
getDb(); // opened and migrated before the go, so the only wait left is the check-in's own transaction
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).once('line', () => {
  try {
    process.stdout.write(`${JSON.stringify(applyFieldOp(member, op))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
  process.exit(0);
});
