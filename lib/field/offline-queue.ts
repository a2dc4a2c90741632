/**
 * The Today page's offline queue, as a pure reducer: what a tap queues, what
 * the screen shows meanwhile, and what each answer of POST /api/field does
 * (acknowledged, refused, or kept for a retry). No I/O here: the hook in
 * components/today/use-offline-queue.ts keeps the queue in IndexedDB, sends
 * it and feeds the answers back as events.
 *
 * The client decides by the answer's code and HTTP status, never by its
 * message, which is written for people.
 */
import type { CalloutClient, TodayVisit } from '@/lib/dal/field';
import type { FieldConflictCode } from '@/lib/validations/field';
import { clockLabel, type ZoneClock } from '@/lib/time/clock';
import { checkedInElsewhereMessage } from './messages';
import { HOUR_MS } from '@/lib/time/units';

export type Loc = { lat: number; lng: number; accuracy: number } | null;

/**
 * A queued action, as it is stored on the phone (IndexedDB, key `ops:<userId>`, an array oldest first).
 * Earlier releases stored this same shape: a queue saved before an update must still replay after it.
 * `afterOpId` ties a check-out to an on-the-spot start not yet acknowledged; `clientName` is for the screen only.
 */
export type QueuedOp =
  | { type: 'check_in'; opId: string; visitId: number; at: number; location: Loc }
  | {
      type: 'check_out';
      opId: string;
      visitId: number;
      at: number;
      location: Loc;
      summary: string;
      billableMinutes: number;
      afterOpId?: string;
    }
  | { type: 'start_unplanned'; opId: string; clientId: number; at: number; location: Loc; notes: string; clientName: string };

/** Notices are keyed by visit id, or by one of these. */
export const QUEUE_NOTICE = '_queue';
export const UNPLANNED_NOTICE = '_unplanned';

export type BoardState = {
  /** What the screen shows: the server's visits with every queued op already applied. */
  visits: TodayVisit[];
  /** Oldest first, as stored. */
  queue: QueuedOp[];
  notices: Record<string, string>;
  online: boolean;
  sending: boolean;
  /** The clients a call-out may be for, with their tier and contact: what a call-out's card shows before the server answers. */
  clients: CalloutClient[];
};

export type BoardEvent =
  /** The queue found on the phone at start: its ops are shown as done (and pending). */
  | { type: 'restored'; stored: QueuedOp[] }
  /** The queue as stored now (another tab of the same person may have added to it). */
  | { type: 'synced'; stored: QueuedOp[] }
  /** A tap. `clock` writes the time of a local refusal on the firm's clock. */
  | { type: 'enqueue'; op: QueuedOp; clock: ZoneClock }
  | { type: 'located'; opId: string; location: NonNullable<Loc> }
  | { type: 'sending'; sending: boolean }
  | { type: 'connection'; online: boolean }
  /** The send did not reach the server (no connection): everything stays queued, in order. */
  | { type: 'unreachable' }
  /** The server's answer to `op`: its HTTP status and parsed body (null when unreadable). */
  | { type: 'answered'; op: QueuedOp; status: number; body: unknown };

export function initialBoard(visits: TodayVisit[], clients: CalloutClient[] = []): BoardState {
  return { visits, queue: [], notices: {}, online: true, sending: false, clients };
}

// Temporary ids of visits started offline are negative, derived from the op id.
export const tempId = (opId: string) => -parseInt(opId.replace(/-/g, '').slice(0, 12), 16);

/** The op as POST /api/field takes it: without the queue's own fields. */
export function wirePayload(op: QueuedOp): Record<string, unknown> {
  if (op.type === 'start_unplanned') {
    const { clientName: _name, ...payload } = op;
    void _name;
    return payload;
  }
  if (op.type === 'check_out') {
    const { afterOpId: _after, ...payload } = op;
    void _after;
    return payload;
  }
  return { ...op };
}

/** Whether an op for this visit (or for the on-the-spot start that made it) waits on the phone. */
export function pendingFor(queue: QueuedOp[], visitId: number): boolean {
  return queue.some(
    (op) =>
      ('visitId' in op && op.visitId === visitId) ||
      (op.type === 'start_unplanned' && tempId(op.opId) === visitId) ||
      (op.type === 'check_out' && op.afterOpId !== undefined && tempId(op.afterOpId) === visitId),
  );
}

