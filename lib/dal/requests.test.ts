import { eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { addDays, mondayOf, today } from '@/lib/time/zoned';
import { publicRequestSchema } from '@/lib/validations/requests';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { NotFoundError } from '@/lib/permissions';
import { tokenHash } from '@/lib/link-tokens';
import {
  admitPageSubmission,
  confirmRequestClient,
  daysWithRoom,
  declineRequest,
  listUnmatchedRequests,
  publicFirm,
  publicRequestStatus,
  setRequestPage,
  submitPublicRequest,
} from './requests';
import { THROTTLE_MAX, throttleRequest } from './internal/request-throttle';

const ZONE = 'America/Chicago';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', microCapMinutesPerWeek: 60 }));
  for (let weekday = 1; weekday <= 5; weekday++)
    getDb().insert(schema.workingHours).values({ firmId: firm.id, userId: ana.userId, weekday, startMinute: 540, endMinute: 720 }).run();
  const token = setRequestPage(owner, true)!;
  return { firm, owner, ana, token, pf: publicFirm(token)! };
}

// A Monday at 06:00 in Chicago, so the whole week lies ahead.
const NOW = DateTime.fromISO(`${addDays(mondayOf(today(ZONE)), 7)}T06:00`, { zone: ZONE }).toMillis();
const monday = DateTime.fromMillis(NOW, { zone: ZONE }).toISODate()!;
/** What the page asks about the site, as the form posts it. */
const SITE = { address: '1 Main St, Springfield', seats: '3', hasServer: 'no' };

