import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { addDays, instantToLocal, mondayOf, today } from '@/lib/time/zoned';
import { publicRequestSchema } from '@/lib/validations/requests';
import { confirmClientDetailsSchema } from '@/lib/validations/client-details';
import { marketingBlockSchema } from '@/lib/validations/schedule';
import { tokenHash } from '@/lib/link-tokens';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { acceptProposals, previewAutoSchedule } from './auto-schedule';
import { confirmClientDetails } from './client-details';
import { createMarketingBlock } from './marketing-blocks';
import { confirmRequestClient, publicFirm, setRequestPage, submitPublicRequest } from './requests';
import { listOpenRequests, placeVisit } from './visits';

const ZONE = 'America/Chicago';
// A Monday at 06:00 in Chicago a week ahead, so the whole week lies ahead of "now".
const NOW = DateTime.fromISO(`${addDays(mondayOf(today(ZONE)), 7)}T06:00`, { zone: ZONE }).toMillis();
const monday = DateTime.fromMillis(NOW, { zone: ZONE }).toISODate()!;
const [tuesday, wednesday, thursday] = [1, 2, 3].map((d) => addDays(monday, d)) as [string, string, string];

/** Ana works Monday to Friday 09:00–17:00; the firm's request page is on. */
function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  for (let weekday = 1; weekday <= 5; weekday++)
    getDb().insert(schema.workingHours).values({ firmId: firm.id, userId: ana.userId, weekday, startMinute: 540, endMinute: 1020 }).run();
  const pf = publicFirm(setRequestPage(owner, true)!)!;
  return { firm, owner, ana, pf };
}

const form = (extra: Record<string, unknown> = {}) => ({
  name: 'Pat Lee',
  company: 'Lee Law',
  phone: '555-0100',
  problem: 'Email stopped',
  urgency: 'this_week',
  address: '12 Elm St, Springfield',
  seats: '12',
  hasServer: 'yes',
  ...extra,
});

/** Sends a request from the page and returns its row id. */
function send(pf: NonNullable<ReturnType<typeof publicFirm>>, extra: Record<string, unknown> = {}): number {
  const token = submitPublicRequest(pf, publicRequestSchema.parse(form(extra)), NOW);
  return getDb()
    .select()
    .from(schema.publicRequests)
    .where(eq(schema.publicRequests.statusTokenHash, tokenHash(token)))
    .get()!.id;
}

const visitOf = (id: number) => getDb().select().from(schema.visits).where(eq(schema.visits.id, id)).get()!;
const clientOf = (id: number) => getDb().select().from(schema.clients).where(eq(schema.clients.id, id)).get()!;

