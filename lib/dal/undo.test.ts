import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, mondayOf, today } from '@/lib/time/zoned';
import { clientSchema } from '@/lib/validations/clients';
import { marketingBlockSchema, visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { restoreAppointment, getRemovedAppointment } from './appointment-undo';
import { createAppointment, deleteAppointment } from './appointments';
import { archiveClient, createClient, getClient, REPEAT_CREATE_MS, restoreClient, updateClient } from './clients';
import { createMarketingBlock, listMarketing, skipOccurrence, unskipOccurrence } from './marketing-blocks';
import { cancelVisit, createVisitRequest, getVisit, placeVisit, restoreVisit } from './visits';
import { setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '08:00-12:00, 13:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  const clientId = createClient(owner, clientInput(`Micro ${firm.id}`));
  const monday = addDays(mondayOf(today(ZONE)), 7);
  const visitId = createVisitRequest(
    owner,
    visitRequestSchema.parse({
      clientId: String(clientId),
      durationMinutes: '60',
      priority: '3',
      earliestDate: monday,
      latestDate: monday,
    }),
  );
  return { firm, owner, staff, ana, clientId, monday, visitId };
}

function clientInput(name: string, extra: Record<string, string> = {}) {
  return clientSchema.parse({ name, seats: '3', growth: 'flat', status: 'active', ...extra });
}

const audit = (firmId: number, action: string) =>
  getDb()
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.firmId, firmId), eq(schema.auditLog.action, action)))
    .all();

