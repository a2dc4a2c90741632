import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TodayVisit } from '@/lib/dal/field';
import { addDays, localToInstant, zoneClock } from '@/lib/time/zoned';
import {
  applyOp,
  checkOutOp,
  initialBoard,
  mergeStored,
  pendingFor,
  QUEUE_NOTICE,
  reduceBoard,
  tempId,
  UNPLANNED_NOTICE,
  wirePayload,
  type BoardEvent,
  type BoardState,
  type QueuedOp,
} from './offline-queue';

// A frozen day on a New York firm's clock: 15:21 local is 20:21 UTC on Tue Mar 10 2026 (EDT since Mar 8).
const ZONE = 'America/New_York';
const DAY = '2026-03-10';
const at = (hh: number, mm: number) => localToInstant(DAY, hh * 60 + mm, ZONE);
const clock = zoneClock(ZONE, localToInstant(addDays(DAY, -1), 0, ZONE), localToInstant(addDays(DAY, 3), 0, ZONE));

function visit(id: number, clientName: string, startsAt: number, over: Partial<TodayVisit> = {}): TodayVisit {
  return {
    id,
    clientId: id * 10,
    clientName,
    tier: 'micro',
    address: '',
    phone: '',
    contactName: '',
    notes: '',
    status: 'scheduled',
    startsAt,
    endsAt: startsAt + 3_600_000,
    travelMinutes: 0,
    checkedInAt: null,
    checkedInDay: null,
    checkedOutAt: null,
    summary: null,
    unplanned: false,
    ...over,
  };
}

const elm = visit(1, 'Elm Street Insurance', at(15, 0));
const jackson = visit(2, 'Jackson Realty', at(16, 30));
const board = () => initialBoard([elm, jackson]);
const run = (state: BoardState, ...events: BoardEvent[]) => events.reduce(reduceBoard, state);

const checkIn = (visitId: number, when: number): QueuedOp => ({ type: 'check_in', opId: randomUUID(), visitId, at: when, location: null });
const checkOut = (visitId: number, when: number): QueuedOp => ({
  type: 'check_out',
  opId: randomUUID(),
  visitId,
  at: when,
  location: null,
  summary: 'Fixed it',
  billableMinutes: 30,
});
const enqueue = (op: QueuedOp): BoardEvent => ({ type: 'enqueue', op, clock });
const ok = (op: QueuedOp, visitId: number, status: 'checked_in' | 'done' = 'checked_in'): BoardEvent => ({
  type: 'answered',
  op,
  status: 200,
  body: { ok: true, visitId, status, at: op.at },
});
const statusOf = (s: BoardState, id: number) => s.visits.find((v) => v.id === id)?.status;

const ELSEWHERE = 'You are checked in at Elm Street Insurance since 15:21 — check out first.';

describe('enqueue', () => {
  it('keeps the op, shows its effect at once and marks the visit pending', () => {
    const op = checkIn(elm.id, at(15, 21));
    const s = run(board(), enqueue(op));
    expect(s.queue).toEqual([op]);
    expect(s.visits.find((v) => v.id === elm.id)).toMatchObject({ status: 'checked_in', checkedInAt: at(15, 21) });
    expect(pendingFor(s.queue, elm.id)).toBe(true);
    expect(pendingFor(s.queue, jackson.id)).toBe(false);
  });

  it('counts an op id once, however often it is enqueued', () => {
    const op = checkIn(elm.id, at(15, 21));
    const once = run(board(), enqueue(op));
    expect(run(once, enqueue(op), enqueue({ ...op }))).toBe(once);
  });
});

