import { isoWeek, isoWeekday, parseDate, parseDateTime, parseTime } from './clock';
import type { Instance, Result } from './types';

/**
 * An independent check of every hard rule of the contract, written from its
 * text and sharing nothing with the engine but the clock: the tests and the
 * benchmark judge every result (the engine's and the exact reference's) by it.
 * Returns the broken rules.
 */
export function violations(inst: Instance, res: Result): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of [...res.placements.map((p) => p.visitId), ...res.unplaced.map((u) => u.visitId)]) {
    if (seen.has(id)) out.push(`${id} appears twice`);
    seen.add(id);
  }
  for (const v of inst.visits) if (!seen.has(v.id)) out.push(`${v.id} missing`);
  for (const u of res.unplaced) if (!u.reason) out.push(`${u.visitId} has no reason`);
  const h0 = parseDate(inst.horizon.start)! * 1440;
  const h1 = (parseDate(inst.horizon.end)! + 1) * 1440;
  const byConsultant = new Map<string, [number, number][]>();
  const weekly = new Map<string, number>();
  for (const p of res.placements) {
    const v = inst.visits.find((x) => x.id === p.visitId)!;
    const c = inst.consultants.find((x) => x.id === p.consultantId);
    const s = parseDateTime(p.start)!;
    const e = parseDateTime(p.end)!;
    const f0 = s - v.travelMinutes;
    const f1 = e + v.travelMinutes;
    if (!c || !v.consultantIds.includes(c.id)) out.push(`${v.id}: consultant not allowed`);
    if (e !== s + v.durationMinutes) out.push(`${v.id}: end is not start + duration`);
    if ((s % 1440) % inst.slotMinutes !== 0) out.push(`${v.id}: off the grid`);
    if (s < h0 || e > h1) out.push(`${v.id}: outside the horizon`);
    const windows = v.windows ?? [{ start: '0000-01-01T00:00', end: '9999-12-31T00:00' }];
    if (!windows.some((w) => (parseDateTime(w.start) ?? -Infinity) <= s && e <= (parseDateTime(w.end) ?? Infinity)))
      out.push(`${v.id}: outside its windows`);
    const day = Math.floor(f0 / 1440);
    const inHours = c?.workingHours.some(
      (wh) =>
        wh.weekday === isoWeekday(day) && day * 1440 + parseTime(wh.start, false)! <= f0 && f1 <= day * 1440 + parseTime(wh.end, true)!,
    );
    if (!inHours) out.push(`${v.id}: footprint outside working hours`);
    for (const b of [...inst.protectedBlocks, ...inst.busy].filter((x) => x.consultantId === p.consultantId)) {
      if (f0 < parseDateTime(b.end)! && parseDateTime(b.start)! < f1) out.push(`${v.id}: overlaps ${'id' in b ? b.id : 'busy'}`);
    }
    const list = byConsultant.get(p.consultantId) ?? [];
    for (const [a, b] of list) if (f0 < b && a < f1) out.push(`${v.id}: overlaps another visit`);
    list.push([f0, f1]);
    byConsultant.set(p.consultantId, list);
    const key = `${p.consultantId}:${isoWeek(Math.floor(s / 1440))}`;
    weekly.set(key, (weekly.get(key) ?? 0) + (v.uncapped ? 0 : v.durationMinutes));
    if (weekly.get(key)! > (c?.maxMicroMinutesPerWeek ?? Infinity)) out.push(`${v.id}: weekly cap exceeded`);
  }
  return out;
}
