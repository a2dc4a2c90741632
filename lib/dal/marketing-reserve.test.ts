import { describe, expect, it } from 'vitest';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { appointmentSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { createAppointment } from './appointments';
import { autoScheduleInput } from './auto-schedule';
import { getWeek } from './week';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';
const H = 60;

/**
 * The free time kept for owed marketing has one source: the schedule's grid
 * (week, a person's day, the team's day — all from getWeek) shows the spans
 * the auto-scheduler receives as protected blocks. Ana works Monday to Friday
 * 09:00–17:00, has no marketing block, and owes the firm's default 8 h next
 * week (a week ahead owes its whole allotment).
 */
function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '09:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const monday = addDays(mondayOf(today(ZONE)), 7);
  return { owner, ana, monday };
}

type Spans = [number, number][];

const gridSpans = (week: ReturnType<typeof getWeek>, userId: number): Spans =>
  week.people
    .find((p) => p.person.id === userId)!
    .days.flatMap((d) => d.items.filter((i) => i.type === 'reserve'))
    .map((i) => [i.startsAt, i.endsAt]);

const planSpans = (input: ReturnType<typeof autoScheduleInput>, userId: number, monday: string): Spans =>
  (input.keptForMarketing ?? []).filter((r) => r.userId === userId && r.monday === monday).flatMap((r) => r.spans);

describe('the free time kept for owed marketing', () => {
  it('is the same on the schedule’s grid as in the auto-scheduler’s input: Friday, the latest free time', () => {
    const { owner, ana, monday } = setup();
    const friday = addDays(monday, 4);
    const expected: Spans = [[localToInstant(friday, 9 * H, ZONE), localToInstant(friday, 17 * H, ZONE)]];
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual(expected);
    expect(gridSpans(getWeek(owner, monday, 'team'), ana.userId)).toEqual(expected);
    expect(planSpans(autoScheduleInput(owner, 2, false), ana.userId, monday)).toEqual(expected);
    // The item is labelled as kept time, and Ana sees it on her own week too.
    const item = getWeek(ana, monday, ana.userId).people[0]!.days[4]!.items.find((i) => i.type === 'reserve');
    expect(item).toMatchObject({ title: 'Kept for marketing (owed)', startMinute: 9 * H, endMinute: 17 * H, protectedBlock: true });
  });

  it('moves with the week’s bookings, on both sides alike: an appointment on Friday afternoon pushes it earlier', () => {
    const { owner, ana, monday } = setup();
    const friday = addDays(monday, 4);
    createAppointment(
      owner,
      appointmentSchema.parse({ userId: String(ana.userId), title: 'Dentist', date: friday, start: '13:00', end: '17:00', notes: '' }),
    );
    // 8 h owed, latest free first: Friday 09:00–13:00 (4 h), then Thursday 13:00–17:00 (4 h).
    const thursday = addDays(monday, 3);
    const expected: Spans = [
      [localToInstant(thursday, 13 * H, ZONE), localToInstant(thursday, 17 * H, ZONE)],
      [localToInstant(friday, 9 * H, ZONE), localToInstant(friday, 13 * H, ZONE)],
    ];
    expect(gridSpans(getWeek(owner, monday, ana.userId), ana.userId)).toEqual(expected);
    expect(planSpans(autoScheduleInput(owner, 2, false), ana.userId, monday)).toEqual(expected);
  });
});