describe('cancelling a visit and taking it back', () => {
  it('records the reason with the cancellation and books it in its old slot again while that slot is free', () => {
    const { firm, owner, ana, monday, visitId } = setup();
    placeVisit(owner, visitId, ana.userId, monday, 9 * 60);
    const slot = getVisit(owner, visitId);
    cancelVisit(owner, visitId, 'client closed for a funeral');
    expect(audit(firm.id, 'visit.cancel').at(-1)?.after).toEqual({ status: 'cancelled', reason: 'client closed for a funeral' });
    expect(restoreVisit(owner, visitId)).toBe('scheduled');
    expect(getVisit(owner, visitId)).toMatchObject({
      status: 'scheduled',
      userId: ana.userId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
    });
    expect(audit(firm.id, 'visit.restore')).toHaveLength(1);
  });

  it('puts a request that was never booked back among the open requests', () => {
    const { owner, visitId } = setup();
    cancelVisit(owner, visitId, 'duplicate request');
    expect(restoreVisit(owner, visitId)).toBe('open');
    expect(getVisit(owner, visitId).status).toBe('open');
  });

  it('refuses, changing nothing, when something now sits in the old slot or its time has passed', () => {
    const { firm, owner, ana, monday, visitId } = setup();
    placeVisit(owner, visitId, ana.userId, monday, 9 * 60);
    cancelVisit(owner, visitId, 'client asked to postpone');
    createAppointment(owner, {
      userId: ana.userId,
      clientId: null,
      title: 'Server swap',
      date: monday,
      start: 9 * 60,
      end: 11 * 60,
      notes: '',
    });
    const before = firmRows(firm.id);
    expect(() => restoreVisit(owner, visitId)).toThrow(/no longer free.*Server swap/);
    expect(() => restoreVisit(owner, visitId, Date.now() + 30 * 86_400_000)).toThrow(/time has passed/);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('refuses a consultant, another firm and a visit that is not cancelled; nothing changes', () => {
    const { firm, owner, ana, visitId } = setup();
    const other = setup();
    cancelVisit(owner, visitId, 'client on holiday');
    const before = firmRows(firm.id, other.firm.id);
    expect(() => restoreVisit(ana, visitId)).toThrow(ForbiddenError);
    expect(() => restoreVisit(other.owner, visitId)).toThrow(NotFoundError);
    expect(() => restoreVisit(other.owner, other.visitId)).toThrow(/Only a cancelled visit/);
    expect(() => cancelVisit(ana, other.visitId, 'not mine')).toThrow(ForbiddenError);
    expect(firmRows(firm.id, other.firm.id)).toBe(before);
  });
});

describe('archiving a client and restoring it', () => {
  it('gives the client back the status it had before the archive, audited as a restore', () => {
    const { firm, owner, staff } = setup();
    const id = createClient(owner, clientInput('Prospect Co', { status: 'prospect' }));
    archiveClient(owner, id);
    expect(getClient(owner, id).status).toBe('archived');
    restoreClient(staff, id);
    expect(getClient(owner, id).status).toBe('prospect');
    expect(audit(firm.id, 'client.restored').at(-1)).toMatchObject({
      entityId: id,
      before: { status: 'archived' },
      after: { status: 'prospect' },
    });
  });

  it('refuses a consultant and another firm; nothing changes', () => {
    const { firm, owner, ana, clientId } = setup();
    const other = setup();
    archiveClient(owner, clientId);
    const before = firmRows(firm.id, other.firm.id);
    expect(() => restoreClient(ana, clientId)).toThrow(ForbiddenError);
    expect(() => restoreClient(other.owner, clientId)).toThrow(NotFoundError);
    expect(firmRows(firm.id, other.firm.id)).toBe(before);
  });
});

describe('skipping a block occurrence and taking the skip back', () => {
  const block = (userId: number, date: string) =>
    marketingBlockSchema.parse({
      userId: String(userId),
      kind: 'direct_mail',
      repeat: 'weekly',
      firstDate: date,
      start: '09:00',
      end: '11:00',
    });

  it('protects the time again after an un-skip, audited', () => {
    const { firm, owner, ana, monday, visitId } = setup();
    const blockId = createMarketingBlock(owner, block(ana.userId, monday));
    skipOccurrence(owner, blockId, monday, 'out sick');
    unskipOccurrence(ana, blockId, monday);
    expect(listMarketing(owner, ana.userId, monday, 1).occurrences.find((o) => o.date === monday)?.skipped).toBeNull();
    expect(() => placeVisit(owner, visitId, ana.userId, monday, 9 * 60 + 30)).toThrow(/protected/);
    expect(audit(firm.id, 'marketing.unskip').at(-1)?.before).toMatchObject({ date: monday, reason: 'out sick' });
  });

  it('refuses while a visit booked since the skip sits in it, a consultant on another’s block, another firm; nothing changes', () => {
    const { firm, owner, ana, monday, visitId } = setup();
    const other = setup();
    const blockId = createMarketingBlock(owner, block(ana.userId, monday));
    const ownersBlock = createMarketingBlock(owner, block(owner.userId, monday));
    skipOccurrence(owner, blockId, monday, 'urgent outage');
    skipOccurrence(owner, ownersBlock, monday, 'urgent outage');
    placeVisit(owner, visitId, ana.userId, monday, 9 * 60 + 30);
    const before = firmRows(firm.id, other.firm.id);
    expect(() => unskipOccurrence(owner, blockId, monday)).toThrow(/while the visit to .* sits in it/);
    expect(() => unskipOccurrence(ana, ownersBlock, monday)).toThrow(ForbiddenError);
    expect(() => unskipOccurrence(other.owner, blockId, monday)).toThrow(NotFoundError);
    expect(() => unskipOccurrence(owner, blockId, addDays(monday, 7))).toThrow(/not skipped/);
    expect(firmRows(firm.id, other.firm.id)).toBe(before);
  });
});

describe('removing an appointment and taking it back', () => {
  const appointment = (userId: number, date: string, start: number, end: number) => ({
    userId,
    clientId: null,
    title: 'Server upgrade',
    date,
    start,
    end,
    notes: 'bring the spare disk',
  });
  const rowOf = (id: number) => getDb().$client.prepare('select * from appointments where id = ?').get(id);

  it('puts back exactly the row that was removed, id and all, and audits both steps', () => {
    const { firm, owner, ana, monday } = setup();
    const id = createAppointment(owner, appointment(ana.userId, monday, 13 * 60, 15 * 60));
    const before = rowOf(id);
    deleteAppointment(owner, id);
    expect(rowOf(id)).toBeUndefined();
    expect(getRemovedAppointment(owner, id)).toMatchObject({ id, title: 'Server upgrade', back: false });
    expect(restoreAppointment(ana, id)).toEqual({ userId: ana.userId, date: monday });
    expect(rowOf(id)).toEqual(before);
    expect(getRemovedAppointment(owner, id)?.back).toBe(true);
    expect(audit(firm.id, 'appointment.restore')).toHaveLength(1);
    // A second undo finds it already back and changes nothing.
    const rows = firmRows(firm.id);
    expect(() => restoreAppointment(owner, id)).toThrow(/already back/);
    expect(firmRows(firm.id)).toBe(rows);
  });

  it('refuses, changing nothing, when its time was taken since, for a lower role, or from another firm', () => {
    const { firm, owner, ana, monday } = setup();
    const id = createAppointment(owner, appointment(ana.userId, monday, 13 * 60, 15 * 60));
    deleteAppointment(owner, id);
    createAppointment(owner, { ...appointment(ana.userId, monday, 14 * 60, 16 * 60), title: 'Vendor call' });
    const bo = asMember(makeUser(firm.id, 'consultant'));
    const rows = firmRows(firm.id);
    expect(() => restoreAppointment(owner, id)).toThrow(/cannot come back: its time now holds the appointment “Vendor call”/);
    expect(() => restoreAppointment(bo, id)).toThrow(ForbiddenError);
    expect(getRemovedAppointment(bo, id)).toBeNull();
    const other = asMember(makeUser(makeFirm().id, 'owner'));
    expect(() => restoreAppointment(other, id)).toThrow(NotFoundError);
    expect(getRemovedAppointment(other, id)).toBeNull();
    expect(firmRows(firm.id)).toBe(rows);
  });
});

describe('creating the same client twice', () => {
  it('answers a repeated create by the same person with the client the first one made, once', () => {
    const { firm, owner } = setup();
    const first = createClient(owner, clientInput('Double Click Co', { email: 'a@b.example' }));
    const before = firmRows(firm.id);
    expect(createClient(owner, clientInput('Double Click Co', { email: 'a@b.example' }))).toBe(first);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('is still a duplicate for another person, other fields, a later edit or after the repeat window', () => {
    const { firm, owner, staff } = setup();
    const id = createClient(owner, clientInput('Taken Co'));
    expect(() => createClient(staff, clientInput('Taken Co'))).toThrow(/already exists/);
    expect(() => createClient(owner, clientInput('Taken Co', { seats: '4' }))).toThrow(/already exists/);
    expect(() => createClient(owner, clientInput('Taken Co'), Date.now() + REPEAT_CREATE_MS + 1000)).toThrow(/already exists/);
    updateClient(owner, id, clientInput('Taken Co'), Date.now() + 1000);
    expect(() => createClient(owner, clientInput('Taken Co'))).toThrow(/already exists/);
    expect(getDb().select().from(schema.clients).where(eq(schema.clients.firmId, firm.id)).all()).toHaveLength(2);
  });
});
