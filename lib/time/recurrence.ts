import { RRule } from 'rrule';
import { localToInstant, weekdayOf, type LocalDate } from './zoned';

/**
 * The expansion of marketing rules (RFC 5545 recurrences, read by the rrule
 * library) into dated occurrences in the firm's zone: a rule at 09:00 is 09:00
 * on the wall clock on both sides of a daylight-saving change (its UTC instant
 * moves by an hour). The library only ever sees dates (floating midnights in
 * UTC); the zone is applied afterwards, per date, by localToInstant — the
 * library's own time-zone handling is not used.
 */

export type BlockRule = {
  id: number;
  userId: number;
  kind: string;
  title: string;
  repeat: 'weekly' | 'once' | 'rule';
  weekday: number;
  startMinute: number;
  endMinute: number;
  firstDate: LocalDate;
  lastDate: LocalDate | null;
  /** The RFC 5545 rule (no DTSTART: firstDate is it); absent on rows an older release wrote, then read from repeat/weekday. */
  rrule?: string | null;
};

export type BlockException = {
  blockId: number;
  date: LocalDate;
  action: 'skip' | 'move';
  /** A move to another date; null or absent: the same date. */
  toDate?: LocalDate | null;
  startMinute: number | null;
  endMinute: number | null;
  reason: string;
};

export type Occurrence = {
  blockId: number;
  userId: number;
  kind: string;
  title: string;
  /** The date it happens on (a moved occurrence's new date). */
  date: LocalDate;
  /** The date the rule gives it: what a skip or a move names. */
  ruleDate: LocalDate;
  startMinute: number;
  endMinute: number;
  startsAt: number;
  endsAt: number;
  /** Set when this occurrence was deliberately skipped; it then protects nothing. */
  skipped: string | null;
  /** Set when this occurrence was moved; the date and times above are the new ones. */
  moved: string | null;
};

/** Firm holidays and each person's time off: days on which no block occurrence happens. */
export type DaysOff = {
  holidays: { date: LocalDate; name: string }[];
  timeOff: { userId: number; firstDate: LocalDate; lastDate: LocalDate; note: string }[];
};

export const NO_DAYS_OFF: DaysOff = { holidays: [], timeOff: [] };

const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const compact = (d: LocalDate) => d.replaceAll('-', '');

/** The rule an older release's row meant: every week on its weekday until lastDate, or one day. */
export function legacyRule(repeat: string, weekday: number, lastDate: LocalDate | null): string {
  if (repeat === 'once') return 'FREQ=DAILY;COUNT=1';
  return `FREQ=WEEKLY;BYDAY=${RRULE_DAYS[weekday - 1]}${lastDate ? `;UNTIL=${compact(lastDate)}` : ''}`;
}

export type RuleShape =
  { pattern: 'once' } | { pattern: 'weekly'; interval: number } | { pattern: 'monthly'; position: number; weekday: number };

export type RuleEnd = { until: LocalDate | null; count: number | null };

/** The RFC 5545 rule for what the form offers: once, every N weeks on firstDate's weekday, or the Nth (or last, -1) weekday of each month. */
export function buildRule(shape: RuleShape, firstDate: LocalDate, end: RuleEnd): string {
  const bounds = `${end.count ? `;COUNT=${end.count}` : ''}${end.until ? `;UNTIL=${compact(end.until)}` : ''}`;
  if (shape.pattern === 'once') return 'FREQ=DAILY;COUNT=1';
  if (shape.pattern === 'weekly')
    return `FREQ=WEEKLY${shape.interval > 1 ? `;INTERVAL=${shape.interval}` : ''};BYDAY=${RRULE_DAYS[weekdayOf(firstDate) - 1]}${bounds}`;
  const pos = shape.position > 0 ? `+${shape.position}` : String(shape.position);
  return `FREQ=MONTHLY;BYDAY=${pos}${RRULE_DAYS[shape.weekday - 1]}${bounds}`;
}

const cache = new Map<string, RRule>();

/** The parsed rule with its DTSTART, kept: parsing is most of the cost of expanding a short range. */
function ruleObject(rule: BlockRule): RRule {
  const text = rule.rrule || legacyRule(rule.repeat, rule.weekday, rule.lastDate);
  const key = `${text}@${rule.firstDate}`;
  let r = cache.get(key);
  if (!r) {
    if (cache.size > 5000) cache.clear();
    r = new RRule({ ...RRule.parseString(text), dtstart: utcDate(rule.firstDate) });
    cache.set(key, r);
  }
  return r;
}

const utcDate = (d: LocalDate) => new Date(`${d}T00:00:00Z`);
const toLocal = (d: Date): LocalDate => d.toISOString().slice(0, 10);

/** The dates the rule gives in [from, to] inclusive (before skips, moves and days off). */
export function ruleDates(rule: BlockRule, from: LocalDate, to: LocalDate): LocalDate[] {
  if (from > to || (rule.lastDate && rule.lastDate < from) || rule.firstDate > to) return [];
  return ruleObject(rule).between(utcDate(from), utcDate(to), true).map(toLocal);
}

