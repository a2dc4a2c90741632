import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { databasePath } from '@/db';

/**
 * Makes data-layer calls at the same moment from processes of their own (test/dal-child.ts), as two phones or two
 * server processes would, and returns their answers in order. The write lock is held while every call starts, so
 * all of them are waiting on it when it is let go: a rule read before a call's own transaction would pass in each.
 */
export async function callAtOnce(calls: [name: string, args: unknown[]][]): Promise<unknown[]> {
  const children = calls.map(([name, args]) => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'test/dal-child.ts', name, JSON.stringify(args)],
      {
        env: { ...process.env, DATABASE_PATH: databasePath() },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return { child, next: async () => (await lines.next()).value as string };
  });
  const ready = await Promise.all(children.map((c) => c.next()));
  if (ready.some((line) => line !== 'ready')) throw new Error(`a child did not start: ${JSON.stringify(ready)}`);
  const lock = new Database(databasePath());
  lock.exec('begin immediate');
  for (const c of children) c.child.stdin!.write('go\n');
  await new Promise((r) => setTimeout(r, 500));
  lock.exec('rollback');
  lock.close();
  return (await Promise.all(children.map((c) => c.next()))).map((line) => JSON.parse(line) as unknown);
}