/** A check-out of a visit on screen; one started offline and not yet acknowledged is tied to its start. */
export function checkOutOp(
  queue: QueuedOp[],
  visitId: number,
  opId: string,
  at: number,
  summary: string,
  billableMinutes: number,
): QueuedOp {
  const start = queue.find((op) => op.type === 'start_unplanned' && tempId(op.opId) === visitId);
  return {
    type: 'check_out',
    opId,
    visitId: visitId > 0 ? visitId : 0,
    ...(start ? { afterOpId: start.opId } : {}),
    at,
    location: null,
    summary,
    billableMinutes,
  };
}

/**
 * A call-out's card as the server will show it: the client's real tier and contact from the page's client list.
 * A client missing from it (a queue kept from an older page) shows no tier rather than a made-up one.
 */
function calloutVisit(op: Extract<QueuedOp, { type: 'start_unplanned' }>, clients: CalloutClient[], id: number): TodayVisit {
  const client = clients.find((c) => c.value === String(op.clientId));
  return {
    id,
    clientId: op.clientId,
    clientName: client?.label ?? op.clientName,
    tier: client?.tier ?? null,
    address: client?.address ?? '',
    phone: client?.phone ?? '',
    contactName: client?.contactName ?? '',
    notes: op.notes,
    status: 'checked_in',
    startsAt: op.at,
    endsAt: op.at + HOUR_MS,
    travelMinutes: 0,
    checkedInAt: op.at,
    checkedInDay: null,
    checkedOutAt: null,
    summary: null,
    unplanned: true,
  };
}

/** What an acknowledged or queued op does to the visits on screen (`clients`: the call-out client list, for a start). */
export function applyOp(visits: TodayVisit[], op: QueuedOp, serverVisitId?: number, clients: CalloutClient[] = []): TodayVisit[] {
  if (op.type === 'start_unplanned') {
    if (visits.some((v) => v.id === serverVisitId || v.id === tempId(op.opId))) {
      return visits.map((v) => (v.id === tempId(op.opId) && serverVisitId ? { ...v, id: serverVisitId } : v));
    }
    return [...visits, calloutVisit(op, clients, serverVisitId ?? tempId(op.opId))];
  }
  return visits.map((v) => {
    if (v.id !== op.visitId && !(op.type === 'check_out' && op.afterOpId && v.id === tempId(op.afterOpId))) return v;
    if (op.type === 'check_in')
      return v.status === 'scheduled' ? { ...v, status: 'checked_in', checkedInAt: op.at, checkedInDay: null } : v;
    return v.status === 'checked_in' ? { ...v, status: 'done', checkedOutAt: op.at, summary: op.summary } : v;
  });
}

/** The refusal of a second open check-in, worded as the server words it; null when none is open on screen. */
function refusedLocally(visits: TodayVisit[], op: QueuedOp, clock: ZoneClock): string | null {
  if (op.type === 'check_out') return null;
  const open = visits.find((v) => v.status === 'checked_in' && !(op.type === 'check_in' && v.id === op.visitId));
  if (!open) return null;
  const time = clockLabel(clock, open.checkedInAt ?? open.startsAt);
  return checkedInElsewhereMessage(open.clientName, open.checkedInDay ? `${open.checkedInDay}, ${time}` : time);
}

const noticeKey = (op: QueuedOp) => (op.type === 'start_unplanned' ? UNPLANNED_NOTICE : String(op.visitId));

function without(notices: Record<string, string>, ...keys: string[]): Record<string, string> {
  if (!keys.some((k) => k in notices)) return notices;
  const next = { ...notices };
  for (const k of keys) delete next[k];
  return next;
}

type Answer = { ok?: unknown; code?: unknown; message?: unknown; visitId?: unknown };
const asAnswer = (body: unknown): Answer => (body && typeof body === 'object' ? (body as Answer) : {});

/** The session ended, or the server failed: the op stays queued and is sent again later. */
const isRetry = (status: number, code: unknown) => status === 401 || status >= 500 || code === 'session_ended' || code === 'server_error';

