import type { Tier, VisitStatus } from '@/db/schema';
import { solve, type Instance, type Placement, type Window } from '@/lib/scheduler';
import { addDays, fromWallClock, instantToLocal, localToInstant, mondayOf, today, wallClock, type LocalDate } from '@/lib/time/zoned';
import { dayOff, expandBlocks, type BlockException, type BlockRule, type DaysOff } from '@/lib/time/recurrence';
import { dayLabel, dayRangeLabel, formatMinute, timeRangeLabel, type HourClock } from '@/lib/time/format';
import { DAY_MS, MINUTES_PER_DAY, MINUTE_MS } from '@/lib/time/units';
import { formatMoney } from '@/lib/format';
import { explainUnplaced, qualityLine, unplacedKind, type Quality, type UnplacedContext } from './preview-words';
import { reserveBlocks, type KeptForMarketing } from './marketing-reserve';

/**
 * The auto-scheduler's pure half: from the firm's rows, read by
 * lib/dal/auto-schedule.ts on the request thread, to a preview. It runs in a
 * worker thread (lib/jobs): expanding the marketing rules, building the
 * engine's instance, the search itself (up to its 1.5-s budget) and turning
 * a thousand placements into readable proposals are all CPU work.
 */

/** `was` is the visit's start when the preview was made (null when open): accepting requires it unchanged. */
export type Proposal = {
  visitId: number;
  userId: number;
  startsAt: number;
  was: number | null;
  endsAt: number;
  clientName: string;
  personName: string;
  when: string;
  moved: boolean;
  /** A micro visit's true cost before it is accepted: "about $215 billed, 20 min travel each way". */
  cost?: string;
};
export type Preview = {
  proposals: Proposal[];
  /** `noHours`: the people it could go to who have no working hours yet (the page links to setting them). */
  unplaced: { visitId: number; clientName: string; reason: string; noHours?: { id: number; name: string }[] }[];
  from: LocalDate;
  to: LocalDate;
  /** The days planned, as people read them: "Tue Dec 1 – Mon Dec 14". */
  span: string;
  /** The engine's figures and the line a person reads: "Placed 231 of 247 priority points; at most 2% below the best possible." */
  quality: Quality & { line: string };
  /** Free time kept for owed marketing, which nothing was placed in: "Ana: Fri Dec 11, 13:00 – 17:00". */
  keptForMarketing?: string[];
  millis: number;
};

/** The local dates [from, to] the scheduler fills, and their instants [a, b) in the firm's zone. */
export type Horizon = { from: LocalDate; to: LocalDate; a: number; b: number };

export function autoScheduleHorizon(zone: string, weeks: number, now: number): Horizon {
  const from = today(zone, now);
  const to = addDays(from, weeks * 7 - 1);
  return { from, to, a: localToInstant(from, 0, zone), b: localToInstant(addDays(to, 1), 0, zone) };
}

/** A person who can take visits, with working hours as [weekday, [start, end) minutes][]. */
export type PlanPerson = { id: number; name: string; microCapMinutesPerWeek: number | null; hours: [number, [number, number][]][] };
export type PlanVisit = {
  id: number;
  clientId: number;
  clientName: string;
  clientTier: Tier;
  status: VisitStatus;
  durationMinutes: number;
  travelMinutes: number;
  priority: number;
  earliestDate: LocalDate;
  latestDate: LocalDate;
  allowedUserIds: number[];
  /** The only days it may be booked on (the days its client picked on the request page); empty: any day of its window. */
  pickedDates: LocalDate[];
  /** Its client came from the request page and staff have not confirmed the details yet: not booked until they do. */
  detailsToConfirm: boolean;
  userId: number | null;
  startsAt: number | null;
  endsAt: number | null;
  /** Expected amount billed under the client's terms (lib/dal/internal/marketing-budget.ts), for the preview's cost line. */
  billedCents?: number;
};

