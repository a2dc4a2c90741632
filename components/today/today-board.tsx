'use client';

import { createStore, get, set, type UseStore } from 'idb-keyval';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TierBadge } from '@/components/clients/tier-badge';
import type { TodayDTO, TodayVisit } from '@/lib/dal/field';
import type { FieldOpResponse } from '@/lib/validations/field';
import { clockTime, minuteOfDay, type ZoneClock } from '@/lib/zone-clock';

type Loc = { lat: number; lng: number; accuracy: number } | null;

/** A queued action. `afterOpId` ties a check-out to an on-the-spot start not yet acknowledged. */
type QueuedOp =
  | { type: 'check_in'; opId: string; visitId: number; at: number; location: Loc }
  | { type: 'check_out'; opId: string; visitId: number; at: number; location: Loc; summary: string; billableMinutes: number; afterOpId?: string }
  | { type: 'start_unplanned'; opId: string; clientId: number; at: number; location: Loc; notes: string; clientName: string };

let store: UseStore | null = null;
const queueStore = () => (store ??= createStore('sweetspot', 'field-queue'));

const btn = 'inline-flex min-h-12 w-full items-center justify-center rounded-lg px-4 py-3 text-lg font-semibold disabled:opacity-60 sm:w-auto';

function locate(enabled: boolean): Promise<Loc> {
  if (!enabled || typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: false, timeout: 3000, maximumAge: 60_000 },
    );
  });
}

/** What an acknowledged or queued action does to the visits on screen. */
function applyOp(visits: TodayVisit[], op: QueuedOp, serverVisitId?: number): TodayVisit[] {
  if (op.type === 'start_unplanned') {
    if (visits.some((v) => v.id === serverVisitId || v.id === tempId(op.opId))) {
      return visits.map((v) => (v.id === tempId(op.opId) && serverVisitId ? { ...v, id: serverVisitId } : v));
    }
    return [
      ...visits,
      {
        id: serverVisitId ?? tempId(op.opId),
        clientId: op.clientId,
        clientName: op.clientName,
        tier: 'micro',
        address: '',
        phone: '',
        contactName: '',
        notes: op.notes,
        status: 'checked_in',
        startsAt: op.at,
        endsAt: op.at + 3_600_000,
        travelMinutes: 0,
        checkedInAt: op.at,
        checkedOutAt: null,
        summary: null,
        unplanned: true,
      },
    ];
  }
  return visits.map((v) => {
    if (v.id !== op.visitId && !(op.type === 'check_out' && op.afterOpId && v.id === tempId(op.afterOpId))) return v;
    if (op.type === 'check_in') return v.status === 'scheduled' ? { ...v, status: 'checked_in', checkedInAt: op.at } : v;
    return v.status === 'checked_in' ? { ...v, status: 'done', checkedOutAt: op.at, summary: op.summary } : v;
  });
}

// Temporary ids of visits started offline are negative, derived from the op id.
const tempId = (opId: string) => -parseInt(opId.replace(/-/g, '').slice(0, 12), 16);

