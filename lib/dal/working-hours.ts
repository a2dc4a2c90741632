import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { assertCan } from '@/lib/permissions';
import type { WorkingHoursInput } from '@/lib/validations/schedule';
import { toPerson, type Person } from './internal/people';
import { getUserOrThrow } from './internal/records';
import { workingHoursOf, type Interval } from './internal/working-hours';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

export type { Interval };

export function getWorkingHours(member: Member, userId: number): { person: Person; days: Interval[][] } {
  assertCan(member.role, 'schedule.read');
  const db = getDb();
  const person = toPerson(getUserOrThrow(db, member, userId, 'schedule'));
  const byDay = workingHoursOf(db, member.firmId, [userId]).get(userId);
  return { person, days: [1, 2, 3, 4, 5, 6, 7].map((d) => byDay?.get(d) ?? []) };
}

/** Replaces a person's working hours in one transaction; the old and new sets go into the audit log. */
export function setWorkingHours(member: Member, input: WorkingHoursInput): void {
  assertCan(member.role, 'schedule.write');
  writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, input.userId, 'schedule');
    const before = workingHoursOf(tx, member.firmId, [person.id]).get(person.id);
    tx.delete(schema.workingHours)
      .where(and(eq(schema.workingHours.firmId, member.firmId), eq(schema.workingHours.userId, person.id)))
      .run();
    const days = [input.day1, input.day2, input.day3, input.day4, input.day5, input.day6, input.day7];
    days.forEach((intervals, i) => {
      for (const [startMinute, endMinute] of intervals) {
        tx.insert(schema.workingHours)
          .values({ firmId: member.firmId, userId: person.id, weekday: i + 1, startMinute, endMinute })
          .run();
      }
    });
    writeAudit(tx, member, {
      action: 'schedule.working_hours',
      entity: 'user',
      id: person.id,
      before: before ? Object.fromEntries(before) : {},
      after: Object.fromEntries(days.map((d, i) => [i + 1, d]).filter(([, d]) => (d as Interval[]).length)),
    });
  });
}

/**
 * A person's weekly marketing allotment (null: the firm's target). The owner's alone, like the firm's target: the
 * people who book micro work should not be the ones who can shrink the time it must leave free.
 */
export function setMarketingAllotment(member: Member, userId: number, minutes: number | null): void {
  assertCan(member.role, 'firm.settings');
  setPersonMinutes(member, userId, 'weeklyMarketingMinutes', minutes, 'schedule.marketing_allotment');
}

export function setMicroCap(member: Member, userId: number, minutes: number | null): void {
  assertCan(member.role, 'schedule.manage');
  setPersonMinutes(member, userId, 'microCapMinutesPerWeek', minutes, 'schedule.micro_cap');
}

/** Writes one of a firm member's weekly minute settings and audits the change (the caller checked the role). */
function setPersonMinutes(
  member: Member,
  userId: number,
  column: 'weeklyMarketingMinutes' | 'microCapMinutesPerWeek',
  minutes: number | null,
  action: 'schedule.marketing_allotment' | 'schedule.micro_cap',
): void {
  writeTransaction((tx) => {
    const person = getUserOrThrow(tx, member, userId, 'schedule');
    tx.update(schema.users)
      .set({ [column]: minutes })
      .where(eq(schema.users.id, person.id))
      .run();
    writeAudit(tx, member, { action, entity: 'user', id: person.id, before: { [column]: person[column] }, after: { [column]: minutes } });
  });
}