/** Everything the plan needs, as plain data (it crosses into a worker thread). */
export type AutoScheduleInput = {
  now: number;
  weeks: number;
  replan: boolean;
  zone: string;
  /** The firm's clock, for the proposals' times. */
  hours: HourClock;
  timeBudgetMs: number;
  /** Active owners and consultants, by name; only those with working hours take visits. */
  people: PlanPerson[];
  /** Open requests, and booked visits near the horizon. */
  visits: PlanVisit[];
  rules: BlockRule[];
  exceptions: BlockException[];
  /** Appointments, and busy time read from people's own other calendars. */
  appointments: { userId: number; startsAt: number; endsAt: number }[];
  /** Firm holidays and time off: no block happens then, and they are busy all day for the engine. */
  daysOff?: DaysOff;
  /**
   * The free time kept for the marketing each person still owes, per week of the horizon (what the fixed blocks
   * miss), read on the request thread by the function the schedule's grid and the feeds use too
   * (lib/dal/internal/marketing-reserve.ts): it reaches the engine as protected blocks.
   */
  keptForMarketing?: KeptForMarketing;
};

/**
 * Why a request no consultant with working hours may take is left open. A new
 * member has none until someone sets them, and the scheduler then never uses
 * them: name them, so the preview says what to fix instead of "nobody".
 */
function nobodyReason(v: PlanVisit, people: PlanPerson[]): Pick<Preview['unplaced'][number], 'reason' | 'noHours'> {
  const noHours = people
    .filter((p) => p.hours.length === 0 && (v.allowedUserIds.length === 0 || v.allowedUserIds.includes(p.id)))
    .map((p) => ({ id: p.id, name: p.name }));
  if (noHours.length === 0) return { reason: 'none of its allowed consultants is active with working hours' };
  const names = noHours.map((p) => p.name).join(', ');
  return { reason: `${names} ${noHours.length === 1 ? 'has' : 'have'} no working hours — set them`, noHours };
}

/** The engine's windows of a visit inside [lo, hi]: one per picked day when its client picked days, else the whole span. */
function windowsOf(v: PlanVisit, lo: LocalDate, hi: LocalDate): Window[] {
  if (!v.pickedDates.length) return [{ start: `${lo}T00:00`, end: `${addDays(hi, 1)}T00:00` }];
  // The contract takes several windows per visit: a day each, so nothing lands between two picked days.
  return [...new Set(v.pickedDates)]
    .filter((d) => d >= lo && d <= hi)
    .sort()
    .map((d) => ({ start: `${d}T00:00`, end: `${addDays(d, 1)}T00:00` }));
}

/** Why a request cannot be offered to the engine at all, or null. */
function notOffered(
  v: PlanVisit,
  [lo, hi]: [LocalDate, LocalDate],
  allowed: number[],
  people: PlanPerson[],
  { from }: Horizon,
  weeks: number,
): Pick<Preview['unplaced'][number], 'reason' | 'noHours'> | null {
  if (v.detailsToConfirm) return { reason: 'new client — confirm its details (address, computers, server, travel) first' };
  if (lo > hi)
    return {
      reason:
        v.latestDate < from
          ? `its window ended on ${dayLabel(v.latestDate)}`
          : `its window starts on ${dayLabel(v.earliestDate)}, after these ${weeks} week(s)`,
    };
  if (allowed.length === 0) return nobodyReason(v, people);
  if (!windowsOf(v, lo, hi).length)
    return {
      reason: `none of the days its client picked (${[...v.pickedDates]
        .sort()
        .map((d) => dayLabel(d))
        .join(', ')}) is in these ${weeks} week(s)`,
    };
  return null;
}

