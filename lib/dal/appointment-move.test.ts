import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, mondayOf, today } from '@/lib/time/zoned';
import { marketingBlockSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createAppointment, moveAppointment } from './appointments';
import { createMarketingBlock } from './marketing-blocks';

/** Moving an appointment (the schedule grid's drag and drop): the rules of adding one, and nothing written when refused. */

const ZONE = 'America/Chicago';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const bo = asMember(makeUser(firm.id, 'consultant', { name: 'Bo' }));
  const monday = addDays(mondayOf(today(ZONE)), 7);
  const add = (userId: number, title: string, date: string, start: number, end: number) =>
    createAppointment(owner, { userId, clientId: null, title, date, start, end, notes: '' });
  return { owner, ana, bo, monday, add };
}

const row = (id: number) => getDb().select().from(schema.appointments).where(eq(schema.appointments.id, id)).get()!;

describe('moveAppointment', () => {
  it('moves to another time, day and person, keeping its length, and audits before and after', () => {
    const { owner, ana, bo, monday, add } = setup();
    const id = add(ana.userId, 'Server upgrade', monday, 13 * 60, 14 * 60 + 30);
    // Half an hour later overlaps only its own old time, which does not count.
    moveAppointment(owner, id, ana.userId, monday, 13 * 60 + 30);
    expect(row(id)).toMatchObject({ startsAt: localToInstant(monday, 13 * 60 + 30, ZONE), endsAt: localToInstant(monday, 15 * 60, ZONE) });
    moveAppointment(owner, id, bo.userId, addDays(monday, 1), 9 * 60);
    expect(row(id)).toMatchObject({
      userId: bo.userId,
      startsAt: localToInstant(addDays(monday, 1), 9 * 60, ZONE),
      endsAt: localToInstant(addDays(monday, 1), 10 * 60 + 30, ZONE),
    });
    // Resizing: a new end, the same start.
    moveAppointment(owner, id, bo.userId, addDays(monday, 1), 9 * 60, 11 * 60);
    expect(row(id).endsAt).toBe(localToInstant(addDays(monday, 1), 11 * 60, ZONE));
    const audits = getDb()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.firmId, owner.firmId), eq(schema.auditLog.action, 'appointment.move')))
      .all();
    expect(audits).toHaveLength(3);
  });

  it('refuses a protected block, another booking, a day in the past and a spill past midnight, writing nothing', () => {
    const { owner, ana, monday, add } = setup();
    createMarketingBlock(
      owner,
      marketingBlockSchema.parse({
        userId: String(ana.userId),
        kind: 'direct_mail',
        repeat: 'once',
        firstDate: monday,
        start: '12:00',
        end: '14:00',
      }),
    );
    const id = add(ana.userId, 'Server upgrade', monday, 9 * 60, 10 * 60);
    add(ana.userId, 'Vendor call', monday, 15 * 60, 16 * 60);
    const before = firmRows(owner.firmId);
    expect(() => moveAppointment(owner, id, ana.userId, monday, 12 * 60 + 30)).toThrow(/protected marketing block “Direct mail”/);
    expect(() => moveAppointment(owner, id, ana.userId, monday, 15 * 60 + 30)).toThrow(/Vendor call/);
    expect(() => moveAppointment(owner, id, ana.userId, addDays(today(ZONE), -3), 9 * 60)).toThrow(/in the past/);
    expect(() => moveAppointment(owner, id, ana.userId, monday, 23 * 60 + 30)).toThrow(/by midnight/);
    expect(() => moveAppointment(owner, id, ana.userId, monday, 9 * 60, 9 * 60)).toThrow(/end must be after the start/);
    expect(() => moveAppointment(owner, id, ana.userId, monday, 9 * 60, 12 * 60 + 15)).toThrow(/protected marketing block/);
    expect(firmRows(owner.firmId)).toBe(before);
  });

  it('lets a consultant move only their own, only within their own schedule; another firm finds nothing', () => {
    const { owner, ana, bo, monday, add } = setup();
    const anas = add(ana.userId, 'Ana busy', monday, 9 * 60, 10 * 60);
    const bos = add(bo.userId, 'Bo busy', monday, 9 * 60, 10 * 60);
    const before = firmRows(owner.firmId);
    expect(() => moveAppointment(ana, bos, bo.userId, monday, 11 * 60)).toThrow(ForbiddenError);
    expect(() => moveAppointment(ana, anas, bo.userId, monday, 11 * 60)).toThrow(ForbiddenError);
    const stranger = setup();
    expect(() => moveAppointment(stranger.owner, anas, stranger.ana.userId, monday, 11 * 60)).toThrow(NotFoundError);
    expect(firmRows(owner.firmId)).toBe(before);
    moveAppointment(ana, anas, ana.userId, monday, 11 * 60);
    expect(row(anas).startsAt).toBe(localToInstant(monday, 11 * 60, ZONE));
  });
});
