'use client';

import { createStore, get, update, type UseStore } from 'idb-keyval';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CalloutClient, TodayVisit } from '@/lib/dal/field';
import {
  checkOutOp,
  initialBoard,
  mergeStored,
  pendingFor,
  reduceBoard,
  wirePayload,
  type BoardEvent,
  type BoardState,
  type Loc,
  type QueuedOp,
} from '@/lib/field/offline-queue';
import type { ZoneClock } from '@/lib/time/clock';

let store: UseStore | null = null;
const queueStore = () => (store ??= createStore('sweetspot', 'field-queue'));

function locate(): Promise<Loc> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: false, timeout: 3000, maximumAge: 60_000 },
    );
  });
}

type Commit = (event: BoardEvent) => Promise<BoardState>;
type Read = (type: 'restored' | 'synced') => Promise<BoardState>;

/**
 * The board's state and its stored queue. Events are applied one at a time, each with its read or write of the
 * stored queue, so a queue read from storage is never older than a tap applied before it.
 */
function useBoardStore(key: string, initial: () => BoardState) {
  const [state, setState] = useState<BoardState>(initial);
  const current = useRef(state);
  const io = useRef<Promise<unknown>>(Promise.resolve());

  const inOrder = useCallback(<T>(task: () => Promise<T>): Promise<T> => {
    const next = io.current.then(task, task);
    io.current = next.catch(() => undefined);
    return next;
  }, []);

  const apply = useCallback((event: BoardEvent) => {
    const before = current.current;
    const after = reduceBoard(before, event);
    current.current = after;
    setState(after);
    return { before, after };
  }, []);

  /** Applies an event; a change of the queue is stored (merged with what another tab may have stored) before this resolves. */
  const commit: Commit = useCallback(
    (event: BoardEvent) =>
      inOrder(async () => {
        const { before, after } = apply(event);
        if (after.queue !== before.queue)
          await update<QueuedOp[]>(key, (stored) => mergeStored(stored ?? [], before.queue, after.queue), queueStore());
        return after;
      }),
    [apply, inOrder, key],
  );

  /** Reads the stored queue into the state (`restored` at start, `synced` before each send). */
  const read: Read = useCallback(
    (type: 'restored' | 'synced') => inOrder(async () => apply({ type, stored: (await get<QueuedOp[]>(key, queueStore())) ?? [] }).after),
    [apply, inOrder, key],
  );
  return { state, current, commit, read };
}

/** Sends the stored queue in order until it is empty, the server keeps an operation for a retry, or the network is gone. */
async function sendQueued(commit: Commit, read: Read) {
  for (;;) {
    const { queue } = await read('synced');
    const op = queue[0];
    if (!op) return;
    let res: Response;
    try {
      res = await fetch('/api/field', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(wirePayload(op)),
      });
    } catch {
      await commit({ type: 'unreachable' });
      return; // offline: keep everything queued, in order
    }
    const body: unknown = await res.json().catch(() => null);
    const after = await commit({ type: 'answered', op, status: res.status, body });
    if (after.queue.some((x) => x.opId === op.opId)) return; // kept for a retry
  }
}

/** One send at a time; a send asked for while one is running (e.g. the connection came back) gets its own pass right after. */
function useFlush(commit: Commit, read: Read) {
  const flushing = useRef(false);
  const again = useRef(false);
  return useCallback(async () => {
    if (flushing.current) {
      again.current = true;
      return;
    }
    flushing.current = true;
    void commit({ type: 'sending', sending: true });
    try {
      do {
        again.current = false;
        await sendQueued(commit, read);
      } while (again.current);
    } finally {
      flushing.current = false;
      void commit({ type: 'sending', sending: false });
    }
  }, [commit, read]);
}

/** Restores the stored queue at start, then sends it now, when the connection returns, and every 20 s. */
function useSending(commit: Commit, read: Read, flush: () => Promise<void>) {
  useEffect(() => {
    let alive = true;
    void read('restored').then(() => {
      if (alive) void flush();
    });
    const onOnline = () => {
      void commit({ type: 'connection', online: true });
      void flush();
    };
    const onOffline = () => void commit({ type: 'connection', online: false });
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const timer = window.setInterval(() => void flush(), 20_000);
    return () => {
      alive = false;
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.clearInterval(timer);
    };
  }, [commit, flush, read]);
}

/**
 * The offline queue of the Today page: taps are kept on the phone (IndexedDB) first, shown at once, and
 * sent in order now or when the connection returns (lib/field/offline-queue.ts decides what each answer does).
 */
export function useOfflineQueue({
  userId,
  visits,
  clients,
  clock,
  shareLocation,
}: {
  userId: number;
  visits: TodayVisit[];
  clients: CalloutClient[];
  clock: ZoneClock;
  shareLocation: boolean;
}) {
  const { state, current, commit, read } = useBoardStore(`ops:${userId}`, () => initialBoard(visits, clients));
  const flush = useFlush(commit, read);
  useSending(commit, read, flush);

  const enqueue = useCallback(
    async (op: QueuedOp) => {
      // The record is kept on the phone first; only then is the location looked up and the send tried.
      const after = await commit({ type: 'enqueue', op, clock });
      if (!after.queue.some((x) => x.opId === op.opId)) return; // refused on the phone
      if (shareLocation) {
        const location = await locate();
        if (location) await commit({ type: 'located', opId: op.opId, location });
      }
      await flush();
    },
    [clock, commit, flush, shareLocation],
  );

  return {
    ...state,
    pendingFor: (visitId: number) => pendingFor(state.queue, visitId),
    checkIn: (visitId: number) => void enqueue({ type: 'check_in', opId: crypto.randomUUID(), visitId, at: Date.now(), location: null }),
    checkOut: (visitId: number, at: number, summary: string, billableMinutes: number) =>
      void enqueue(checkOutOp(current.current.queue, visitId, crypto.randomUUID(), at, summary, billableMinutes)),
    startUnplanned: (clientId: number, clientName: string, notes: string) =>
      void enqueue({ type: 'start_unplanned', opId: crypto.randomUUID(), clientId, clientName, notes, at: Date.now(), location: null }),
  };
}
