import { addDays, localToInstant, weekdayOf, type LocalDate } from './zoned';

/**
 * The expansion of weekly (and one-off) marketing rules into dated
 * occurrences in the firm's zone: a rule at 09:00 is 09:00 on the wall clock
 * on both sides of a daylight-saving change (its UTC instant moves by an hour).
 */

export type BlockRule = {
  id: number;
  userId: number;
  kind: string;
  title: string;
  repeat: 'weekly' | 'once';
  weekday: number;
  startMinute: number;
  endMinute: number;
  firstDate: LocalDate;
  lastDate: LocalDate | null;
};

export type BlockException = {
  blockId: number;
  date: LocalDate;
  action: 'skip' | 'move';
  startMinute: number | null;
  endMinute: number | null;
  reason: string;
};

export type Occurrence = {
  blockId: number;
  userId: number;
  kind: string;
  title: string;
  date: LocalDate;
  startMinute: number;
  endMinute: number;
  startsAt: number;
  endsAt: number;
  /** Set when this occurrence was deliberately skipped; it then protects nothing. */
  skipped: string | null;
  /** Set when this occurrence was moved; the times above are the new ones. */
  moved: string | null;
};

/** Every occurrence of the rules on the local dates [from, to] inclusive, with skips and moves applied. */
export function expandBlocks(rules: BlockRule[], exceptions: BlockException[], from: LocalDate, to: LocalDate, zone: string): Occurrence[] {
  const byKey = new Map(exceptions.map((e) => [`${e.blockId}:${e.date}`, e]));
  const out: Occurrence[] = [];
  for (const rule of rules) {
    const first = rule.firstDate > from ? rule.firstDate : from;
    const last = rule.lastDate && rule.lastDate < to ? rule.lastDate : to;
    if (first > last) continue;
    let date = first;
    if (rule.repeat === 'weekly') {
      const shift = (rule.weekday - weekdayOf(first) + 7) % 7;
      date = addDays(first, shift);
    }
    for (; date <= last; date = addDays(date, 7)) {
      if (rule.repeat === 'once' && date !== rule.firstDate) break;
      const ex = byKey.get(`${rule.id}:${date}`);
      const startMinute = ex?.action === 'move' ? ex.startMinute! : rule.startMinute;
      const endMinute = ex?.action === 'move' ? ex.endMinute! : rule.endMinute;
      out.push({
        blockId: rule.id,
        userId: rule.userId,
        kind: rule.kind,
        title: rule.title,
        date,
        startMinute,
        endMinute,
        startsAt: localToInstant(date, startMinute, zone),
        endsAt: localToInstant(date, endMinute, zone),
        skipped: ex?.action === 'skip' ? ex.reason : null,
        moved: ex?.action === 'move' ? ex.reason : null,
      });
      if (rule.repeat === 'once') break;
    }
  }
  return out.sort((a, b) => a.startsAt - b.startsAt);
}
