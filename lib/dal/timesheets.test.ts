import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { timesheetToCsv } from '@/lib/csv';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { timeEntrySchema, timeEntryUpdateSchema } from '@/lib/validations/timesheets';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { addTimeEntry, deleteTimeEntry, exportTimesheet, getTimesheet, submitWeek, updateTimeEntry } from './timesheets';

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
    addTimeEntry(ana, entry(ana.userId));
    addTimeEntry(ana, entry(ana.userId, { category: 'micro', clientId: String(client.id), duration: '45m', description: 'Printer' }));
    const sheet = getTimesheet(ana, ana.userId, '2027-03-04');
    expect(sheet.monday).toBe('2027-03-01');
    expect(sheet.byCategory).toEqual({ micro: 45, sweet_spot: 0, marketing: 90, admin: 0 });
    expect(sheet.byClient).toEqual([{ name: '=Formula Dental', minutes: 45 }]);
    expect(sheet.entries.find((e) => e.category === 'micro')!.amountCents).toBe(6_750);
    expect(() =>
      timeEntrySchema.parse({ userId: String(ana.userId), category: 'micro', duration: '1', date: '2027-03-02', start: '09:00' }),
    ).toThrow(/Client work needs a client/);
  });

  it('audits edits after the week is submitted, with before and after', () => {
    const { firm, ana } = setup();
    const id = addTimeEntry(ana, entry(ana.userId));
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
    const id = addTimeEntry(owner, entry(bo.userId));
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
    addTimeEntry(ana, entry(ana.userId, { category: 'micro', clientId: String(client.id), duration: '1' }));
    addTimeEntry(ana, entry(ana.userId, { date: '2027-03-20' }));
    const csv = timesheetToCsv(exportTimesheet(owner, 'all', '2027-03-01', '2027-03-07'));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,start,person,category,client,minutes,travel_minutes,amount,description');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("2027-03-02,09:00,Ana,micro,'=Formula Dental,60,0,90,Follow-up calls");
  });
});