describe('replay', () => {
  it('sends oldest first, as the server takes it, and each acknowledgement moves to the next', () => {
    const a = checkIn(elm.id, at(15, 21));
    const b = checkOut(elm.id, at(15, 50));
    const c = checkIn(jackson.id, at(16, 31));
    let s = run(board(), enqueue(a), enqueue(b), enqueue(c));
    expect(s.queue.map((o) => o.opId)).toEqual([a.opId, b.opId, c.opId]);
    expect(wirePayload(s.queue[0]!)).toEqual({ type: 'check_in', opId: a.opId, visitId: elm.id, at: a.at, location: null });
    s = run(s, ok(a, elm.id));
    expect(s.queue[0]).toBe(b);
    s = run(s, ok(b, elm.id, 'done'), ok(c, jackson.id));
    expect(s.queue).toEqual([]);
    expect([statusOf(s, elm.id), statusOf(s, jackson.id)]).toEqual(['done', 'checked_in']);
  });

  it('an answer to an op no longer queued (sent by another tab, or twice) changes nothing more', () => {
    const a = checkIn(elm.id, at(15, 21));
    const b = checkIn(jackson.id, at(16, 31));
    const once = run(board(), enqueue(a), ok(a, elm.id), { type: 'synced', stored: [b] });
    const twice = run(once, ok(a, elm.id), {
      type: 'answered',
      op: a,
      status: 409,
      body: { ok: false, conflict: true, code: 'already_checked_in', visitId: elm.id, message: 'Already checked in' },
    });
    expect(twice.queue).toEqual([b]);
    expect(twice.visits).toEqual(once.visits);
    expect(twice.notices).toEqual(once.notices);
  });

  it('gives a check-out of a visit started offline the real visit id once its start is acknowledged', () => {
    const start: QueuedOp = {
      type: 'start_unplanned',
      opId: randomUUID(),
      clientId: 7,
      at: at(15, 0),
      location: null,
      notes: 'Server down',
      clientName: 'Oak Park',
    };
    let s = run(initialBoard([]), enqueue(start));
    const temp = tempId(start.opId);
    expect(statusOf(s, temp)).toBe('checked_in');
    const out = checkOutOp(s.queue, temp, randomUUID(), at(15, 40), 'Rebooted', 30);
    expect(out).toMatchObject({ visitId: 0, afterOpId: start.opId });
    s = run(s, enqueue(out));
    expect(pendingFor(s.queue, temp)).toBe(true);
    s = run(s, ok(start, 99));
    expect(s.queue).toEqual([
      { type: 'check_out', opId: out.opId, visitId: 99, at: at(15, 40), location: null, summary: 'Rebooted', billableMinutes: 30 },
    ]);
    expect(s.visits.map((v) => [v.id, v.status])).toEqual([[99, 'done']]);
  });
});

describe('a call-out started on the phone', () => {
  const harbor = {
    value: '7',
    label: 'Harbor Holdings',
    tier: 'large' as const,
    address: '1 Harbor Way, Chicago',
    phone: '+1 312 555 0100',
    contactName: 'Hana Harbor',
  };
  const start: QueuedOp = {
    type: 'start_unplanned',
    opId: randomUUID(),
    clientId: 7,
    at: at(15, 0),
    location: null,
    notes: 'Server down',
    clientName: 'Harbor Holdings',
  };

  it('shows the client as its planned visits do: real tier and contact, before and after the server answers', () => {
    let s = run(initialBoard([elm], [harbor]), enqueue(start));
    const card = () => s.visits.find((v) => v.clientId === 7);
    expect(card()).toMatchObject({ tier: 'large', address: harbor.address, phone: harbor.phone, contactName: 'Hana Harbor' });
    expect(s.visits).toHaveLength(2); // the day's count follows
    s = run(s, ok(start, 99));
    expect(card()).toMatchObject({ id: 99, tier: 'large', phone: harbor.phone });
  });

  it('restored from an older page’s queue for a client not in the list, it shows no tier rather than a made-up one', () => {
    const s = run(initialBoard([]), { type: 'restored', stored: [start] });
    expect(s.visits[0]).toMatchObject({ clientName: 'Harbor Holdings', tier: null, phone: '' });
  });
});