describe('request page', () => {
  it('offers only days with an hour free outside protected blocks and within the weekly micro cap', () => {
    const { firm, ana, pf } = setup();
    // Wednesday 09:00–12:00 is all protected; Thursday a sweet-spot appointment fills it.
    getDb()
      .insert(schema.marketingBlocks)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        kind: 'learning',
        repeat: 'once',
        weekday: 3,
        startMinute: 540,
        endMinute: 720,
        firstDate: addDays(monday, 2),
        lastDate: addDays(monday, 2),
      })
      .run();
    const thu = DateTime.fromISO(`${addDays(monday, 3)}T09:00`, { zone: ZONE }).toMillis();
    getDb()
      .insert(schema.appointments)
      .values({ firmId: firm.id, userId: ana.userId, title: 'Review', startsAt: thu, endsAt: thu + 3 * 3_600_000 })
      .run();
    const days = daysWithRoom(pf, NOW);
    expect(days.slice(0, 5)).toEqual([monday, addDays(monday, 1), addDays(monday, 4), addDays(monday, 7), addDays(monday, 8)]);
    expect(days.every((d) => DateTime.fromISO(d).weekday <= 5)).toBe(true);

    // One hour of micro visits booked on Monday uses the 1 h weekly cap: no day left this week; next week is offered again.
    const client = getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name: 'Micro', seats: 2, tier: 'micro', tierReason: '' })
      .returning()
      .get();
    const mon = DateTime.fromISO(`${monday}T10:00`, { zone: ZONE }).toMillis();
    getDb()
      .insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: client.id,
        durationMinutes: 60,
        priority: 3,
        earliestDate: monday,
        latestDate: monday,
        allowedUserIds: [],
        travelMinutes: 0,
        status: 'scheduled',
        userId: ana.userId,
        startsAt: mon,
        endsAt: mon + 3_600_000,
      })
      .run();
    const after = daysWithRoom(pf, NOW);
    expect(after.filter((d) => d < addDays(monday, 7))).toEqual([]);
    expect(after[0]).toBe(addDays(monday, 7));
  });

  it('never makes work for a client from an unverified sender: a match by email or company waits for staff, with the client suggested', () => {
    const { firm, owner, pf } = setup();
    const client = getDb()
      .insert(schema.clients)
      .values({
        firmId: firm.id,
        name: 'Tiny Dental',
        email: 'front@tiny.example',
        seats: 3,
        tier: 'micro',
        tierReason: '',
        defaultTravelMinutes: 20,
      })
      .returning()
      .get();
    const input = (extra: Record<string, unknown>) =>
      publicRequestSchema.parse({ name: 'Pat', problem: 'Printer', urgency: 'today', email: 'x@y.example', ...SITE, ...extra });
    const byEmail = submitPublicRequest(pf, input({ email: 'FRONT@tiny.example', preferredDates: [monday] }), NOW);
    const byCompany = submitPublicRequest(pf, input({ company: 'tiny dental', phone: '555-0100' }), NOW);
    // Another firm's client of that name (and email) is never suggested.
    const other = makeFirm();
    getDb()
      .insert(schema.clients)
      .values({ firmId: other.id, name: 'Nobody Ltd', email: 'x@y.example', seats: 3, tier: 'micro', tierReason: '' })
      .run();
    const unknown = submitPublicRequest(pf, input({ company: 'Nobody Ltd' }), NOW);
    const rows = () => getDb().select().from(schema.publicRequests).where(eq(schema.publicRequests.firmId, firm.id)).all();
    const of = (t: string) => rows().find((r) => r.statusTokenHash === tokenHash(t))!;

    // No visit row at all, no link to the client, and the sender is told only "received".
    const visits = () => getDb().select().from(schema.visits).where(eq(schema.visits.firmId, firm.id)).all();
    expect(visits()).toEqual([]);
    for (const t of [byEmail, byCompany, unknown]) {
      expect(of(t)).toMatchObject({ clientId: null, visitId: null });
      expect(publicRequestStatus(t)).toMatchObject({ state: 'received', startsAt: null });
    }
    // Staff see all three waiting, the likely client suggested where there is one.
    const waiting = listUnmatchedRequests(owner);
    const suggestion = (t: string) => waiting.find((r) => r.id === of(t).id)!.suggestion;
    expect(waiting).toHaveLength(3);
    expect(suggestion(byEmail)).toEqual({ clientId: client.id, name: 'Tiny Dental', by: 'email' });
    expect(suggestion(byCompany)).toEqual({ clientId: client.id, name: 'Tiny Dental', by: 'company' });
    expect(suggestion(unknown)).toBeNull();

    // Only a staff member's confirmation makes the visit.
    const visitId = confirmRequestClient(owner, of(byEmail).id, client.id, NOW);
    expect(visits().map((v) => v.id)).toEqual([visitId]);
    expect(of(byEmail)).toMatchObject({ clientId: client.id, visitId });
    const visit = visits()[0]!;
    expect(visit).toMatchObject({
      clientId: client.id,
      status: 'open',
      priority: 5,
      earliestDate: monday,
      latestDate: monday,
      travelMinutes: 20,
      durationMinutes: 60,
      createdByUserId: owner.userId,
    });
    expect(visit.notes).toContain('From the request page: Printer');
    // An open visit request is not a time yet: the sender still sees "received".
    expect(publicRequestStatus(byEmail)).toMatchObject({ state: 'received', startsAt: null });
    expect(of(byCompany)).toMatchObject({ clientId: null, visitId: null });

    // A Saturday has no working hours: refused, nothing written.
    const before = firmRows(firm.id);
    expect(() => submitPublicRequest(pf, input({ preferredDates: [addDays(monday, 5)] }), NOW)).toThrow(/no longer has room/);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('a suggestion is only an active or prospect client of the firm, by email before company name', () => {
    const { firm, owner, pf } = setup();
    const insert = (values: Partial<typeof schema.clients.$inferInsert>) =>
      getDb()
        .insert(schema.clients)
        .values({ firmId: firm.id, name: 'x', seats: 3, tier: 'micro', tierReason: '', ...values })
        .returning()
        .get();
    const byName = insert({ name: 'Acme' });
    const byMail = insert({ name: 'Other Co', email: 'it@acme.example' });
    insert({ name: 'Gone Ltd', email: 'it@gone.example', status: 'archived' });
    insert({ name: 'Blank email' });
    const input = (extra: Record<string, unknown>) =>
      publicRequestSchema.parse({ name: 'Pat', problem: 'Printer', urgency: 'today', ...SITE, ...extra });
    const both = submitPublicRequest(pf, input({ company: 'ACME', email: 'it@acme.example' }), NOW);
    const archived = submitPublicRequest(pf, input({ company: 'Gone Ltd', email: 'it@gone.example' }), NOW);
    const nameOnly = submitPublicRequest(pf, input({ company: 'acme', phone: '555-0100' }), NOW);
    const phoneOnly = submitPublicRequest(pf, input({ phone: '555-0100' }), NOW);
    const idOf = (t: string) =>
      getDb()
        .select()
        .from(schema.publicRequests)
        .where(eq(schema.publicRequests.statusTokenHash, tokenHash(t)))
        .get()!.id;
    const suggestion = (t: string) => listUnmatchedRequests(owner).find((r) => r.id === idOf(t))!.suggestion;
    expect(suggestion(both)).toEqual({ clientId: byMail.id, name: 'Other Co', by: 'email' });
    expect(suggestion(nameOnly)).toEqual({ clientId: byName.id, name: 'Acme', by: 'company' });
    expect(suggestion(archived)).toBeNull();
    // An empty email on the request never matches a client without one.
    expect(suggestion(phoneOnly)).toBeNull();
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.firmId, firm.id)).all()).toEqual([]);
  });

  it('the page token is checked before anything is written: a wrong, absent or switched-off token writes nothing', () => {
    const { firm, owner, token: pageToken } = setup();
    const attempts = () => JSON.stringify(getDb().select().from(schema.requestAttempts).all());
    const before = [attempts(), firmRows(firm.id)];
    const huge = '2001:db8::'.padEnd(15_000, 'f');
    for (const token of ['', 'A'.repeat(32), 'not a token', 'x'.repeat(15_000)]) {
      for (let i = 0; i < THROTTLE_MAX + 2; i++) expect(() => admitPageSubmission(token, huge, NOW + i)).toThrow(/no longer available/);
    }
    setRequestPage(owner, false);
    const afterOff = [attempts(), firmRows(firm.id)];
    expect(afterOff[0]).toBe(before[0]);
    expect(() => admitPageSubmission(pageToken, '203.0.113.7', NOW)).toThrow(/no longer available/);
    expect([attempts(), firmRows(firm.id)]).toEqual(afterOff);
  });

  it('throttles an address per page, storing a short key and nothing once over the limit', () => {
    const { firm } = setup();
    const rowsOf = () =>
      getDb()
        .select()
        .from(schema.requestAttempts)
        .where(like(schema.requestAttempts.address, `${firm.id}|%`))
        .all();
    const address = `203.0.113.${firm.id % 250}`;
    for (let i = 0; i < THROTTLE_MAX; i++) throttleRequest(firm.id, address, NOW + i);
    expect(() => throttleRequest(firm.id, address, NOW + 10)).toThrow(/Too many requests/);
    // Another firm's page, and the same address ten minutes later, are not affected.
    expect(() => throttleRequest(firm.id + 1000, address, NOW + 10)).not.toThrow();
    expect(() => throttleRequest(firm.id, address, NOW + 10 * 60_000 + 20)).not.toThrow();

    // Whatever the caller claims as its address, a stored key stays short, and refused posts add no rows.
    const start = rowsOf().length;
    for (const claimed of ['9'.repeat(15_000), `${'a:'.repeat(7_000)}1`, '<script>'.repeat(2_000)]) {
      for (let i = 0; i < 50; i++) {
        try {
          throttleRequest(firm.id, claimed, NOW + 20 * 60_000 + i);
        } catch (e) {
          expect(String(e)).toMatch(/Too many requests/);
        }
      }
    }
    const added = rowsOf().slice(start);
    expect(added.length).toBeLessThanOrEqual(3 * THROTTLE_MAX);
    expect(Math.max(...added.map((r) => r.address.length))).toBeLessThanOrEqual(80);
  });

  it('staff link a request to a client or turn it away; the status link follows the visit; another firm cannot touch it', () => {
    const { firm, owner, pf } = setup();
    const client = getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name: 'Known Co', seats: 3, tier: 'micro', tierReason: '' })
      .returning()
      .get();
    const input = publicRequestSchema.parse({
      name: 'Lee',
      company: 'Unknown Co',
      phone: '555-0100',
      problem: 'Slow PC',
      urgency: 'whenever',
      ...SITE,
    });
    const linked = submitPublicRequest(pf, input, NOW);
    const declined = submitPublicRequest(pf, input, NOW);
    expect(publicRequestStatus(linked)).toMatchObject({ state: 'received', startsAt: null });
    const idOf = (token: string) =>
      getDb()
        .select()
        .from(schema.publicRequests)
        .where(eq(schema.publicRequests.statusTokenHash, tokenHash(token)))
        .get()!.id;
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
    for (const [status, state] of [
      ['scheduled', 'scheduled'],
      ['checked_in', 'in_progress'],
      ['done', 'done'],
      ['cancelled', 'cancelled'],
    ] as const) {
      getDb()
        .update(schema.visits)
        .set({ status, startsAt: at, endsAt: at + 3_600_000 })
        .where(eq(schema.visits.id, visitId))
        .run();
      const s = publicRequestStatus(linked)!;
      expect(s.state).toBe(state);
      expect(s.startsAt).toBe(state === 'scheduled' || state === 'in_progress' ? at : null);
    }
    expect(publicRequestStatus('x'.repeat(32))).toBeNull();
  });
});
