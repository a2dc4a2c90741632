import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { timesheetToCsv } from '@/lib/csv';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { timeEntrySchema, timeEntryUpdateSchema } from '@/lib/validations/timesheets';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { localToInstant } from '@/lib/time/zoned';
import { addTimeEntry, DateToConfirm, deleteTimeEntry, exportTimesheet, getTimesheet, submitWeek, updateTimeEntry } from './timesheets';

// "Now" for these tests: Wed Mar 10 2027, noon in the firm's zone, after every entry they log.
const NOW = localToInstant('2027-03-10', 12 * 60, 'America/Chicago');

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: '=Formula Dental', seats: 3, tier: 'micro', tierReason: '', hourlyRateCents: 9_000 })
    .returning()
    .get();
  return { firm, owner, ana, client };
}
const entry = (userId: number, extra: Record<string, string> = {}) =>
  timeEntrySchema.parse({
    userId: String(userId),
    category: 'marketing',
    duration: '1.5',
    date: '2027-03-02',
    start: '09:00',
    description: 'Follow-up calls',
    ...extra,
  });

describe('timesheets', () => {
  it('totals a week by category and client, and prices client work at the client rate', () => {
    const { ana, client } = setup();
    addTimeEntry(ana, entry(ana.userId), NOW);
    addTimeEntry(ana, entry(ana.userId, { category: 'client', clientId: String(client.id), duration: '45m', description: 'Printer' }), NOW);
    const sheet = getTimesheet(ana, ana.userId, '2027-03-04');
    expect(sheet.monday).toBe('2027-03-01');
    expect(sheet.byCategory).toEqual({ micro: 45, emerging: 0, sweet_spot: 0, large: 0, marketing: 90, admin: 0 });
    expect(sheet.byClient).toEqual([{ name: '=Formula Dental', minutes: 45 }]);
    expect(sheet.entries.find((e) => e.category === 'micro')!.amountCents).toBe(6_750);
    expect(() =>
      timeEntrySchema.parse({ userId: String(ana.userId), category: 'client', duration: '1', date: '2027-03-02', start: '09:00' }),
    ).toThrow(/Client work needs a client/);
  });

  it('audits edits after the week is submitted, with before and after', () => {
    const { firm, ana } = setup();
    const id = addTimeEntry(ana, entry(ana.userId), NOW);
    submitWeek(ana, ana.userId, '2027-03-02');
    updateTimeEntry(
      ana,
      timeEntryUpdateSchema.parse({
        entryId: String(id),
        category: 'marketing',
        duration: '2',
        date: '2027-03-02',
        start: '09:00',
        description: 'Calls and letters',
      }),
      NOW,
    );
    const audit = getDb()
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.firmId, firm.id))
      .all()
      .find((a) => a.action === 'timesheet.edit')!;
    expect(audit.before).toMatchObject({ minutes: 90, description: 'Follow-up calls' });
    expect(audit.after).toMatchObject({ minutes: 120, description: 'Calls and letters', weekSubmitted: true });
    expect(() => submitWeek(ana, ana.userId, '2027-03-03')).toThrow(/already submitted/);
  });

  it('keeps consultants to their own timesheet and firms apart; refused calls change nothing', () => {
    const { firm, owner, ana } = setup();
    const bo = asMember(makeUser(firm.id, 'consultant'));
    const id = addTimeEntry(owner, entry(bo.userId), NOW);
    const before = firmRows(firm.id);
    expect(() => getTimesheet(ana, bo.userId, '2027-03-02')).toThrow(ForbiddenError);
    expect(() => deleteTimeEntry(ana, id)).toThrow(ForbiddenError);
    expect(() => exportTimesheet(ana, 'all', '2027-03-01', '2027-03-07')).toThrow(ForbiddenError);
    const stranger = setup();
    expect(() => deleteTimeEntry(stranger.owner, id)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('exports a date range as CSV with formula-looking cells guarded', () => {
    const { owner, ana, client } = setup();
    addTimeEntry(ana, entry(ana.userId, { category: 'client', clientId: String(client.id), duration: '1' }), NOW);
    addTimeEntry(ana, entry(ana.userId, { date: '2027-03-09' }), NOW);
    const csv = timesheetToCsv(exportTimesheet(owner, 'all', '2027-03-01', '2027-03-07'));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,start,person,category,client,minutes,travel_minutes,amount,description');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("2027-03-02,09:00,Ana,micro,'=Formula Dental,60,0,90,Follow-up calls");
  });

  it('files client work under the client’s own tier, and reads old entries by the client’s tier', () => {
    const { firm, ana } = setup();
    const tiered = (name: string, tier: 'emerging' | 'large') =>
      getDb()
        .insert(schema.clients)
        .values({ firmId: firm.id, name, seats: 40, tier, tierReason: '', hourlyRateCents: 12_000 })
        .returning()
        .get();
    const emerging = tiered('Growing Dental', 'emerging');
    const large = tiered('Big Logistics', 'large');
    addTimeEntry(ana, entry(ana.userId, { category: 'client', clientId: String(emerging.id), duration: '1' }), NOW);
    // A tier's name sent by an older page is client work too, filed under the client's real tier.
    addTimeEntry(ana, entry(ana.userId, { category: 'sweet_spot', clientId: String(large.id), duration: '2' }), NOW);
    const stored = getDb().select().from(schema.timeEntries).where(eq(schema.timeEntries.userId, ana.userId)).all();
    expect(stored.map((e) => [e.clientId, e.category, e.amountCents])).toEqual([
      [emerging.id, 'emerging', 12_000],
      [large.id, 'large', 24_000],
    ]);
    // An entry written before emerging and large existed says sweet_spot; it reads as its client's tier.
    getDb().update(schema.timeEntries).set({ category: 'sweet_spot' }).where(eq(schema.timeEntries.clientId, emerging.id)).run();
    const sheet = getTimesheet(ana, ana.userId, '2027-03-02');
    expect(sheet.entries.map((e) => e.category)).toEqual(['emerging', 'large']);
    expect(sheet.byCategory).toMatchObject({ emerging: 60, sweet_spot: 0, large: 120 });
  });

  it('refuses time in the future or over a year back, and asks once for a date before last week', () => {
    const { firm, ana } = setup();
    const before = firmRows(firm.id);
    // 2027 instead of 2026 (and a minute after now today) is refused next to the date.
    for (const [date, start] of [
      ['2027-03-11', '09:00'],
      ['2027-03-10', '12:01'],
      ['2026-03-09', '09:00'],
    ] as const)
      expect(() => addTimeEntry(ana, entry(ana.userId, { date, start }), NOW)).toThrow(
        expect.objectContaining({ field: 'date', message: expect.stringMatching(/in the future|more than a year ago/) }),
      );
    // Last week goes straight in; the week before asks first, then takes the confirmed date only.
    expect(() => addTimeEntry(ana, entry(ana.userId, { date: '2027-02-28' }), NOW)).toThrow(DateToConfirm);
    expect(() => addTimeEntry(ana, entry(ana.userId, { date: '2027-02-28', confirmDate: '2027-02-27' }), NOW)).toThrow(DateToConfirm);
    expect(firmRows(firm.id)).toBe(before);
    addTimeEntry(ana, entry(ana.userId, { date: '2027-03-01' }), NOW);
    const old = addTimeEntry(ana, entry(ana.userId, { date: '2027-02-28', confirmDate: '2027-02-28' }), NOW);
    // Editing the words of that old entry asks nothing; moving it into the future is refused.
    const edit = (extra: Record<string, string>) =>
      timeEntryUpdateSchema.parse({
        entryId: String(old),
        category: 'marketing',
        duration: '1.5',
        date: '2027-02-28',
        start: '09:00',
        ...extra,
      });
    updateTimeEntry(ana, edit({ description: 'Letters' }), NOW);
    expect(() => updateTimeEntry(ana, edit({ date: '2027-03-12' }), NOW)).toThrow(/in the future/);
  });
});