/** The requests as the engine's visits, each inside its window and the horizon; those that cannot be offered go to `unplaced` with the reason. */
function requestVisits(requests: PlanVisit[], people: PlanPerson[], horizon: Horizon, weeks: number) {
  const { from, to } = horizon;
  const ids = people.filter((p) => p.hours.length > 0).map((p) => p.id);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const unplaced: Preview['unplaced'] = [];
  const visitsIn: Instance['visits'] = [];
  // What the words for an unplaced visit need (preview-words.ts), by the engine's visit id.
  const contexts = new Map<string, Omit<UnplacedContext, 'thisYear'>>();
  for (const v of requests) {
    const lo = v.earliestDate > from ? v.earliestDate : from;
    const hi = v.latestDate < to ? v.latestDate : to;
    const allowed = (v.allowedUserIds.length ? v.allowedUserIds : ids).filter((id) => ids.includes(id));
    const why = notOffered(v, [lo, hi], allowed, people, horizon, weeks);
    if (why) {
      unplaced.push({ visitId: v.id, clientName: v.clientName, ...why });
      continue;
    }
    visitsIn.push({
      id: String(v.id),
      clientId: String(v.clientId),
      durationMinutes: v.durationMinutes,
      travelMinutes: v.travelMinutes,
      priority: v.priority,
      consultantIds: allowed.map(String),
      windows: windowsOf(v, lo, hi),
      uncapped: v.clientTier !== 'micro',
    });
    contexts.set(String(v.id), {
      from: lo,
      to: hi,
      pickedDates: [...new Set(v.pickedDates)].filter((d) => d >= lo && d <= hi),
      consultants: allowed.map((id) => names.get(id) ?? ''),
      restricted: v.allowedUserIds.length > 0,
      durationMinutes: v.durationMinutes,
      travelMinutes: v.travelMinutes,
    });
  }
  return { visitsIn, unplaced, contexts };
}

/**
 * Holidays (everyone) and time off (that person) as whole days of busy time:
 * the contract has no days off of its own, and working hours are per weekday.
 */
function daysOffBusy(
  off: DaysOff | undefined,
  ids: number[],
  from: LocalDate,
  to: LocalDate,
  zone: string,
  interval: (s: number, e: number) => { start: string; end: string } | null,
): Instance['busy'] {
  const busy: Instance['busy'] = [];
  if (!off) return busy;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const iv = interval(localToInstant(d, 0, zone), localToInstant(addDays(d, 1), 0, zone));
    if (!iv || iv.end <= iv.start) continue;
    for (const id of ids) if (dayOff(off, id, d)) busy.push({ consultantId: String(id), ...iv });
  }
  return busy;
}

/** Marketing blocks as protected time; appointments, fixed visits (with travel), days off and the part of today already gone as busy time. */
function blockedTime(input: AutoScheduleInput, ids: number[], fixed: PlanVisit[], { from, to, a, b }: Horizon) {
  const { now, zone } = input;
  const occ = expandBlocks(
    input.rules.filter((r) => ids.includes(r.userId)),
    input.exceptions,
    addDays(from, -1),
    addDays(to, 1),
    zone,
    input.daysOff,
  ).filter((o) => !o.skipped);
  const interval = (s: number, e: number) => {
    const cs = Math.max(s, a);
    const ce = Math.min(e, b);
    // Wall-clock strings: an interval that ends up empty (or reversed, inside a fall-back hour) is dropped.
    return ce > cs ? { start: wallClock(cs, zone), end: wallClock(ce, zone) } : null;
  };
  const protectedBlocks: Instance['protectedBlocks'] = [];
  for (const o of occ) {
    const iv = interval(o.startsAt, o.endsAt);
    if (iv && iv.end > iv.start)
      protectedBlocks.push({ id: `${o.blockId}@${o.date}`, consultantId: String(o.userId), kind: o.kind, ...iv });
  }
  const busy: Instance['busy'] = [];
  for (const x of input.appointments) {
    const iv = interval(x.startsAt, x.endsAt);
    if (iv && iv.end > iv.start && ids.includes(x.userId)) busy.push({ consultantId: String(x.userId), ...iv });
  }
  for (const v of fixed) {
    const iv = interval(v.startsAt! - v.travelMinutes * MINUTE_MS, v.endsAt! + v.travelMinutes * MINUTE_MS);
    if (iv && iv.end > iv.start && ids.includes(v.userId!)) busy.push({ consultantId: String(v.userId), ...iv });
  }
  busy.push(...daysOffBusy(input.daysOff, ids, from, to, zone, interval));
  // The part of today already gone.
  const nowSlot = Math.min(b, Math.ceil(now / (15 * MINUTE_MS)) * 15 * MINUTE_MS);
  if (nowSlot > a) for (const id of ids) busy.push({ consultantId: String(id), start: wallClock(a, zone), end: wallClock(nowSlot, zone) });
  return { protectedBlocks, busy };
}