export function TodayBoard({ data, userId }: { data: TodayDTO; userId: number }) {
  const key = `ops:${userId}`;
  const [visits, setVisits] = useState<TodayVisit[]>(data.visits);
  const [queue, setQueue] = useState<QueuedOp[]>([]);
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [online, setOnline] = useState(true);
  const [sending, setSending] = useState(false);
  const flushing = useRef(false);
  // A send asked for while one is running (e.g. the connection came back while a send was failing) gets its own pass right after.
  const again = useRef(false);
  const fmt = (t: number) => clockTime(data.clock, t);

  const load = useCallback(async () => (await get<QueuedOp[]>(key, queueStore())) ?? [], [key]);
  const save = useCallback(async (ops: QueuedOp[]) => {
    await set(key, ops, queueStore());
    setQueue(ops);
  }, [key]);

  const flush = useCallback(async () => {
    if (flushing.current) {
      again.current = true;
      return;
    }
    flushing.current = true;
    setSending(true);
    try {
      do {
        again.current = false;
        await sendQueued();
      } while (again.current);
    } finally {
      flushing.current = false;
      setSending(false);
    }

    async function sendQueued() {
      for (;;) {
        const ops = await load();
        const op = ops[0];
        if (!op) break;
        const { afterOpId: _after, ...payload } = op as QueuedOp & { afterOpId?: string };
        void _after;
        if ('clientName' in payload) delete (payload as { clientName?: string }).clientName;
        let res: Response;
        try {
          res = await fetch('/api/field', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
        } catch {
          setOnline(false);
          break; // offline: keep everything queued, in order
        }
        setOnline(true);
        if (res.status === 401 || res.status >= 500) {
          const body = (await res.json().catch(() => ({}))) as { message?: string };
          setNotices((n) => ({ ...n, _queue: body.message ?? 'Could not send; will retry.' }));
          break;
        }
        const body = (await res.json().catch(() => ({ ok: false, message: 'Unreadable answer.' }))) as FieldOpResponse | { ok: false; message: string };
        let rest = (await load()).filter((x) => x.opId !== op.opId);
        if (body.ok) {
          if (op.type === 'start_unplanned') {
            // Later actions on the visit started offline now know its real id.
            rest = rest.map((x) => (x.type === 'check_out' && x.afterOpId === op.opId ? { ...x, visitId: body.visitId, afterOpId: undefined } : x));
          }
          setVisits((vs) => applyOp(vs, op, body.visitId));
          setNotices((n) => {
            const { [String(body.visitId)]: _drop, _queue: _q, ...others } = n;
            void _drop;
            void _q;
            return others;
          });
        } else {
          // A conflict or a refusal is shown, never silently dropped.
          const visitKey = 'visitId' in body && body.visitId ? String(body.visitId) : 'visitId' in op ? String(op.visitId) : '_queue';
          setNotices((n) => ({ ...n, [visitKey]: body.message }));
          if ('conflict' in body && body.conflict && body.visitId) {
            const status = body.message.startsWith('This visit was cancelled') ? 'cancelled' : undefined;
            if (status) setVisits((vs) => vs.map((v) => (v.id === body.visitId ? { ...v, status } : v)));
          }
        }
        await save(rest);
      }
    }
  }, [load, save]);

  useEffect(() => {
    let alive = true;
    void load().then((ops) => {
      if (!alive) return;
      setQueue(ops);
      setVisits((vs) => ops.reduce((acc, op) => applyOp(acc, op), vs));
      void flush();
    });
    const onOnline = () => {
      setOnline(true);
      void flush();
    };
    const onOffline = () => setOnline(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const timer = window.setInterval(() => void flush(), 20_000);
    return () => {
      alive = false;
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.clearInterval(timer);
    };
  }, [flush, load]);

  const enqueue = async (op: QueuedOp) => {
    // The record is kept on the phone first; only then is the location looked up and the send tried.
    await save([...(await load()), op]);
    setVisits((vs) => applyOp(vs, op));
    if (data.shareLocation) {
      const location = await locate(true);
      if (location) await save((await load()).map((x) => (x.opId === op.opId ? { ...x, location } : x)));
    }
    await flush();
  };

  const pendingFor = (visitId: number) => queue.some((op) => ('visitId' in op && op.visitId === visitId) || (op.type === 'start_unplanned' && tempId(op.opId) === visitId) || (op.type === 'check_out' && op.afterOpId && tempId(op.afterOpId) === visitId));

  type Entry = { kind: 'visit'; at: number; visit: TodayVisit } | { kind: 'appointment' | 'block'; at: number; end: number; title: string; detail: string };
  const entries: Entry[] = [
    ...visits.map((visit) => ({ kind: 'visit' as const, at: visit.startsAt, visit })),
    ...data.appointments.map((a) => ({ kind: 'appointment' as const, at: a.startsAt, end: a.endsAt, title: a.title, detail: a.client ?? '' })),
    ...data.blocks.map((b) => ({ kind: 'block' as const, at: b.startsAt, end: b.endsAt, title: b.name, detail: b.skipped ? `Skipped: ${b.skipped}` : 'Protected marketing time' })),
  ].sort((x, y) => x.at - y.at);

  return (
    <div className="space-y-4">
      <div aria-live="polite" data-testid="queue-status">
        {queue.length ? (
          <p className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 font-medium text-amber-900">
            {online && sending
              ? `Sending ${queue.length} action${queue.length === 1 ? '' : 's'}…`
              : `${online ? 'Waiting to send' : 'Offline'}: ${queue.length} action${queue.length === 1 ? '' : 's'} saved on this phone, sent when the connection returns.`}
          </p>
        ) : null}
        {notices._queue ? <p className="mt-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-900">{notices._queue}</p> : null}
      </div>
      {entries.length === 0 ? <p className="rounded-xl border border-slate-200 bg-white p-4 text-slate-700">Nothing on your schedule today.</p> : null}
      <ol className="space-y-3">
        {entries.map((e) =>
          e.kind === 'visit' ? (
            <VisitCard
              key={`v${e.visit.id}`}
              visit={e.visit}
              pending={pendingFor(e.visit.id)}
              notice={notices[String(e.visit.id)]}
              increment={data.billingIncrementMinutes}
              clock={data.clock}
              onCheckIn={() => void enqueue({ type: 'check_in', opId: crypto.randomUUID(), visitId: e.visit.id, at: Date.now(), location: null })}
              onCheckOut={(at, summary, billableMinutes) => {
                const start = queue.find((op) => op.type === 'start_unplanned' && tempId(op.opId) === e.visit.id);
                void enqueue({ type: 'check_out', opId: crypto.randomUUID(), visitId: e.visit.id > 0 ? e.visit.id : 0, afterOpId: start?.opId, at, location: null, summary, billableMinutes });
              }}
            />
          ) : (
            <li key={`${e.kind}${e.at}${e.title}`} className={`rounded-xl border-l-4 p-4 ${e.kind === 'block' ? 'border-violet-500 bg-violet-50' : 'border-sky-500 bg-sky-50'}`} data-testid={`today-${e.kind}`}>
              <p className="font-semibold tabular-nums">
                {fmt(e.at)}–{fmt(e.end)} {e.kind === 'block' ? <span className="ml-1 rounded bg-violet-700 px-1.5 text-xs uppercase text-white">Protected</span> : <span className="ml-1 rounded bg-sky-700 px-1.5 text-xs uppercase text-white">Busy</span>}
              </p>
              <p className="text-lg">{e.title}</p>
              <p className="text-sm text-slate-700">{e.detail}</p>
            </li>
          ),
        )}
      </ol>
      <UnplannedStart clients={data.clients} onStart={(clientId, clientName, notes) => void enqueue({ type: 'start_unplanned', opId: crypto.randomUUID(), clientId, clientName, notes, at: Date.now(), location: null })} />
    </div>
  );
}

function VisitCard({
  visit,
  pending,
  notice,
  increment,
  clock,
  onCheckIn,
  onCheckOut,
}: {
  visit: TodayVisit;
  clock: ZoneClock;
  pending: boolean;
  notice?: string;
  increment: number;
  onCheckIn: () => void;
  onCheckOut: (at: number, summary: string, billableMinutes: number) => void;
}) {
  const [closing, setClosing] = useState(false);
  const fmt = (t: number) => clockTime(clock, t);
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="today-visit" data-visit-id={visit.id} data-status={visit.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-lg font-semibold tabular-nums">
          {fmt(visit.startsAt)}–{fmt(visit.endsAt)}
        </p>
        <p className="flex items-center gap-2 text-sm">
          <TierBadge tier={visit.tier} />
          <span className="font-medium" data-testid="visit-status">
            {visit.status === 'scheduled' ? 'Scheduled' : visit.status === 'checked_in' ? `Checked in ${visit.checkedInAt ? fmt(visit.checkedInAt) : ''}` : visit.status === 'done' ? `Done ${visit.checkedOutAt ? fmt(visit.checkedOutAt) : ''}` : 'Cancelled'}
          </span>
        </p>
      </div>
      <h2 className="mt-1 text-xl font-semibold">{visit.clientName}</h2>
      {visit.contactName ? <p className="text-slate-700">{visit.contactName}</p> : null}
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
        {visit.address ? (
          <a className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2" href={`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(visit.address)}`} target="_blank" rel="noreferrer">
            {visit.address}
          </a>
        ) : null}
        {visit.phone ? (
          <a className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2" href={`tel:${visit.phone.replace(/[^+\d]/g, '')}`}>
            Call {visit.phone}
          </a>
        ) : null}
      </div>
      {visit.notes ? <p className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-slate-800">{visit.notes}</p> : null}
      {pending ? (
        <p className="mt-2 text-sm font-medium text-amber-800" data-testid="pending">
          Pending — saved on this phone
        </p>
      ) : null}
      {notice ? (
        <p role="alert" className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-sm font-medium text-red-900">
          {notice}
        </p>
      ) : null}
      <div className="mt-3">
        {visit.status === 'scheduled' ? (
          <button type="button" onClick={onCheckIn} className={`${btn} bg-brand-700 text-white hover:bg-brand-800`}>
            Check in
          </button>
        ) : null}
        {visit.status === 'checked_in' && !closing ? (
          <button type="button" onClick={() => setClosing(true)} className={`${btn} bg-slate-900 text-white hover:bg-slate-800`}>
            Check out…
          </button>
        ) : null}
        {visit.status === 'checked_in' && closing ? (
          <CheckOutForm
            checkedInAt={visit.checkedInAt ?? visit.startsAt}
            increment={increment}
            clock={clock}
            onCancel={() => setClosing(false)}
            onSave={(at, summary, minutes) => {
              setClosing(false);
              onCheckOut(at, summary, minutes);
            }}
          />
        ) : null}
        {visit.status === 'done' && visit.summary ? <p className="text-sm text-slate-700">Summary: {visit.summary}</p> : null}
      </div>
    </li>
  );
}

function CheckOutForm({ checkedInAt, increment, clock, onCancel, onSave }: { checkedInAt: number; increment: number; clock: ZoneClock; onCancel: () => void; onSave: (at: number, summary: string, minutes: number) => void }) {
  const [end, setEnd] = useState(() => clockTime(clock, Date.now()));
  // Untouched, "finished at" means the moment of the tap (to the millisecond), not the minute shown.
  const [endEdited, setEndEdited] = useState(false);
  const [summary, setSummary] = useState('');
  const [touched, setTouched] = useState(false);
  const [minutes, setMinutes] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const endAtFor = (now: number) => {
    if (!endEdited) return now;
    // The typed time is on the firm's clock, today: step back from now by the difference.
    const [h, m] = end.split(':').map(Number);
    const typed = (h ?? 0) * 60 + (m ?? 0);
    const nowMinute = minuteOfDay(clock, now); // the firm's wall clock (the phone may be set to another zone)
    return Math.min(now - (nowMinute - typed) * 60_000 - (now % 60_000), now);
  };
  const [openedAt] = useState(() => Date.now());
  const endAt = endAtFor(openedAt);
  // Proposed billable time: the time on site, rounded up to the firm's billing increment.
  const proposed = Math.max(increment, Math.ceil((endAt - checkedInAt) / 60_000 / increment) * increment);
  const shown = minutes ?? String(proposed);
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!summary.trim()) errs.summary = 'Write a short summary of the work.';
    if (!/^\d+$/.test(shown) || Number(shown) > 1440) errs.minutes = 'Enter billable minutes as a whole number up to 1440.';
    const at = endAtFor(Date.now());
    if (at <= checkedInAt) errs.end = 'The end must be after the check-in.';
    setError(errs);
    setTouched(true);
    if (Object.keys(errs).length === 0) onSave(at, summary.trim(), Number(shown));
  };
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <div>
        <label htmlFor="summary" className="block font-medium">
          Work summary
        </label>
        <textarea id="summary" value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base" aria-invalid={touched && error.summary ? true : undefined} aria-describedby="summary-error" />
        <p id="summary-error" className="text-sm font-medium text-red-700">
          {touched ? error.summary : ''}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor="end" className="block font-medium">
            Finished at
          </label>
          <input id="end" type="time" value={end} onChange={(e) => { setEnd(e.target.value); setEndEdited(true); }} className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base" aria-describedby="end-hint end-error" />
          <p id="end-hint" className="text-xs text-slate-600">
            Forgot to check out? Set the real end.
          </p>
          <p id="end-error" className="text-sm font-medium text-red-700">
            {touched ? error.end : ''}
          </p>
        </div>
        <div>
          <label htmlFor="minutes" className="block font-medium">
            Billable minutes
          </label>
          <input id="minutes" inputMode="numeric" value={shown} onChange={(e) => setMinutes(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base" aria-describedby="minutes-hint minutes-error" />
          <p id="minutes-hint" className="text-xs text-slate-600">
            Rounded up to {increment} min.
          </p>
          <p id="minutes-error" className="text-sm font-medium text-red-700">
            {touched ? error.minutes : ''}
          </p>
        </div>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" className={`${btn} bg-slate-900 text-white hover:bg-slate-800`}>
          Check out
        </button>
        <button type="button" onClick={onCancel} className={`${btn} border border-slate-300 bg-white`}>
          Not yet
        </button>
      </div>
    </form>
  );
}

function UnplannedStart({ clients, onStart }: { clients: { value: string; label: string }[]; onStart: (clientId: number, clientName: string, notes: string) => void }) {
  const [clientId, setClientId] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState('');
  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="min-h-11 cursor-pointer py-2 font-semibold">Start unplanned work (a call-out)</summary>
      <form
        className="mt-2 space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const client = clients.find((c) => c.value === clientId);
          if (!client) return setError('Choose a client.');
          setError('');
          onStart(Number(client.value), client.label, notes.trim());
          setClientId('');
          setNotes('');
        }}
      >
        <div>
          <label htmlFor="unplanned-client" className="block font-medium">
            Client
          </label>
          <select id="unplanned-client" value={clientId} onChange={(e) => setClientId(e.target.value)} className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white p-2 text-base" aria-describedby="unplanned-error">
            <option value="">Choose a client…</option>
            {clients.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <p id="unplanned-error" className="text-sm font-medium text-red-700" role={error ? 'alert' : undefined}>
            {error}
          </p>
        </div>
        <div>
          <label htmlFor="unplanned-notes" className="block font-medium">
            What is wrong (optional)
          </label>
          <input id="unplanned-notes" value={notes} onChange={(e) => setNotes(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base" />
        </div>
        <button type="submit" className={`${btn} bg-brand-700 text-white hover:bg-brand-800`}>
          Start and check in
        </button>
      </form>
    </details>
  );
}
