import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { clientSchema } from '@/lib/validations/clients';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { deleteAppointment } from '../appointments';
import { updateClient } from '../clients';
import { endMarketingBlock } from '../marketing-blocks';
import { declineRequest } from '../requests';
import { deleteTimeEntry } from '../timesheets';
import { cancelVisit } from '../visits';
import {
  getAppointmentOrThrow,
  getBlockOrThrow,
  getChosenClientOrThrow,
  getClientOrThrow,
  getPageRequestOrThrow,
  getTimeEntryOrThrow,
  getUserOrThrow,
  getVisitOrThrow,
} from './records';

const DAY = 86_400_000;

/** A firm whose owner has one of everything, and a consultant (Ana) with a visit, a block and an entry of her own. */
function firmWithRecords() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const db = getDb();
  const client = db
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `Client ${randomUUID().slice(0, 6)}`, seats: 3, tier: 'micro', tierReason: '' })
    .returning()
    .get();
  const at = Date.now() + 7 * DAY;
  const visit = (userId: number) =>
    db
      .insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: client.id,
        durationMinutes: 60,
        priority: 3,
        earliestDate: '2030-01-01',
        latestDate: '2030-12-31',
        allowedUserIds: [],
        travelMinutes: 0,
        status: 'scheduled',
        userId,
        startsAt: at,
        endsAt: at + 3_600_000,
      })
      .returning()
      .get().id;
  const block = (userId: number) =>
    db
      .insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId,
        kind: 'seminar',
        repeat: 'weekly',
        weekday: 2,
        startMinute: 540,
        endMinute: 600,
        firstDate: '2030-01-01',
      })
      .returning()
      .get().id;
  const entry = (userId: number) =>
    db
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId, category: 'marketing', startedAt: at, minutes: 60, description: 'Calls' })
      .returning()
      .get().id;
  const appointmentId = db
    .insert(schema.appointments)
    .values({ firmId: firm.id, userId: owner.userId, title: 'Server review', startsAt: at, endsAt: at + 3_600_000 })
    .returning()
    .get().id;
  const requestId = db
    .insert(schema.publicRequests)
    .values({
      firmId: firm.id,
      statusTokenHash: randomUUID(),
      name: 'Sender',
      company: '',
      email: '',
      phone: '',
      problem: 'Printer',
      urgency: 'whenever',
      preferredDates: [],
    })
    .returning()
    .get().id;
  return {
    firm,
    owner,
    staff,
    ana,
    clientId: client.id,
    appointmentId,
    requestId,
    ownerVisit: visit(owner.userId),
    anaVisit: visit(ana.userId),
    ownerBlock: block(owner.userId),
    anaBlock: block(ana.userId),
    ownerEntry: entry(owner.userId),
    anaEntry: entry(ana.userId),
  };
}

