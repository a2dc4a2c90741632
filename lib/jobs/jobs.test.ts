import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/dal/session';
import { UserFacingError } from '@/lib/errors';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { buildJobsWorker } from '../../scripts/jobs-worker';
import { runningCount, runTask, waitingCount } from './pool';
import { cancelJob, dismissJob, JOB_TTL_MS, jobJson, keptInput, latestJob, MAX_JOBS, startJob } from './registry';
import { tasks } from './tasks';

const root = path.resolve(__dirname, '..', '..');
let dir: string;
let bundle: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-jobs-'));
  bundle = buildJobsWorker(root, path.join(dir, 'jobs-worker.cjs')).outfile;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.SWEETSPOT_JOBS_WORKER;
  vi.useRealTimers();
});

let nextFirm = 1_000_000;
const member = (role: Member['role'] = 'owner', firmId = nextFirm++): Member => ({
  userId: firmId * 10,
  firmId,
  role,
  name: `Member ${firmId}`,
  email: '',
  mustChangePassword: false,
  mustSetUpTwoFactor: false,
  sessionId: '',
});
const thresholds = {
  microMaxSeats: 5,
  sweetSpotMinSeats: 10,
  sweetSpotRequiresServer: true,
  sweetSpotMinRevenueCents: 500_000,
  largeMinSeats: 50,
};
const csvInput = (text: string) => ({ text, thresholds, existingNames: ['acme'] });