describe('refusals and failures', () => {
  it('a refusal removes the op and shows its message on that visit', () => {
    const op = checkIn(elm.id, at(15, 21));
    const s = run(board(), enqueue(op), {
      type: 'answered',
      op,
      status: 404,
      body: { ok: false, code: 'not_found', message: 'That visit was not found.' },
    });
    expect(s.queue).toEqual([]);
    expect(s.notices).toEqual({ [elm.id]: 'That visit was not found.' });
  });

  it('the office cancelled the visit: known by the code, not by the words', () => {
    const op = checkIn(elm.id, at(15, 21));
    const answer = (body: object) =>
      run(board(), enqueue(op), { type: 'answered', op, status: 409, body: { ok: false, conflict: true, visitId: elm.id, ...body } });
    expect(statusOf(answer({ code: 'visit_cancelled', message: 'Gone.' }), elm.id)).toBe('cancelled');
    // The same words with another code (or none, as answers recorded by an earlier release) leave the visit as it was.
    expect(statusOf(answer({ message: 'This visit was cancelled by the office meanwhile' }), elm.id)).toBe('checked_in');
    expect(statusOf(answer({ code: 'already_checked_in', message: 'This visit was cancelled by the office meanwhile' }), elm.id)).toBe(
      'checked_in',
    );
  });

  it('no connection keeps the op, in order, and says offline', () => {
    const a = checkIn(elm.id, at(15, 21));
    const s = run(board(), enqueue(a), { type: 'unreachable' });
    expect(s.queue).toEqual([a]);
    expect(s.online).toBe(false);
    expect(statusOf(s, elm.id)).toBe('checked_in');
  });

  it('an ended session or a server error keeps the op for a retry, with a notice', () => {
    const a = checkIn(elm.id, at(15, 21));
    for (const [status, body] of [
      [401, { ok: false, code: 'session_ended', message: 'Your session has ended.' }],
      [500, { ok: false, code: 'server_error', message: 'Something went wrong.' }],
      [502, null], // a proxy's page, not JSON
    ] as const) {
      const s = run(board(), enqueue(a), { type: 'answered', op: a, status, body });
      expect(s.queue, String(status)).toEqual([a]);
      expect(s.notices[QUEUE_NOTICE], String(status)).toBe(body?.message ?? 'Could not send; will retry.');
    }
  });
});