export function reduceBoard(state: BoardState, event: BoardEvent): BoardState {
  switch (event.type) {
    case 'restored': {
      const known = new Set(state.queue.map((op) => op.opId));
      const found = event.stored.filter((op) => !known.has(op.opId));
      return {
        ...state,
        queue: [...event.stored, ...state.queue.filter((op) => !event.stored.some((x) => x.opId === op.opId))],
        visits: found.reduce((acc, op) => applyOp(acc, op, undefined, state.clients), state.visits),
      };
    }
    case 'synced':
      return { ...state, queue: event.stored };
    case 'enqueue': {
      const { op } = event;
      // The same op id twice (a double tap that reached here twice) is one op.
      if (state.queue.some((x) => x.opId === op.opId)) return state;
      const refusal = refusedLocally(state.visits, op, event.clock);
      if (refusal) return { ...state, notices: { ...state.notices, [noticeKey(op)]: refusal } };
      return {
        ...state,
        queue: [...state.queue, op],
        visits: applyOp(state.visits, op, undefined, state.clients),
        notices: without(state.notices, noticeKey(op)),
      };
    }
    case 'located':
      return { ...state, queue: state.queue.map((x) => (x.opId === event.opId ? { ...x, location: event.location } : x)) };
    case 'sending':
      return { ...state, sending: event.sending };
    case 'connection':
      return { ...state, online: event.online };
    case 'unreachable':
      return { ...state, online: false };
    case 'answered':
      return answered(state, event.op, event.status, asAnswer(event.body));
  }
}

function answered(state: BoardState, op: QueuedOp, status: number, body: Answer): BoardState {
  const message = typeof body.message === 'string' ? body.message : null;
  if (isRetry(status, body.code))
    return { ...state, online: true, notices: { ...state.notices, [QUEUE_NOTICE]: message ?? 'Could not send; will retry.' } };
  // An answer to an op no longer queued (another tab sent it first) was already taken into account.
  if (!state.queue.some((x) => x.opId === op.opId)) return { ...state, online: true };
  let queue = state.queue.filter((x) => x.opId !== op.opId);
  const visitId = typeof body.visitId === 'number' ? body.visitId : undefined;

  if (body.ok === true && visitId !== undefined) {
    if (op.type === 'start_unplanned') {
      // Later actions on the visit started offline now know its real id.
      queue = queue.map((x) => {
        if (x.type !== 'check_out' || x.afterOpId !== op.opId) return x;
        const { afterOpId: _after, ...rest } = x;
        void _after;
        return { ...rest, visitId };
      });
    }
    return {
      ...state,
      online: true,
      queue,
      visits: applyOp(state.visits, op, visitId, state.clients),
      notices: without(state.notices, String(visitId), QUEUE_NOTICE),
    };
  }

  // A conflict or a refusal is shown, never silently dropped.
  const key = visitId !== undefined ? String(visitId) : 'visitId' in op ? String(op.visitId) : QUEUE_NOTICE;
  const notices = { ...state.notices, [key]: message ?? 'The server refused this action.' };
  let visits = state.visits;
  const code = body.code as FieldConflictCode | undefined;
  if (code === 'visit_cancelled' && visitId !== undefined) {
    visits = visits.map((v) => (v.id === visitId ? { ...v, status: 'cancelled' } : v));
  } else if (code === 'checked_in_elsewhere') {
    // The check-in shown on screen did not happen: undo it.
    if (op.type === 'check_in') {
      visits = visits.map((v) =>
        v.id === op.visitId && v.status === 'checked_in' && v.checkedInAt === op.at
          ? { ...v, status: 'scheduled', checkedInAt: null, checkedInDay: null }
          : v,
      );
    } else if (op.type === 'start_unplanned') {
      visits = visits.filter((v) => v.id !== tempId(op.opId));
      // Nothing can be done on a visit that was never started.
      queue = queue.filter((x) => !(x.type === 'check_out' && x.afterOpId === op.opId));
    }
  }
  return { ...state, online: true, queue, visits, notices };
}

/**
 * The queue to store after this tab changed it from `before` to `after`, merged into what is stored now:
 * what this tab removed goes, what it added is appended, what it changed is replaced, and ops another tab
 * stored meanwhile are kept in their place.
 */
export function mergeStored(stored: QueuedOp[], before: QueuedOp[], after: QueuedOp[]): QueuedOp[] {
  const now = new Map(after.map((op) => [op.opId, op]));
  const removed = new Set(before.filter((op) => !now.has(op.opId)).map((op) => op.opId));
  const kept = stored.filter((op) => !removed.has(op.opId)).map((op) => now.get(op.opId) ?? op);
  const present = new Set(kept.map((op) => op.opId));
  return [...kept, ...after.filter((op) => !present.has(op.opId))];
}