/** A worker script of our own, to see what the pool does with it. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `const { parentPort, workerData, threadId } = require('node:worker_threads');\n${body}\n`);
  return file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
async function until(test: () => boolean) {
  for (let i = 0; i < 500 && !test(); i++) await sleep(10);
  expect(test()).toBe(true);
}

async function finished(m: Member, id: string): Promise<{ status: string; result?: unknown; error: string | null; progress: unknown }> {
  for (;;) {
    const job = JSON.parse(jobJson(m, id)) as { status: string; result?: unknown; error: string | null; progress: unknown };
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the worker pool', () => {
  it('runs a task in another thread, from the file it is given, and hears its progress', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = script(
      'echo.cjs',
      `parentPort.postMessage({ type: 'progress', progress: { done: 1, total: 2, text: 'half' } });\nparentPort.postMessage({ type: 'done', output: { threadId, input: workerData.input } });`,
    );
    const heard: unknown[] = [];
    const out = (await runTask('client-import-parse', { text: 'x' }, { timeoutMs: 5000, onProgress: (p) => heard.push(p) })) as unknown as {
      threadId: number;
      input: unknown;
    };
    expect(out.threadId).toBeGreaterThan(0); // the main thread is 0
    expect(out.input).toEqual({ text: 'x' });
    expect(heard).toEqual([{ done: 1, total: 2, text: 'half' }]);
  });

  it('stops a task past its time, frees its place for the next one, and reports a worker that dies', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = script('spin.cjs', 'for (;;) {}');
    await expect(runTask('client-import-parse', { text: 'x' }, { timeoutMs: 300 })).rejects.toThrow(UserFacingError);
    process.env.SWEETSPOT_JOBS_WORKER = script('crash.cjs', "throw new Error('boom');");
    await expect(runTask('client-import-parse', { text: 'x' }, { timeoutMs: 5000 })).rejects.toThrow('boom');
    process.env.SWEETSPOT_JOBS_WORKER = path.join(dir, 'missing.cjs');
    await expect(runTask('client-import-parse', { text: 'x' }, { timeoutMs: 5000 })).rejects.toThrow(/npm run build/);
  });

  it('the built bundle answers exactly what the task answers inline', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = bundle;
    const text = 'name,seats,has_server\nAcme,3,no\nNew One,12,yes\nnew one,4,no\nBad,x,no\n';
    const inWorker = await runTask('client-import-check', csvInput(text), { timeoutMs: 20_000 });
    expect(inWorker).toBe(tasks['client-import-check'](csvInput(text), () => {}));
    expect(JSON.parse(inWorker)).toMatchObject({
      toImportCount: 1,
      errors: [{ line: 5, field: 'seats' }],
      duplicates: [{ line: 2 }, { line: 4 }],
    });
  });
});

describe('jobs', () => {
  it('one running job per firm and kind; the firm finds it again, and its result once done', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = bundle;
    const owner = member();
    const staff = { ...member('staff', owner.firmId), userId: 2 };
    const first = startJob(owner, 'client-import', csvInput('name,seats\nOne,3\n'), { keep: 'name,seats\nOne,3\n' });
    expect(first.already).toBe(false);
    const second = startJob(staff, 'client-import', csvInput('name,seats\nTwo,3\n'));
    expect(second).toMatchObject({ already: true, job: { id: first.job.id, startedBy: owner.name } });
    expect(latestJob(staff, 'client-import')?.id).toBe(first.job.id);
    const done = await finished(staff, first.job.id);
    expect(done).toMatchObject({ status: 'done', result: { toImportCount: 1, toImport: [{ name: 'One', tier: 'micro' }] } });
    expect(keptInput(staff, first.job.id, 'client-import')).toBe('name,seats\nOne,3\n');
    // A new run replaces the finished one.
    const third = startJob(staff, 'client-import', csvInput('name,seats\nThree,3\n'));
    expect(third.already).toBe(false);
    expect(() => jobJson(owner, first.job.id)).toThrow(NotFoundError);
    await finished(owner, third.job.id);
  });

  it('answers "not found" to another firm and refuses a role that may not run the kind', async () => {
    const owner = member();
    const { job } = startJob(owner, 'client-import', csvInput('name,seats\nOne,3\n'));
    await finished(owner, job.id);
    expect(() => jobJson(member('owner'), job.id)).toThrow(NotFoundError);
    expect(() => dismissJob(member('owner'), job.id)).toThrow(NotFoundError);
    expect(() => jobJson(member('consultant', owner.firmId), job.id)).toThrow(ForbiddenError);
    expect(() => startJob(member('consultant'), 'auto-schedule', {} as never)).toThrow(ForbiddenError);
    expect(() => latestJob(member('consultant', owner.firmId), 'client-import')).toThrow(ForbiddenError);
    expect(JSON.parse(jobJson(owner, job.id))).not.toHaveProperty('firmId');
    dismissJob(owner, job.id);
    expect(latestJob(owner, 'client-import')).toBeNull();
  });

  it('reports a failed task with a message and keeps nothing of it', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = script(
      'fails.cjs',
      "parentPort.postMessage({ type: 'error', message: 'Error: internal detail' });",
    );
    const owner = member();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { job } = startJob(owner, 'client-import', csvInput('name,seats\nOne,3\n'), { keep: 'name,seats\nOne,3\n' });
    expect(await finished(owner, job.id)).toMatchObject({
      status: 'failed',
      error: 'Something went wrong and nothing was saved. Please try again.',
    });
    expect(errors).toHaveBeenCalled();
    expect(() => keptInput(owner, job.id, 'client-import')).toThrow('no longer available');
    errors.mockRestore();
  });

  it('forgets finished jobs after their time, and the oldest first past the bound', async () => {
    const first = member();
    const { job } = startJob(first, 'client-import', csvInput('name,seats\nOne,3\n'));
    await finished(first, job.id);
    for (let i = 0; i < MAX_JOBS; i++) {
      const m = member();
      await finished(m, startJob(m, 'client-import', csvInput('name,seats\nOne,3\n')).job.id);
    }
    expect(() => jobJson(first, job.id)).toThrow(NotFoundError);

    const late = member();
    const kept = startJob(late, 'client-import', csvInput('name,seats\nOne,3\n')).job;
    await finished(late, kept.id);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + JOB_TTL_MS + 1000 });
    expect(latestJob(late, 'client-import')).toBeNull();
  });
});

describe('cancelling a job', () => {
  it('terminates its worker thread at once and keeps nothing; anyone of the firm who may run it may cancel it', async () => {
    const beat = path.join(dir, 'beat.txt');
    // A task that never ends and shows it is alive: the file grows while its thread runs.
    process.env.SWEETSPOT_JOBS_WORKER = script(
      'beat.cjs',
      `setInterval(() => require('node:fs').appendFileSync(${JSON.stringify(beat)}, 'x'), 5);`,
    );
    const owner = member();
    const staff = { ...member('staff', owner.firmId), userId: 2, name: 'Jo Staff' };
    const busyBefore = runningCount();
    const { job } = startJob(owner, 'auto-schedule', {} as never);
    await until(() => sizeOf(beat) > 0);
    expect(runningCount()).toBe(busyBefore + 1);

    // Another firm finds nothing to cancel; a consultant of the firm may not; the task runs on.
    expect(() => cancelJob(member('owner'), job.id, 'auto-schedule')).toThrow(NotFoundError);
    expect(() => cancelJob(member('consultant', owner.firmId), job.id, 'auto-schedule')).toThrow(ForbiddenError);
    expect(() => cancelJob(owner, job.id, 'client-import')).toThrow(NotFoundError);
    expect(JSON.parse(jobJson(owner, job.id))).toMatchObject({ status: 'running', cancelledBy: null });

    expect(cancelJob(staff, job.id, 'auto-schedule')).toMatchObject({ status: 'cancelled', cancelledBy: 'Jo Staff' });
    await until(() => runningCount() === busyBefore);
    const stopped = sizeOf(beat);
    await sleep(150);
    expect(sizeOf(beat), 'the thread still runs after its cancellation').toBe(stopped);
    const seen = JSON.parse(jobJson(owner, job.id)) as Record<string, unknown>;
    expect(seen).toMatchObject({ status: 'cancelled', cancelledBy: 'Jo Staff', error: null });
    expect(seen).not.toHaveProperty('result');
    // The firm may start again at once.
    process.env.SWEETSPOT_JOBS_WORKER = script('done.cjs', "parentPort.postMessage({ type: 'done', output: '{}' });");
    const again = startJob(owner, 'auto-schedule', {} as never);
    expect(again.already).toBe(false);
    expect(await finished(owner, again.job.id)).toMatchObject({ status: 'done', result: {} });
  });

  it('takes a queued job out of the queue, and drops a finished job’s result', async () => {
    process.env.SWEETSPOT_JOBS_WORKER = script('spin-forever.cjs', 'for (;;) {}');
    const spinners: [Member, string][] = [];
    // Fill every worker place, then one more waits.
    while (waitingCount() === 0) {
      const m = member();
      spinners.push([m, startJob(m, 'auto-schedule', {} as never).job.id]);
    }
    const [queuedBy, queued] = spinners.pop()!;
    expect(JSON.parse(jobJson(queuedBy, queued))).toMatchObject({ status: 'queued' });
    expect(cancelJob(queuedBy, queued, 'auto-schedule').status).toBe('cancelled');
    expect(waitingCount()).toBe(0);
    for (const [m, id] of spinners) cancelJob(m, id, 'auto-schedule');
    await until(() => runningCount() === 0);

    process.env.SWEETSPOT_JOBS_WORKER = bundle;
    const owner = member();
    const { job } = startJob(owner, 'client-import', csvInput('name,seats\nOne,3\n'), { keep: 'name,seats\nOne,3\n' });
    expect(await finished(owner, job.id)).toMatchObject({ status: 'done' });
    cancelJob(owner, job.id, 'client-import');
    expect(JSON.parse(jobJson(owner, job.id))).not.toHaveProperty('result');
    expect(() => keptInput(owner, job.id, 'client-import')).toThrow('no longer available');
  });
});