describe('one open check-in per person', () => {
  it('a second check-in while one is open on the phone is refused there, with the server’s words, next to that visit', () => {
    const a = checkIn(elm.id, at(15, 21));
    const s = run(board(), enqueue(a), { type: 'unreachable' }, enqueue(checkIn(jackson.id, at(15, 40))));
    expect(s.queue).toEqual([a]);
    expect(statusOf(s, jackson.id)).toBe('scheduled');
    expect(s.notices).toEqual({ [jackson.id]: ELSEWHERE });
  });

  it('so is an on-the-spot start; once the open visit is checked out, the check-in is taken and the notice goes', () => {
    const a = checkIn(elm.id, at(15, 21));
    const start: QueuedOp = {
      type: 'start_unplanned',
      opId: randomUUID(),
      clientId: 7,
      at: at(15, 30),
      location: null,
      notes: '',
      clientName: 'Oak Park',
    };
    let s = run(board(), enqueue(a), enqueue(start), enqueue(checkIn(jackson.id, at(15, 31))));
    expect(s.notices).toEqual({ [UNPLANNED_NOTICE]: ELSEWHERE, [jackson.id]: ELSEWHERE });
    expect(s.visits).toHaveLength(2);
    const b = checkIn(jackson.id, at(16, 31));
    s = run(s, enqueue(checkOut(elm.id, at(16, 0))), enqueue(b));
    expect(s.queue.map((o) => o.type)).toEqual(['check_in', 'check_out', 'check_in']);
    expect(statusOf(s, jackson.id)).toBe('checked_in');
    expect(s.notices).toEqual({ [UNPLANNED_NOTICE]: ELSEWHERE });
  });

  it('names the day of a check-in left open from an earlier day', () => {
    const left = visit(3, 'Harbor Yoga', at(9, 0) - 86_400_000, {
      status: 'checked_in',
      checkedInAt: at(9, 5) - 86_400_000,
      checkedInDay: 'Mon Mar 9',
    });
    const s = run(initialBoard([left, jackson]), enqueue(checkIn(jackson.id, at(16, 31))));
    expect(s.notices[jackson.id]).toBe('You are checked in at Harbor Yoga since Mon Mar 9, 09:05 — check out first.');
  });

  it('refused by the server (checked in on another device), the check-in shown is undone and the message stays next to the card', () => {
    const b = checkIn(jackson.id, at(16, 31));
    const s = run(board(), enqueue(b), {
      type: 'answered',
      op: b,
      status: 409,
      body: { ok: false, conflict: true, code: 'checked_in_elsewhere', visitId: jackson.id, message: ELSEWHERE },
    });
    expect(s.queue).toEqual([]);
    expect(s.visits.find((v) => v.id === jackson.id)).toMatchObject({ status: 'scheduled', checkedInAt: null });
    expect(s.notices).toEqual({ [jackson.id]: ELSEWHERE });
  });

  it('a start refused by the server goes from the screen with what was queued on it', () => {
    const start: QueuedOp = {
      type: 'start_unplanned',
      opId: randomUUID(),
      clientId: 7,
      at: at(15, 30),
      location: null,
      notes: '',
      clientName: 'Oak Park',
    };
    let s = run(board(), enqueue(start));
    s = run(s, enqueue(checkOutOp(s.queue, tempId(start.opId), randomUUID(), at(15, 50), 'Done', 15)));
    s = run(s, {
      type: 'answered',
      op: start,
      status: 409,
      body: { ok: false, conflict: true, code: 'checked_in_elsewhere', message: ELSEWHERE },
    });
    expect(s.queue).toEqual([]);
    expect(s.visits.map((v) => v.id)).toEqual([elm.id, jackson.id]);
    expect(s.notices).toEqual({ [QUEUE_NOTICE]: ELSEWHERE });
  });
});

describe('what is stored on the phone', () => {
  it('is the queue as plain data, in the shape earlier releases stored, and a stored queue shows again at start', () => {
    const a = checkIn(elm.id, at(15, 21));
    const s = run(
      board(),
      enqueue(a),
      { type: 'located', opId: a.opId, location: { lat: 41.9, lng: -87.6, accuracy: 12 } },
      enqueue(checkOut(elm.id, at(15, 50))),
    );
    const stored = structuredClone(s.queue);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(stored.map((o) => Object.keys(o).sort())).toEqual([
      ['at', 'location', 'opId', 'type', 'visitId'],
      ['at', 'billableMinutes', 'location', 'opId', 'summary', 'type', 'visitId'],
    ]);
    expect(stored[0]!.location).toEqual({ lat: 41.9, lng: -87.6, accuracy: 12 });
    // A fresh page with the server's view (nothing sent yet) shows the stored ops as done, and pending.
    const again = run(board(), { type: 'restored', stored });
    expect(again.queue).toEqual(stored);
    expect(statusOf(again, elm.id)).toBe('done');
    expect(again.visits).toEqual(applyOp(applyOp(board().visits, stored[0]!), stored[1]!));
  });

  it('merges this tab’s change into what is stored now, keeping what another tab stored meanwhile', () => {
    const mine = checkIn(elm.id, at(15, 21));
    const theirs = checkIn(jackson.id, at(16, 31));
    const added = checkOut(elm.id, at(15, 50));
    expect(mergeStored([mine, theirs], [mine], [added])).toEqual([theirs, added]);
    expect(mergeStored([theirs], [], [mine])).toEqual([theirs, mine]);
    const located = { ...mine, location: { lat: 1, lng: 2, accuracy: 3 } };
    expect(mergeStored([mine, theirs], [mine], [located])).toEqual([located, theirs]);
  });
});