/** Every date the rule gives (for a bounded rule: COUNT or UNTIL), at most `max`. */
export function allRuleDates(rule: BlockRule, max = 1000): LocalDate[] {
  return ruleObject(rule)
    .all((_, i) => i < max)
    .map(toLocal);
}

/** The rule in words, as the rrule library says it ("every month on the 2nd Tuesday"); a one-day rule says "once". */
export function ruleText(rule: BlockRule): string {
  const r = ruleObject(rule);
  if (r.options.count === 1) return 'once';
  return r.toText();
}

/** Why nobody's block happens on `date` for this person (a holiday, their time off), or null. */
export function dayOff(off: DaysOff, userId: number, date: LocalDate): string | null {
  const h = off.holidays.find((x) => x.date === date);
  if (h) return `the firm’s holiday “${h.name}”`;
  const t = off.timeOff.find((x) => x.userId === userId && x.firstDate <= date && date <= x.lastDate);
  return t ? `time off${t.note ? ` (${t.note})` : ''}` : null;
}

/**
 * The same, as a heading for the day in the week: "Holiday: Founders Day", "Time off: Family visit" (or "Time off"
 * with no note). `dayOff` is the phrase a refusal ends with ("… on the firm’s holiday “Founders Day”").
 */
export function dayOffLabel(off: DaysOff, userId: number, date: LocalDate): string | null {
  const h = off.holidays.find((x) => x.date === date);
  if (h) return `Holiday: ${h.name}`;
  const t = off.timeOff.find((x) => x.userId === userId && x.firstDate <= date && date <= x.lastDate);
  return t ? (t.note ? `Time off: ${t.note}` : 'Time off') : null;
}

const instants = new Map<string, number>();

/** localToInstant, remembered: the zone arithmetic, not the rule, is what costs when a year of weeks is expanded on every view. */
function instantOf(date: LocalDate, minute: number, zone: string): number {
  const key = `${date}|${minute}|${zone}`;
  let t = instants.get(key);
  if (t === undefined) {
    if (instants.size > 50_000) instants.clear();
    t = localToInstant(date, minute, zone);
    instants.set(key, t);
  }
  return t;
}

function materialize(rule: BlockRule, ruleDate: LocalDate, ex: BlockException | undefined, zone: string): Occurrence {
  const moved = ex?.action === 'move';
  const date = (moved && ex.toDate) || ruleDate;
  const startMinute = moved ? ex.startMinute! : rule.startMinute;
  const endMinute = moved ? ex.endMinute! : rule.endMinute;
  return {
    blockId: rule.id,
    userId: rule.userId,
    kind: rule.kind,
    title: rule.title,
    date,
    ruleDate,
    startMinute,
    endMinute,
    startsAt: instantOf(date, startMinute, zone),
    endsAt: instantOf(date, endMinute, zone),
    skipped: ex?.action === 'skip' ? ex.reason : null,
    moved: moved ? ex.reason : null,
  };
}

/** The occurrence the rule gives on `ruleDate` (wherever a move took it), or null when the rule has none then or it falls on a day off. */
export function occurrenceFor(
  rule: BlockRule,
  exceptions: BlockException[],
  ruleDate: LocalDate,
  zone: string,
  off: DaysOff = NO_DAYS_OFF,
): Occurrence | null {
  if (!ruleDates(rule, ruleDate, ruleDate).length) return null;
  const occ = materialize(
    rule,
    ruleDate,
    exceptions.find((e) => e.blockId === rule.id && e.date === ruleDate),
    zone,
  );
  return dayOff(off, rule.userId, occ.date) ? null : occ;
}

/**
 * Every occurrence happening on the local dates [from, to] inclusive, with
 * skips and moves applied (an occurrence moved in from outside the range is
 * in, one moved out is not). Occurrences on a holiday or the person's time off
 * do not happen and are left out.
 */
export function expandBlocks(
  rules: BlockRule[],
  exceptions: BlockException[],
  from: LocalDate,
  to: LocalDate,
  zone: string,
  off: DaysOff = NO_DAYS_OFF,
): Occurrence[] {
  const byKey = new Map(exceptions.map((e) => [`${e.blockId}:${e.date}`, e]));
  const inRange = (d: LocalDate) => from <= d && d <= to;
  const out: Occurrence[] = [];
  for (const rule of rules) {
    const dates = new Set(ruleDates(rule, from, to));
    // Moves from outside the range into it: their rule date must still be one the rule gives.
    for (const e of exceptions)
      if (e.blockId === rule.id && e.action === 'move' && e.toDate && inRange(e.toDate) && !inRange(e.date))
        if (ruleDates(rule, e.date, e.date).length) dates.add(e.date);
    for (const d of dates) {
      const occ = materialize(rule, d, byKey.get(`${rule.id}:${d}`), zone);
      if (inRange(occ.date) && !dayOff(off, rule.userId, occ.date)) out.push(occ);
    }
  }
  return out.sort((a, b) => a.startsAt - b.startsAt);
}