describe('the request page asks for the site', () => {
  it('refuses a request without address, computers or server, each with its own message', () => {
    const rest: Record<string, unknown> = { ...form() };
    for (const k of ['address', 'seats', 'hasServer']) delete rest[k];
    const errors = (input: Record<string, unknown>) =>
      Object.fromEntries((publicRequestSchema.safeParse(input).error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(errors(rest)).toEqual({
      address: 'Enter the address of the site.',
      seats: 'Enter how many computers you have.',
      hasServer: 'Tell us whether you have a server.',
    });
    expect(errors(form({ address: '   ', seats: 'four', hasServer: 'maybe' }))).toEqual({
      address: 'Enter the address where we should come.',
      seats: 'Enter the number of computers as a whole number, like 4.',
      hasServer: 'Tell us whether you have a server.',
    });
    expect(errors(form({ seats: '0' }))).toEqual({ seats: 'Count at least 1 computer.' });
    expect(publicRequestSchema.parse(form({ hasServer: 'no' }))).toMatchObject({
      address: '12 Elm St, Springfield',
      seats: 12,
      hasServer: false,
    });
  });

  it('a new client gets the site as sent, waits for staff to confirm it (booking refused meanwhile), and the confirmation is audited', async () => {
    const { firm, owner, ana, pf } = setup();
    const requestId = send(pf, { preferredDates: [monday, thursday] });
    const visitId = confirmRequestClient(owner, requestId, 'new', NOW);
    const clientId = visitOf(visitId).clientId;
    expect(clientOf(clientId)).toMatchObject({ address: '12 Elm St, Springfield', seats: 12, hasServer: true, detailsToConfirm: true });
    expect(clientOf(clientId).tier).not.toBe('micro');
    expect(listOpenRequests(owner).find((r) => r.id === visitId)).toMatchObject({ newClient: true, pickedDates: [monday, thursday] });

    // Not booked by hand nor by the auto-scheduler until staff confirm; a refused booking writes nothing.
    const before = firmRows(firm.id);
    expect(() => placeVisit(owner, visitId, ana.userId, thursday, 10 * 60)).toThrow(/New client: confirm its details/);
    const preview = await previewAutoSchedule(owner, 2, false, NOW);
    expect(preview.proposals).toEqual([]);
    expect(preview.unplaced).toEqual([
      { visitId, clientName: 'Lee Law', reason: 'new client — confirm its details (address, computers, server, travel) first' },
    ]);
    // Only staff of the firm may confirm: a consultant, or another firm's owner, changes nothing.
    const input = confirmClientDetailsSchema.parse({
      clientId: String(clientId),
      address: '12 Elm Street, Springfield',
      seats: '14',
      hasServer: 'on',
      defaultTravelMinutes: '20',
    });
    expect(() => confirmClientDetails(ana, input, NOW)).toThrow(ForbiddenError);
    expect(() => confirmClientDetails(asMember(makeUser(makeFirm().id, 'owner')), input, NOW)).toThrow(NotFoundError);
    expect(firmRows(firm.id)).toBe(before);

    confirmClientDetails(owner, input, NOW);
    expect(clientOf(clientId)).toMatchObject({ address: '12 Elm Street, Springfield', seats: 14, detailsToConfirm: false });
    // The open request takes the confirmed travel: the visit is booked with travel around it.
    expect(visitOf(visitId).travelMinutes).toBe(20);
    const audit = getDb()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.firmId, firm.id), eq(schema.auditLog.action, 'client.details_confirmed')))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: owner.userId, entityId: clientId });
    expect(audit[0]!.before).toMatchObject({ seats: 12, defaultTravelMinutes: 0, detailsToConfirm: true });
    expect(audit[0]!.after).toMatchObject({ seats: 14, defaultTravelMinutes: 20, detailsToConfirm: false });
    const confirmed = firmRows(firm.id);
    expect(() => confirmClientDetails(owner, input, NOW)).toThrow(/already confirmed/);
    expect(firmRows(firm.id)).toBe(confirmed);
    expect(listOpenRequests(owner).find((r) => r.id === visitId)?.newClient).toBe(false);
    placeVisit(owner, visitId, ana.userId, thursday, 10 * 60);
    expect(visitOf(visitId).status).toBe('scheduled');
  });
});

describe('a request is booked only on the days its client picked', () => {
  /** An existing client (nothing to confirm) asking for Monday or Thursday. */
  function mondayOrThursday() {
    const s = setup();
    const client = getDb()
      .insert(schema.clients)
      .values({ firmId: s.firm.id, name: 'Lee Law', seats: 3, tier: 'micro', tierReason: '', defaultTravelMinutes: 15 })
      .returning()
      .get();
    const visitId = confirmRequestClient(s.owner, send(s.pf, { preferredDates: [thursday, monday] }), client.id, NOW);
    return { ...s, visitId };
  }

  it('by hand: a day between two picked days is refused and writes nothing; a picked day is booked', () => {
    const { firm, owner, ana, visitId } = mondayOrThursday();
    // The window still runs from the first to the last picked day…
    expect(visitOf(visitId)).toMatchObject({ earliestDate: monday, latestDate: thursday });
    const before = firmRows(firm.id);
    // …but Tuesday and Wednesday are not days the client picked.
    for (const day of [tuesday, wednesday])
      expect(() => placeVisit(owner, visitId, ana.userId, day, 10 * 60)).toThrow(/only have the visit on the days they picked/);
    expect(firmRows(firm.id)).toBe(before);
    placeVisit(owner, visitId, ana.userId, thursday, 10 * 60);
    expect(instantToLocal(visitOf(visitId).startsAt!, ZONE).date).toBe(thursday);
  });

  it('by the auto-scheduler: with Monday taken by a protected block, it books Thursday, not the free Tuesday', async () => {
    const { owner, ana, visitId } = mondayOrThursday();
    createMarketingBlock(
      owner,
      marketingBlockSchema.parse({
        userId: String(ana.userId),
        kind: 'expo',
        repeat: 'once',
        firstDate: monday,
        start: '09:00',
        end: '17:00',
      }),
    );
    const preview = await previewAutoSchedule(owner, 2, false, NOW);
    expect(preview.unplaced).toEqual([]);
    expect(preview.proposals.map((p) => [p.visitId, instantToLocal(p.startsAt, ZONE).date])).toEqual([[visitId, thursday]]);
    expect(acceptProposals(owner, preview.proposals)).toEqual({ accepted: 1, refused: [] });
  });
});
