import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { assertCan, can } from '@/lib/permissions';
import type { MarketingWindow } from '@/lib/planning/marketing-reserve';
import type { MarketingWindowInput } from '@/lib/validations/marketing-window';
import { bitsToWeekdays, marketingWindowsOf, weekdaysToBits } from './internal/marketing-window';
import { getUserOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type WindowDTO = Omit<MarketingWindow, 'userId'>;

/** The person's flexible marketing window, or null when they have none (the reserve then keeps the week's latest free time). */
export function getMarketingWindow(member: Member, userId: number): WindowDTO | null {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = getUserOrThrow(db, member, userId, 'schedule');
  const [window] = marketingWindowsOf(db, member.firmId, [person.id]);
  return window ? { weekdays: window.weekdays, startMinute: window.startMinute, endMinute: window.endMinute } : null;
}

/** May the caller change this person's window? Their own, or the owner anyone's (office staff book the micro work). */
export function mayEditMarketingWindow(member: Member, userId: number): boolean {
  return userId === member.userId || can(member.role, 'firm.settings');
}

/**
 * Sets (or, with null, removes) a person's flexible marketing window: where the reserve keeps their owed
 * marketing first. The person's own choice, and the owner's for anyone; audited with the old and new window.
 */
export function setMarketingWindow(member: Member, { userId, window }: MarketingWindowInput): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, userId, 'schedule');
    if (!mayEditMarketingWindow(member, person.id)) assertCan(member.role, 'firm.settings'); // refuses, as every role check does
    const w = schema.marketingWindows;
    const where = and(eq(w.firmId, member.firmId), eq(w.userId, person.id));
    const old = tx.select({ weekdays: w.weekdays, startMinute: w.startMinute, endMinute: w.endMinute }).from(w).where(where).get();
    if (window) {
      const values = { weekdays: weekdaysToBits(window.weekdays), startMinute: window.startMinute, endMinute: window.endMinute };
      if (old) tx.update(w).set(values).where(where).run();
      else
        tx.insert(w)
          .values({ firmId: member.firmId, userId: person.id, ...values })
          .run();
    } else if (old) tx.delete(w).where(where).run();
    else return;
    writeAudit(tx, member, {
      action: 'schedule.marketing_window',
      entity: 'user',
      id: person.id,
      before: old ? { ...old, weekdays: bitsToWeekdays(old.weekdays) } : null,
      after: window,
    });
  });
}