describe('get…OrThrow: the one lookup per entity', () => {
  it('answers NotFound for another firm’s id, whatever the caller’s role', () => {
    const a = firmWithRecords();
    const b = firmWithRecords();
    const db = getDb();
    const intruder = b.owner;
    expect(() => getUserOrThrow(db, intruder, a.ana.userId, 'schedule')).toThrow(NotFoundError);
    expect(() => getUserOrThrow(db, intruder, a.ana.userId, 'team')).toThrow(NotFoundError);
    expect(() => getClientOrThrow(db, intruder, a.clientId, 'clients.write')).toThrow(NotFoundError);
    expect(() => getVisitOrThrow(db, intruder, a.ownerVisit, 'manage')).toThrow(NotFoundError);
    expect(() => getBlockOrThrow(db, intruder, a.ownerBlock)).toThrow(NotFoundError);
    expect(() => getAppointmentOrThrow(db, intruder, a.appointmentId)).toThrow(NotFoundError);
    expect(() => getTimeEntryOrThrow(db, intruder, a.ownerEntry)).toThrow(NotFoundError);
    expect(() => getPageRequestOrThrow(db, intruder, a.requestId)).toThrow(NotFoundError);
    // A client picked in a form: the same refusal, as an error next to the field.
    const picked = (() => {
      try {
        getChosenClientOrThrow(db, intruder, a.clientId);
      } catch (e) {
        return e;
      }
    })();
    expect(picked).toBeInstanceOf(UserFacingError);
    expect((picked as UserFacingError).field).toBe('clientId');
  });

  it('answers Forbidden to a lower role on another person’s records of the same firm', () => {
    const { ana, owner, clientId, ownerVisit, anaVisit, ownerBlock, appointmentId, ownerEntry, requestId } = firmWithRecords();
    const db = getDb();
    expect(() => getUserOrThrow(db, ana, owner.userId, 'schedule')).toThrow(ForbiddenError);
    expect(() => getUserOrThrow(db, ana, owner.userId, 'timesheets')).toThrow(ForbiddenError);
    expect(() => getUserOrThrow(db, ana, owner.userId, 'dashboard')).toThrow(ForbiddenError);
    expect(() => getClientOrThrow(db, ana, clientId, 'clients.write')).toThrow(ForbiddenError);
    expect(() => getVisitOrThrow(db, ana, ownerVisit, 'manage')).toThrow(ForbiddenError);
    expect(() => getBlockOrThrow(db, ana, ownerBlock)).toThrow(ForbiddenError);
    expect(() => getAppointmentOrThrow(db, ana, appointmentId)).toThrow(ForbiddenError);
    expect(() => getTimeEntryOrThrow(db, ana, ownerEntry)).toThrow(ForbiddenError);
    expect(() => getPageRequestOrThrow(db, ana, requestId)).toThrow(ForbiddenError);
    // Someone else's visit is as invisible as another firm's to a consultant, and to anyone on the phone.
    expect(() => getVisitOrThrow(db, ana, ownerVisit, 'read')).toThrow(NotFoundError);
    expect(() => getVisitOrThrow(db, owner, anaVisit, 'own')).toThrow(NotFoundError);
  });

  it('finds each record for whoever may work on it', () => {
    const { ana, owner, staff, clientId, ownerVisit, anaVisit, ownerBlock, anaBlock, appointmentId, ownerEntry, anaEntry, requestId } =
      firmWithRecords();
    const db = getDb();
    expect(getUserOrThrow(db, ana, ana.userId, 'schedule').name).toBe('Ana');
    expect(getUserOrThrow(db, ana, owner.userId, 'team').id).toBe(owner.userId);
    expect(getUserOrThrow(db, staff, ana.userId, 'schedule').id).toBe(ana.userId);
    expect(getUserOrThrow(db, staff, ana.userId, 'timesheets').id).toBe(ana.userId);
    expect(getClientOrThrow(db, ana, clientId).id).toBe(clientId);
    expect(getClientOrThrow(db, staff, clientId, 'clients.write').id).toBe(clientId);
    expect(getVisitOrThrow(db, ana, anaVisit, 'read').clientTier).toBe('micro');
    expect(getVisitOrThrow(db, ana, anaVisit, 'own').id).toBe(anaVisit);
    expect(getVisitOrThrow(db, staff, ownerVisit, 'manage').id).toBe(ownerVisit);
    expect(getBlockOrThrow(db, ana, anaBlock).id).toBe(anaBlock);
    expect(getBlockOrThrow(db, staff, ownerBlock).id).toBe(ownerBlock);
    expect(getAppointmentOrThrow(db, owner, appointmentId).id).toBe(appointmentId);
    expect(getTimeEntryOrThrow(db, ana, anaEntry).id).toBe(anaEntry);
    expect(getTimeEntryOrThrow(db, staff, ownerEntry).id).toBe(ownerEntry);
    expect(getPageRequestOrThrow(db, staff, requestId).id).toBe(requestId);
  });

  it('leaves the database unchanged when a write is refused through them', () => {
    const a = firmWithRecords();
    const b = firmWithRecords();
    const before = firmRows(a.firm.id, b.firm.id);
    const refusals: [() => unknown, typeof NotFoundError | typeof ForbiddenError][] = [
      [() => deleteAppointment(a.ana, a.appointmentId), ForbiddenError],
      [() => deleteAppointment(b.owner, a.appointmentId), NotFoundError],
      [() => endMarketingBlock(a.ana, a.ownerBlock, '2030-06-01', 'not mine'), ForbiddenError],
      [() => endMarketingBlock(b.staff, a.ownerBlock, '2030-06-01', 'not ours'), NotFoundError],
      [() => cancelVisit(a.ana, a.anaVisit, 'not mine'), ForbiddenError],
      [() => cancelVisit(b.owner, a.ownerVisit, 'not ours'), NotFoundError],
      [() => deleteTimeEntry(a.ana, a.ownerEntry), ForbiddenError],
      [() => deleteTimeEntry(b.owner, a.ownerEntry), NotFoundError],
      [() => declineRequest(a.ana, a.requestId), ForbiddenError],
      [() => declineRequest(b.owner, a.requestId), NotFoundError],
      [
        () => updateClient(a.ana, a.clientId, clientSchema.parse({ name: 'Renamed', seats: '3', growth: 'flat', status: 'active' })),
        ForbiddenError,
      ],
      [
        () => updateClient(b.owner, a.clientId, clientSchema.parse({ name: 'Renamed', seats: '3', growth: 'flat', status: 'active' })),
        NotFoundError,
      ],
    ];
    for (const [refused, error] of refusals) expect(refused).toThrow(error);
    expect(firmRows(a.firm.id, b.firm.id)).toBe(before);
  });
});
