import type { TodayVisit } from '@/lib/dal/field';

/**
 * The times a Today card shows. Once a visit is over, what happened (checked in → checked out) is the truth
 * and the plan is a footnote; a call-out never had a plan (its stored slot is a nominal hour from its start,
 * so four 2-minute call-outs would be drawn as four overlapping hours). Before that, the planned slot.
 */
export type ShownTimes = {
  from: number;
  /** Null while a call-out is still open: it has no end yet. */
  to: number | null;
  /** The planned slot, when it differs from what is shown and was a real plan. */
  planned: { from: number; to: number } | null;
};

type Times = Pick<TodayVisit, 'status' | 'startsAt' | 'endsAt' | 'checkedInAt' | 'checkedOutAt' | 'unplanned'>;

export function shownTimes(v: Times): ShownTimes {
  const plan = { from: v.startsAt, to: v.endsAt };
  if (v.status === 'done' && v.checkedInAt !== null && v.checkedOutAt !== null) {
    const same = v.checkedInAt === plan.from && v.checkedOutAt === plan.to;
    return { from: v.checkedInAt, to: v.checkedOutAt, planned: v.unplanned || same ? null : plan };
  }
  if (v.unplanned && v.status === 'checked_in' && v.checkedInAt !== null) return { from: v.checkedInAt, to: null, planned: null };
  return { ...plan, planned: null };
}