/** The people as the engine's consultants: working hours, and the weekly micro cap with the minutes the fixed visits already use. */
function consultantsOf(people: PlanPerson[], fixed: PlanVisit[], zone: string): Instance['consultants'] {
  return people.map((p) => {
    const booked: Record<string, number> = {};
    if (p.microCapMinutesPerWeek !== null) {
      for (const v of fixed) {
        if (v.userId === p.id && v.clientTier === 'micro') {
          const monday = mondayOf(instantToLocal(v.startsAt!, zone).date);
          booked[monday] = (booked[monday] ?? 0) + v.durationMinutes;
        }
      }
    }
    return {
      id: String(p.id),
      workingHours: p.hours.flatMap(([weekday, list]) =>
        list.map(([s, e]) => ({ weekday, start: formatMinute(s), end: e === MINUTES_PER_DAY ? '24:00' : formatMinute(e) })),
      ),
      ...(p.microCapMinutesPerWeek !== null ? { maxMicroMinutesPerWeek: p.microCapMinutesPerWeek, bookedMinutesByWeek: booked } : {}),
    };
  });
}

/**
 * A micro visit's cost line. The marketing it displaces is none: the owed hours were protected before the engine
 * ran (marketing-reserve.ts), and the accept step checks again.
 */
function costLine(v: PlanVisit): string {
  const travel = v.travelMinutes ? `${v.travelMinutes} min travel each way` : 'no travel';
  return `about ${formatMoney(v.billedCents ?? 0)} billed, ${travel}, no owed marketing displaced`;
}

/** For a micro request left open while marketing time was kept free for someone it could go to: that, and its cost. */
function keptWords(v: PlanVisit, reserve: { userId: number }[]): string {
  const kept = reserve.some((r) => v.allowedUserIds.length === 0 || v.allowedUserIds.includes(r.userId));
  if (v.clientTier !== 'micro' || !kept) return '';
  const travel = v.travelMinutes ? `${v.travelMinutes} min travel each way` : 'no travel';
  return `. Free time is kept for the marketing owed those weeks; booking it there would cost the week’s allotment (about ${formatMoney(v.billedCents ?? 0)} billed, ${travel})`;
}

/** The engine's placements as proposals, leaving out scheduled visits it left where they were. */
function proposalsOf(
  placements: Placement[],
  byId: Map<string, PlanVisit>,
  names: Map<string, string>,
  { zone, hours }: Pick<AutoScheduleInput, 'zone' | 'hours'>,
): Proposal[] {
  const proposals: Proposal[] = placements.map((p) => {
    const v = byId.get(p.visitId)!;
    const startsAt = fromWallClock(p.start, zone);
    const endsAt = startsAt + v.durationMinutes * MINUTE_MS;
    return {
      visitId: v.id,
      userId: Number(p.consultantId),
      startsAt,
      was: v.startsAt,
      endsAt,
      clientName: v.clientName,
      personName: names.get(p.consultantId) ?? '',
      when: timeRangeLabel(zone, startsAt, endsAt, { hours }),
      moved: v.status === 'scheduled',
      ...(v.clientTier === 'micro' ? { cost: costLine(v) } : {}),
    };
  });
  return proposals.filter((p) => {
    const v = byId.get(String(p.visitId))!;
    return !(v.status === 'scheduled' && v.startsAt === p.startsAt && v.userId === p.userId);
  });
}

