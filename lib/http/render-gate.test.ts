import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gate on a real Node HTTP server (the same diagnostics channel Next's server publishes on): a handler that
 * asks admitRender and then "renders" for a while, counting how many render at once.
 */
process.env.RENDER_CONCURRENCY = '2';
process.env.RENDER_QUEUE_LIMIT = '4';

let server: http.Server;
let base = '';
let now = 0;
let peak = 0;
let rendered = 0;
let gate: typeof import('./render-gate');

beforeAll(async () => {
  gate = await import('./render-gate');
  gate.installRenderGate();
  server = http.createServer(async (req, res) => {
    const admitted = await gate.admitRender(String(req.headers[gate.REQUEST_ID_HEADER] ?? ''));
    if (admitted !== 'render') {
      res.statusCode = 503;
      res.end(admitted);
      return;
    }
    now++;
    rendered++;
    peak = Math.max(peak, now);
    await new Promise((r) => setTimeout(r, Number(new URL(req.url!, 'http://x').searchParams.get('ms') ?? 60)));
    now--;
    res.end('page');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Waits (without a clock of its own) until the gate's figures say so. */
async function until(ok: (s: import('./render-gate').GateStats) => boolean) {
  for (let i = 0; i < 500 && !ok(gate.renderGateStats()!); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok(gate.renderGateStats()!)).toBe(true);
}

const get = (ms = 60, signal?: AbortSignal) =>
  fetch(`${base}/?ms=${ms}`, { signal }).then(
    async (r) => `${r.status} ${await r.text()}`,
    () => 'aborted',
  );

describe('render gate', () => {
  it('renders at most the limit at once; the others wait their turn and are all answered', async () => {
    peak = 0;
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => get()));
    expect(answers).toEqual(Array(6).fill('200 page'));
    expect(peak).toBe(2);
    expect(gate.renderGateStats()).toMatchObject({ running: 0, waiting: 0, limit: 2, peakRunning: 2 });
  });

  it('does not render a request whose caller left while it waited', async () => {
    const before = rendered;
    const droppedBefore = gate.renderGateStats()!.dropped;
    const slow = [get(1000), get(1000)]; // hold both slots
    await until((s) => s.running === 2);
    const leaving = new AbortController();
    const left = [get(10, leaving.signal), get(10, leaving.signal)];
    await until((s) => s.waiting === 2);
    leaving.abort();
    expect(await Promise.all(left)).toEqual(['aborted', 'aborted']);
    await Promise.all(slow);
    expect(rendered - before).toBe(2);
    expect(gate.renderGateStats()!.dropped - droppedBefore).toBe(2);
    expect(gate.renderGateStats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('answers busy once the queue is full, and serves again when it drains', async () => {
    const refusedBefore = gate.renderGateStats()!.refused;
    const held = [get(1000), get(1000)];
    await until((s) => s.running === 2);
    const queued = [get(), get(), get(), get()];
    await until((s) => s.waiting === 4);
    expect(await get()).toBe('503 busy');
    expect(gate.renderGateStats()!.refused - refusedBefore).toBe(1);
    expect(await Promise.all([...held, ...queued])).toEqual(Array(6).fill('200 page'));
    expect(await get()).toBe('200 page');
  });

  it('lets every request through when the gate is not installed for it (no id)', async () => {
    expect(await gate.admitRender(null)).toBe('render');
    expect(await gate.admitRender('no-such-id')).toBe('render');
  });
});
