import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { addDays, mondayOf, today } from '@/lib/schedule/calendar';
import { publicRequestSchema } from '@/lib/validations/requests';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { NotFoundError } from '@/lib/permissions';
import { tokenHash } from '@/lib/link-tokens';
import { confirmRequestClient, daysWithRoom, declineRequest, listUnmatchedRequests, publicFirm, publicRequestStatus, setRequestPage, submitPublicRequest, THROTTLE_MAX, throttleRequest } from './requests';

const ZONE = 'America/Chicago';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', microCapMinutesPerWeek: 60 }));
  for (let weekday = 1; weekday <= 5; weekday++) getDb().insert(schema.workingHours).values({ firmId: firm.id, userId: ana.userId, weekday, startMinute: 540, endMinute: 720 }).run();
  const token = setRequestPage(owner, true)!;
  return { firm, owner, ana, pf: publicFirm(token)! };
}

// A Monday at 06:00 in Chicago, so the whole week lies ahead.
const NOW = DateTime.fromISO(`${addDays(mondayOf(today(ZONE)), 7)}T06:00`, { zone: ZONE }).toMillis();
const monday = DateTime.fromMillis(NOW, { zone: ZONE }).toISODate()!;

describe('request page', () => {
  it('offers only days with an hour free outside protected blocks and within the weekly micro cap', () => {
    const { firm, ana } = setup();
    // Wednesday 09:00–12:00 is all protected; Thursday a sweet-spot appointment fills it.
    getDb().insert(schema.marketingBlocks).values({ firmId: firm.id, userId: ana.userId, kind: 'learning', repeat: 'once', weekday: 3, startMinute: 540, endMinute: 720, firstDate: addDays(monday, 2), lastDate: addDays(monday, 2) }).run();
    const thu = DateTime.fromISO(`${addDays(monday, 3)}T09:00`, { zone: ZONE }).toMillis();
    getDb().insert(schema.appointments).values({ firmId: firm.id, userId: ana.userId, title: 'Review', startsAt: thu, endsAt: thu + 3 * 3_600_000 }).run();
    const days = daysWithRoom(firm.id, ZONE, NOW);
    expect(days.slice(0, 5)).toEqual([monday, addDays(monday, 1), addDays(monday, 4), addDays(monday, 7), addDays(monday, 8)]);
    expect(days.every((d) => DateTime.fromISO(d).weekday <= 5)).toBe(true);

    // One hour of micro visits booked on Monday uses the 1 h weekly cap: no day left this week; next week is offered again.
    const client = getDb().insert(schema.clients).values({ firmId: firm.id, name: 'Micro', seats: 2, tier: 'micro', tierReason: '' }).returning().get();
    const mon = DateTime.fromISO(`${monday}T10:00`, { zone: ZONE }).toMillis();
    getDb().insert(schema.visits).values({ firmId: firm.id, clientId: client.id, durationMinutes: 60, priority: 3, earliestDate: monday, latestDate: monday, allowedUserIds: [], travelMinutes: 0, status: 'scheduled', userId: ana.userId, startsAt: mon, endsAt: mon + 3_600_000 }).run();
    const after = daysWithRoom(firm.id, ZONE, NOW);
    expect(after.filter((d) => d < addDays(monday, 7))).toEqual([]);
    expect(after[0]).toBe(addDays(monday, 7));
  });

  it('links a request to the client by email or company, refuses a day without room, and throttles an address', () => {
    const { firm, pf } = setup();
    const client = getDb().insert(schema.clients).values({ firmId: firm.id, name: 'Tiny Dental', email: 'front@tiny.example', seats: 3, tier: 'micro', tierReason: '', defaultTravelMinutes: 20 }).returning().get();
    const input = (extra: Record<string, unknown>) => publicRequestSchema.parse({ name: 'Pat', problem: 'Printer', urgency: 'today', email: 'x@y.example', ...extra });
    const byEmail = submitPublicRequest(pf, input({ email: 'FRONT@tiny.example', preferredDates: [monday] }), NOW);
    const byCompany = submitPublicRequest(pf, input({ company: 'tiny dental' }), NOW);
    // Another firm's client of that name (and email) is never matched.
    const other = makeFirm();
    getDb().insert(schema.clients).values({ firmId: other.id, name: 'Nobody Ltd', email: 'x@y.example', seats: 3, tier: 'micro', tierReason: '' }).run();
    const unknown = submitPublicRequest(pf, input({ company: 'Nobody Ltd' }), NOW);
    const rows = getDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.firmId, firm.id)).all();
    const of = (t: string) => rows.find((r) => r.statusTokenHash === tokenHash(t))!;
    expect(of(byEmail).clientId).toBe(client.id);
    expect(of(byCompany).clientId).toBe(client.id);
    expect(of(unknown)).toMatchObject({ clientId: null, visitId: null });
    const visit = getDb().select().from(schema.visits).where(eq(schema.visits.id, of(byEmail).visitId!)).get()!;
    expect(visit).toMatchObject({ status: 'open', priority: 5, earliestDate: monday, latestDate: monday, travelMinutes: 20, durationMinutes: 60 });
    expect(visit.notes).toContain('From the request page: Printer');

    // A Saturday has no working hours: refused, nothing written.
    const before = firmRows(firm.id);
    expect(() => submitPublicRequest(pf, input({ preferredDates: [addDays(monday, 5)] }), NOW)).toThrow(/no longer has room/);
    expect(firmRows(firm.id)).toBe(before);

    const address = `203.0.113.${firm.id % 250}`;
    for (let i = 0; i < THROTTLE_MAX; i++) throttleRequest(firm.id, address, NOW + i);
    expect(() => throttleRequest(firm.id, address, NOW + 10)).toThrow(/Too many requests/);
    // Another firm's page, and the same address ten minutes later, are not affected.
    expect(() => throttleRequest(firm.id + 1000, address, NOW + 10)).not.toThrow();
    expect(() => throttleRequest(firm.id, address, NOW + 10 * 60_000 + 20)).not.toThrow();
  });

  it('staff link a request to a client or turn it away; the status link follows the visit; another firm cannot touch it', () => {
    const { firm, owner, pf } = setup();
    const client = getDb().insert(schema.clients).values({ firmId: firm.id, name: 'Known Co', seats: 3, tier: 'micro', tierReason: '' }).returning().get();
    const input = publicRequestSchema.parse({ name: 'Lee', company: 'Unknown Co', phone: '555-0100', problem: 'Slow PC', urgency: 'whenever' });
    const linked = submitPublicRequest(pf, input, NOW);
    const declined = submitPublicRequest(pf, input, NOW);
    expect(publicRequestStatus(linked)).toMatchObject({ state: 'received', startsAt: null });
    const idOf = (token: string) => getDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.statusTokenHash, tokenHash(token))).get()!.id;
    // Newest first.
    expect(listUnmatchedRequests(owner).map((r) => r.id)).toEqual([idOf(declined), idOf(linked)]);
    const first = { id: idOf(linked) };
    const second = { id: idOf(declined) };

    // Another firm's owner gets "not found" and nothing changes.
    const other = asMember(makeUser(makeFirm().id, 'owner'));
    const before = firmRows(firm.id);
    expect(() => confirmRequestClient(other, first.id, client.id, NOW)).toThrow(NotFoundError);
    expect(() => declineRequest(other, second.id, NOW)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);

    const visitId = confirmRequestClient(owner, first.id, client.id, NOW);
    declineRequest(owner, second.id, NOW);
    expect(listUnmatchedRequests(owner)).toEqual([]);
    expect(publicRequestStatus(declined)).toMatchObject({ state: 'declined' });
    // Dealt with once: a second confirm or decline is refused and changes nothing.
    const after = firmRows(firm.id);
    expect(() => confirmRequestClient(owner, first.id, 'new', NOW)).toThrow(/already been dealt with/);
    expect(() => declineRequest(owner, first.id, NOW)).toThrow(/already been dealt with/);
    expect(firmRows(firm.id)).toBe(after);

    const visit = getDb().select().from(schema.visits).where(eq(schema.visits.id, visitId)).get()!;
    expect(visit).toMatchObject({ clientId: client.id, status: 'open', priority: 2, createdByUserId: owner.userId });
    const at = NOW + 86_400_000;
    for (const [status, state] of [['scheduled', 'scheduled'], ['checked_in', 'in_progress'], ['done', 'done'], ['cancelled', 'cancelled']] as const) {
      getDb().update(schema.visits).set({ status, startsAt: at, endsAt: at + 3_600_000 }).where(eq(schema.visits.id, visitId)).run();
      const s = publicRequestStatus(linked)!;
      expect(s.state).toBe(state);
      expect(s.startsAt).toBe(state === 'scheduled' || state === 'in_progress' ? at : null);
    }
    expect(publicRequestStatus('x'.repeat(32))).toBeNull();
  });
});