/**
 * The engine's instance (contract v1, with the app's two extensions: cap
 * minutes already booked and uncapped visits) for the next `weeks` weeks: every
 * open request (and, with `replan`, every scheduled visit not yet started),
 * and the requests that cannot be offered to it with their reason.
 */
export function autoScheduleInstance(input: AutoScheduleInput) {
  const { now, weeks, replan, zone } = input;
  const horizon = autoScheduleHorizon(zone, weeks, now);
  const { from, to, a, b } = horizon;
  // Only people with working hours can take visits.
  const people = input.people.filter((p) => p.hours.length > 0);
  const ids = people.map((p) => p.id);

  const movable = (v: PlanVisit) => v.status === 'open' || (replan && v.status === 'scheduled' && v.startsAt! > now);
  const requests = input.visits.filter(movable);
  const fixed = input.visits.filter(
    (v) =>
      !movable(v) && v.status !== 'open' && v.startsAt !== null && v.endsAt! > a - DAY_MS && v.startsAt! < b + DAY_MS && v.userId !== null,
  );

  const { visitsIn, unplaced, contexts } = requestVisits(requests, input.people, horizon, weeks);
  const { protectedBlocks, busy } = blockedTime(input, ids, fixed, horizon);
  const reserve = (input.keptForMarketing ?? []).filter((r) => ids.includes(r.userId));
  protectedBlocks.push(...reserveBlocks(reserve, zone, a, b));
  const consultants = consultantsOf(people, fixed, zone);
  const instance: Instance = { slotMinutes: 15, horizon: { start: from, end: to }, consultants, protectedBlocks, busy, visits: visitsIn };
  return { instance, horizon, requests, people, unplaced, contexts, reserve };
}

/**
 * Runs the scheduler over the next `weeks` weeks (autoScheduleInstance).
 * `progress` hears the search's elapsed time against its budget as the plan
 * improves.
 */
export function planAutoSchedule(input: AutoScheduleInput, progress: (elapsedMs: number, budgetMs: number) => void = () => {}): Preview {
  const t0 = Date.now();
  const { instance, horizon, requests, people, unplaced, contexts, reserve } = autoScheduleInstance(input);
  const { from, to } = horizon;
  const byId = new Map(requests.map((v) => [String(v.id), v]));
  const names = new Map(people.map((p) => [String(p.id), p.name]));
  const budget = input.timeBudgetMs;
  const started = Date.now();
  progress(0, budget);
  const { result, stats } = solve(instance, { timeBudgetMs: budget, onImprove: () => progress(Date.now() - started, budget) });
  const kept = proposalsOf(result.placements, byId, names, input);
  const thisYear = Number(from.slice(0, 4));
  for (const u of result.unplaced) {
    const v = byId.get(u.visitId)!;
    // Only when free time was what it lacked: a full micro cap or a window outside anyone's hours is not the reserve's doing.
    const lackedTime = ['no-gap', 'taken'].includes(unplacedKind(u.reason) ?? '');
    const reason = explainUnplaced(u.reason, { ...contexts.get(u.visitId)!, thisYear }) + (lackedTime ? keptWords(v, reserve) : '');
    if (v.status === 'open') unplaced.push({ visitId: v.id, clientName: v.clientName, reason });
  }
  // Out of what the engine could place at all: a request whose window has ended or whose client is not confirmed
  // is listed with its reason, but no plan could have placed it.
  const quality = { placed: stats.placedPriority, total: instance.visits.reduce((s, v) => s + v.priority, 0), bound: stats.upperBound };
  return {
    proposals: kept,
    unplaced,
    from,
    to,
    span: dayRangeLabel(from, to),
    quality: { ...quality, line: qualityLine(quality) },
    keptForMarketing: reserve.flatMap(({ userId, spans }) =>
      spans.map(([s, e]) => `${names.get(String(userId)) ?? ''}: ${timeRangeLabel(input.zone, s, e, { hours: input.hours })}`),
    ),
    millis: Date.now() - t0,
  };
}
