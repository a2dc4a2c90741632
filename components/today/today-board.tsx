'use client';

import type { TodayDTO } from '@/lib/dal/field';
import { QUEUE_NOTICE, UNPLANNED_NOTICE } from '@/lib/field/offline-queue';
import { shownTimes } from '@/lib/field/visit-times';
import { PageHeader } from '@/components/ui/page-header';
import { todayDescription } from './styles';
import { clockLabel } from '@/lib/time/clock';
import { UnplannedStart } from './unplanned-start';
import { useOfflineQueue } from './use-offline-queue';
import { VisitCard } from './visit-card';

type Entry =
  | { kind: 'visit'; at: number; visit: TodayDTO['visits'][number] }
  | { kind: 'appointment' | 'block'; at: number; end: number; title: string; detail: string };

/** Visits (at the time their card shows), appointments and protected blocks, in order. */
function dayEntries(visits: TodayDTO['visits'], data: TodayDTO): Entry[] {
  return [
    ...visits.map((visit) => ({ kind: 'visit' as const, at: shownTimes(visit).from, visit })),
    ...data.appointments.map((a) => ({
      kind: 'appointment' as const,
      at: a.startsAt,
      end: a.endsAt,
      title: a.title,
      detail: a.client ?? '',
    })),
    ...data.blocks.map((b) => ({
      kind: 'block' as const,
      at: b.startsAt,
      end: b.endsAt,
      title: b.name,
      detail: b.skipped ? `Skipped: ${b.skipped}` : 'Protected marketing time',
    })),
  ].sort((x, y) => x.at - y.at);
}

export function TodayBoard({ data, userId, dayLabel }: { data: TodayDTO; userId: number; dayLabel: string }) {
  const board = useOfflineQueue({
    userId,
    visits: data.visits,
    clients: data.clients,
    clock: data.clock,
    shareLocation: data.shareLocation,
  });
  const { queue, notices, online, sending } = board;
  const fmt = (t: number) => clockLabel(data.clock, t);

  const entries = dayEntries(board.visits, data);

  return (
    <>
      {/* In the board, not the page: its count follows the board, so a call-out started here counts at once. */}
      <PageHeader title="Today" description={todayDescription(dayLabel, board.visits.length)} />
      <div className="space-y-4">
        <div aria-live="polite" data-testid="queue-status">
          {queue.length ? (
            <p className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 font-medium text-amber-900">
              {online && sending
                ? `Sending ${queue.length} action${queue.length === 1 ? '' : 's'}…`
                : `${online ? 'Waiting to send' : 'Offline'}: ${queue.length} action${queue.length === 1 ? '' : 's'} saved on this phone, sent when the connection returns.`}
            </p>
          ) : null}
          {notices[QUEUE_NOTICE] ? (
            <p className="mt-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-900">{notices[QUEUE_NOTICE]}</p>
          ) : null}
        </div>
        {entries.length === 0 ? (
          <p className="rounded-xl border border-slate-200 bg-white p-4 text-slate-700">Nothing on your schedule today.</p>
        ) : null}
        <ol className="space-y-3">
          {entries.map((e) =>
            e.kind === 'visit' ? (
              <VisitCard
                key={`v${e.visit.id}`}
                visit={e.visit}
                pending={board.pendingFor(e.visit.id)}
                notice={notices[String(e.visit.id)]}
                increment={data.billingIncrementMinutes}
                clock={data.clock}
                onCheckIn={() => board.checkIn(e.visit.id)}
                onCheckOut={(at, summary, billableMinutes) => board.checkOut(e.visit.id, at, summary, billableMinutes)}
              />
            ) : (
              <li
                key={`${e.kind}${e.at}${e.title}`}
                className={`rounded-xl border-l-4 p-4 ${e.kind === 'block' ? 'border-violet-500 bg-violet-50' : 'border-sky-500 bg-sky-50'}`}
                data-testid={`today-${e.kind}`}
              >
                <p className="font-semibold tabular-nums">
                  {fmt(e.at)}–{fmt(e.end)}{' '}
                  {e.kind === 'block' ? (
                    <span className="ml-1 rounded bg-violet-700 px-1.5 text-xs uppercase text-white">Protected</span>
                  ) : (
                    <span className="ml-1 rounded bg-sky-700 px-1.5 text-xs uppercase text-white">Busy</span>
                  )}
                </p>
                <p className="text-lg">{e.title}</p>
                <p className="text-sm text-slate-700">{e.detail}</p>
              </li>
            ),
          )}
        </ol>
        <UnplannedStart clients={data.clients} notice={notices[UNPLANNED_NOTICE]} onStart={board.startUnplanned} />
      </div>
    </>
  );
}
