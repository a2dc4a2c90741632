import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * At most RENDER_CONCURRENCY pages render at once; the rest wait their turn
 * in order, and a page whose caller has gone away while it waited is never
 * rendered.
 *
 * Every render runs on the one JavaScript thread (SQLite calls included), so
 * letting fifty start together does not finish them sooner: it only holds
 * fifty renders' memory at once. Under a flood, clients that give up (a 10 s
 * timeout, a closed tab) re-send, and without the gate their abandoned
 * renders kept piling up until the heap ran out and the process died. A
 * waiting request costs a promise; past RENDER_QUEUE_LIMIT waiting the
 * newest is answered 503 with Retry-After.
 *
 * The gate applies to documents and client navigations (the proxy's matcher);
 * server actions, the JSON API and feeds pass straight through.
 */
export const REQUEST_ID_HEADER = 'x-sweetspot-request';

export const RENDER_CONCURRENCY = positive(process.env.RENDER_CONCURRENCY, 6);
export const RENDER_QUEUE_LIMIT = positive(process.env.RENDER_QUEUE_LIMIT, 500);

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

type Waiter = { response: ServerResponse; resolve: (admitted: boolean) => void };

export type GateStats = { running: number; waiting: number; limit: number; peakRunning: number; dropped: number; refused: number };

type Gate = {
  responses: Map<string, ServerResponse>;
  queue: Waiter[];
  running: number;
  peakRunning: number;
  dropped: number;
  refused: number;
  nextId: number;
};

/** Shared through globalThis: instrumentation.ts and the proxy are separate bundles in one process. */
const KEY = Symbol.for('sweetspot.render-gate');

function gate(): Gate | undefined {
  return (globalThis as Record<symbol, Gate | undefined>)[KEY];
}

const gone = (response: ServerResponse) => response.destroyed || response.writableEnded || response.socket?.destroyed === true;

/**
 * Gives every request an id the proxy can find its response by, through
 * Node's `http.server.request.start` diagnostics channel (published before
 * the server's handler runs; a client-sent header of the name is replaced).
 * Called once from instrumentation.ts at server start.
 */
export function installRenderGate(): void {
  if (gate()) return;
  const state: Gate = { responses: new Map(), queue: [], running: 0, peakRunning: 0, dropped: 0, refused: 0, nextId: 0 };
  (globalThis as Record<symbol, Gate>)[KEY] = state;
  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const id = String(++state.nextId);
    request.headers[REQUEST_ID_HEADER] = id;
    state.responses.set(id, response);
    response.once('close', () => state.responses.delete(id));
  });
}

function release(state: Gate): void {
  state.running--;
  while (state.queue.length > 0) {
    const next = state.queue.shift()!;
    if (gone(next.response)) {
      state.dropped++;
      next.resolve(false);
      continue;
    }
    take(state, next.response);
    next.resolve(true);
    return;
  }
}

function take(state: Gate, response: ServerResponse): void {
  state.running++;
  state.peakRunning = Math.max(state.peakRunning, state.running);
  let done = false;
  response.once('close', () => {
    if (done) return;
    done = true;
    release(state);
  });
}

/**
 * Waits for a render slot for the request with this id. 'render': go on
 * (the slot is given back when the response closes); 'gone': the caller
 * left while waiting; 'busy': too many are waiting already. Without the gate
 * installed (tests, the dev server) every request renders.
 */
export async function admitRender(id: string | null): Promise<'render' | 'gone' | 'busy'> {
  const state = gate();
  const response = id ? state?.responses.get(id) : undefined;
  if (!state || !response) return 'render';
  if (gone(response)) {
    state.dropped++;
    return 'gone';
  }
  if (state.running < RENDER_CONCURRENCY) {
    take(state, response);
    return 'render';
  }
  if (state.queue.length >= RENDER_QUEUE_LIMIT) {
    state.refused++;
    return 'busy';
  }
  return new Promise((resolve) => {
    const waiter: Waiter = { response, resolve: (admitted) => resolve(admitted ? 'render' : 'gone') };
    state.queue.push(waiter);
    // A caller who leaves while waiting gives up its place at once.
    response.once('close', () => {
      const at = state.queue.indexOf(waiter);
      if (at < 0) return;
      state.queue.splice(at, 1);
      state.dropped++;
      resolve('gone');
    });
  });
}

export function renderGateStats(): GateStats | null {
  const state = gate();
  if (!state) return null;
  return {
    running: state.running,
    waiting: state.queue.length,
    limit: RENDER_CONCURRENCY,
    peakRunning: state.peakRunning,
    dropped: state.dropped,
    refused: state.refused,
  };
}
