import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { NotFoundError } from '@/lib/permissions';
import { addDays, localToInstant, today } from '@/lib/time/zoned';
import { dayLabel } from '@/lib/time/format';
import { callAtOnce } from '@/test/at-once';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { MAX_CLIENT_OPTIONS } from './client-options';
import { applyFieldOp, getToday, setShareLocation } from './field';
import { cancelVisit } from './visits';

const HOUR = 3_600_000;

function setup(tier: 'micro' | 'sweet_spot' = 'micro') {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant'));
  const client = getDb()
    .insert(schema.clients)
    .values({ firmId: firm.id, name: `C ${firm.id}`, seats: 3, tier, tierReason: '', hourlyRateCents: 12_000, defaultTravelMinutes: 10 })
    .returning()
    .get();
  const start = Date.now() - 2 * HOUR;
  const visit = getDb()
    .insert(schema.visits)
    .values({
      firmId: firm.id,
      clientId: client.id,
      durationMinutes: 60,
      priority: 3,
      earliestDate: '2026-01-01',
      latestDate: '2030-01-01',
      allowedUserIds: [],
      travelMinutes: 10,
      status: 'scheduled',
      userId: ana.userId,
      startsAt: start,
      endsAt: start + HOUR,
    })
    .returning()
    .get();
  return { firm, owner, ana, client, visit, start };
}

const entries = (visitId: number) => getDb().select().from(schema.timeEntries).where(eq(schema.timeEntries.visitId, visitId)).all();

describe('check-in and check-out', () => {
  it('turns a check-out into one billable time entry in the client tier’s category', () => {
    const { ana, visit, start } = setup('sweet_spot');
    expect(
      applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start + 60_000, location: null }),
    ).toMatchObject({ ok: true, status: 'checked_in' });
    const out = applyFieldOp(ana, {
      type: 'check_out',
      opId: randomUUID(),
      visitId: visit.id,
      at: start + 50 * 60_000,
      location: null,
      summary: 'Replaced switch',
      billableMinutes: 60,
    });
    expect(out).toMatchObject({ ok: true, status: 'done' });
    expect(entries(visit.id)).toEqual([
      expect.objectContaining({
        category: 'sweet_spot',
        minutes: 60,
        travelMinutes: 20,
        amountCents: 12_000,
        description: 'Replaced switch',
        startedAt: start + 60_000,
      }),
    ]);
  });

  it('is idempotent: the same op five times gives one change and the same answer', () => {
    const { ana, visit, start } = setup();
    const opId = randomUUID();
    const inOp = { type: 'check_in' as const, opId, visitId: visit.id, at: start, location: null };
    const answers = Array.from({ length: 5 }, () => applyFieldOp(ana, inOp));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const outOp = {
      type: 'check_out' as const,
      opId: randomUUID(),
      visitId: visit.id,
      at: start + HOUR,
      location: null,
      summary: 'Done',
      billableMinutes: 60,
    };
    for (let i = 0; i < 5; i++) applyFieldOp(ana, outOp);
    expect(entries(visit.id)).toHaveLength(1);
    expect(getDb().select().from(schema.clientOps).where(eq(schema.clientOps.userId, ana.userId)).all()).toHaveLength(2);
  });

  it('answers a conflict, records nothing, when the visit was cancelled meanwhile', () => {
    const { owner, ana, visit, start } = setup();
    cancelVisit(owner, visit.id, 'client closed today');
    const res = applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start, location: null });
    expect(res).toMatchObject({ ok: false, conflict: true });
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.id, visit.id)).get()).toMatchObject({
      status: 'cancelled',
      checkedInAt: null,
    });
  });

  it('records location only for a user who opted in', () => {
    const { ana, visit, start } = setup();
    const location = { lat: 41.88, lng: -87.63, accuracy: 12 };
    applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start, location });
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.id, visit.id)).get()).toMatchObject({
      checkInLat: null,
      checkInLng: null,
      checkInAccuracyM: null,
    });
    setShareLocation(ana, true);
    applyFieldOp(ana, {
      type: 'check_out',
      opId: randomUUID(),
      visitId: visit.id,
      at: start + HOUR,
      location,
      summary: 's',
      billableMinutes: 60,
    });
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.id, visit.id)).get()).toMatchObject({
      checkOutLat: 41.88,
      checkOutLng: -87.63,
      checkOutAccuracyM: 12,
    });
  });

  it('refuses another consultant’s visit, a future time and an end before the check-in', () => {
    const { firm, ana, visit, start } = setup();
    const bo = asMember(makeUser(firm.id, 'consultant'));
    const before = firmRows(firm.id);
    expect(() => applyFieldOp(bo, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start, location: null })).toThrow(
      NotFoundError,
    );
    expect(() =>
      applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: Date.now() + HOUR, location: null }),
    ).toThrow(UserFacingError);
    expect(firmRows(firm.id)).toBe(before);
    applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start, location: null });
    expect(() =>
      applyFieldOp(ana, {
        type: 'check_out',
        opId: randomUUID(),
        visitId: visit.id,
        at: start - 1,
        location: null,
        summary: 's',
        billableMinutes: 15,
      }),
    ).toThrow(/after the check-in/);
    expect(entries(visit.id)).toEqual([]);
  });

  it('starts unplanned work on the spot', () => {
    const { ana, client } = setup();
    const res = applyFieldOp(ana, {
      type: 'start_unplanned',
      opId: randomUUID(),
      clientId: client.id,
      at: Date.now() - 60_000,
      location: null,
      notes: 'Server down',
    });
    expect(res).toMatchObject({ ok: true, status: 'checked_in' });
    expect(
      getDb()
        .select()
        .from(schema.visits)
        .where(eq(schema.visits.id, (res as { visitId: number }).visitId))
        .get(),
    ).toMatchObject({ unplanned: true, userId: ana.userId, status: 'checked_in' });
  });
});

describe('operation ids are scoped to the person who sent them', () => {
  it('another person’s op id is unknown to me: my op is applied as new, answers nothing of theirs, and theirs stays as it was', () => {
    const { firm, ana, visit, start } = setup();
    const bo = asMember(makeUser(firm.id, 'consultant'));
    const boStart = Date.now() - HOUR;
    const boVisit = getDb()
      .insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: visit.clientId,
        durationMinutes: 60,
        priority: 3,
        earliestDate: '2026-01-01',
        latestDate: '2030-01-01',
        allowedUserIds: [],
        travelMinutes: 0,
        status: 'scheduled',
        userId: bo.userId,
        startsAt: boStart,
        endsAt: boStart + HOUR,
      })
      .returning()
      .get();
    const opId = randomUUID();
    const anaAnswer = applyFieldOp(ana, { type: 'check_in', opId, visitId: visit.id, at: start, location: null });
    const anaOps = JSON.stringify(getDb().select().from(schema.clientOps).where(eq(schema.clientOps.userId, ana.userId)).all());

    // Bo (by chance or on purpose) sends the same op id: it must behave exactly as a fresh one would.
    const boAnswer = applyFieldOp(bo, { type: 'check_in', opId, visitId: boVisit.id, at: boStart + 60_000, location: null });
    expect(boAnswer).toEqual({ ok: true, visitId: boVisit.id, status: 'checked_in', at: boStart + 60_000 });
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.id, boVisit.id)).get()).toMatchObject({
      status: 'checked_in',
      checkedInAt: boStart + 60_000,
    });
    // Replayed, each person gets their own first answer.
    expect(applyFieldOp(bo, { type: 'check_in', opId, visitId: boVisit.id, at: boStart + 60_000, location: null })).toEqual(boAnswer);
    expect(applyFieldOp(ana, { type: 'check_in', opId, visitId: visit.id, at: start, location: null })).toEqual(anaAnswer);
    expect(JSON.stringify(getDb().select().from(schema.clientOps).where(eq(schema.clientOps.userId, ana.userId)).all())).toBe(anaOps);
  });

  it('another person’s op id aimed at a visit I may not touch answers as for a fresh id (not found), and changes nothing', () => {
    const { firm, ana, visit, start } = setup();
    const bo = asMember(makeUser(firm.id, 'consultant'));
    const opId = randomUUID();
    applyFieldOp(ana, { type: 'check_in', opId, visitId: visit.id, at: start, location: null });
    const before = firmRows(firm.id);
    const fresh = (() => {
      try {
        applyFieldOp(bo, { type: 'check_in', opId: randomUUID(), visitId: visit.id, at: start, location: null });
      } catch (e) {
        return e;
      }
    })();
    const reused = (() => {
      try {
        applyFieldOp(bo, { type: 'check_in', opId, visitId: visit.id, at: start, location: null });
      } catch (e) {
        return e;
      }
    })();
    expect(fresh).toBeInstanceOf(NotFoundError);
    expect(reused).toBeInstanceOf(NotFoundError);
    expect((reused as Error).message).toBe((fresh as Error).message);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('in another firm too, a used op id is unknown', () => {
    const { ana, visit, start } = setup();
    const other = setup();
    const opId = randomUUID();
    applyFieldOp(ana, { type: 'check_in', opId, visitId: visit.id, at: start, location: null });
    expect(applyFieldOp(other.ana, { type: 'check_in', opId, visitId: other.visit.id, at: other.start, location: null })).toMatchObject({
      ok: true,
      visitId: other.visit.id,
    });
  });
});

describe('call-out client list', () => {
  it('is every active client of a small firm, and in a big one the clients this person worked for in the last 180 days', () => {
    const { firm, ana, client } = setup();
    const add = (name: string, status: 'active' | 'archived' = 'active') =>
      getDb().insert(schema.clients).values({ firmId: firm.id, name, seats: 3, tier: 'micro', tierReason: '', status }).returning().get()
        .id;
    const recent = add('Recent Co');
    const old = add('Old Co');
    add('Gone Co', 'archived');
    expect(getToday(ana).clients.map((c) => c.label)).toEqual([client.name, 'Old Co', 'Recent Co'].sort((a, b) => a.localeCompare(b)));

    getDb()
      .insert(schema.clients)
      .values(
        Array.from({ length: MAX_CLIENT_OPTIONS }, (_, i) => ({
          firmId: firm.id,
          name: `Bulk ${i}`,
          seats: 3,
          tier: 'micro' as const,
          tierReason: '',
        })),
      )
      .run();
    const entry = (clientId: number, daysAgo: number) =>
      getDb()
        .insert(schema.timeEntries)
        .values({
          firmId: firm.id,
          userId: ana.userId,
          clientId,
          category: 'micro',
          startedAt: Date.now() - daysAgo * 86_400_000,
          minutes: 60,
        })
        .run();
    entry(recent, 10);
    entry(old, 200);
    expect(getToday(ana).clients).toEqual([
      { value: String(recent), label: 'Recent Co', tier: 'micro', address: '', phone: '', contactName: '' },
    ]);
  });

  it('carries each client’s tier and contact, so a call-out’s card shows them before the server answers', () => {
    const { firm, ana } = setup();
    const id = getDb()
      .insert(schema.clients)
      .values({
        firmId: firm.id,
        name: 'Harbor Holdings',
        seats: 60,
        hasServer: true,
        tier: 'large',
        tierReason: '',
        address: '1 Harbor Way',
        phone: '+1 312 555 0100',
        contactName: 'Hana Harbor',
      })
      .returning()
      .get().id;
    expect(getToday(ana).clients.find((c) => c.value === String(id))).toEqual({
      value: String(id),
      label: 'Harbor Holdings',
      tier: 'large',
      address: '1 Harbor Way',
      phone: '+1 312 555 0100',
      contactName: 'Hana Harbor',
    });
  });
});

describe('one open check-in per person', () => {
  // The factories' firm is in Chicago. Yesterday 15:21 there is well inside the 14 days an op may be late, at any hour.
  const ZONE = 'America/Chicago';
  const yesterday = addDays(today(ZONE), -1);
  const local = (minute: number, date = yesterday) => localToInstant(date, minute, ZONE);
  const ELSEWHERE = 'You are checked in at Elm Street Insurance since 15:21 — check out first.';

  function twoVisits() {
    const { firm, ana } = setup();
    const client = (name: string) =>
      getDb()
        .insert(schema.clients)
        .values({ firmId: firm.id, name, seats: 3, tier: 'micro', tierReason: '', hourlyRateCents: 9_000 })
        .returning()
        .get();
    const visitAt = (clientId: number, start: number) =>
      getDb()
        .insert(schema.visits)
        .values({
          firmId: firm.id,
          clientId,
          durationMinutes: 60,
          priority: 3,
          earliestDate: '2026-01-01',
          latestDate: '2030-01-01',
          allowedUserIds: [],
          travelMinutes: 0,
          status: 'scheduled',
          userId: ana.userId,
          startsAt: start,
          endsAt: start + HOUR,
        })
        .returning()
        .get();
    const elm = client('Elm Street Insurance');
    const jackson = client('Jackson Realty');
    return { firm, ana, elm, jackson, elmVisit: visitAt(elm.id, local(15 * 60)), jacksonVisit: visitAt(jackson.id, local(15 * 60 + 30)) };
  }
  const openCheckIns = (userId: number) =>
    getDb()
      .select({ id: schema.visits.id })
      .from(schema.visits)
      .where(and(eq(schema.visits.userId, userId), eq(schema.visits.status, 'checked_in')))
      .all();

  /** Every firm-owned row except the one op receipt the refusal is recorded in (so a replay answers the same). */
  function expectOnlyTheReceipt(before: string, after: string, opId: string) {
    const [was, is] = [JSON.parse(before) as unknown[][], JSON.parse(after) as unknown[][]];
    const changed = is.flatMap((rows, i) => (JSON.stringify(rows) === JSON.stringify(was[i]) ? [] : [i]));
    expect(changed).toHaveLength(1);
    const rows = is[changed[0]!]!;
    expect(rows.slice(0, -1)).toEqual(was[changed[0]!]);
    expect(rows.at(-1)).toMatchObject({ op_id: opId });
  }

  it('refuses a check-in at a second visit, names the open one and its time on the firm’s clock, and changes nothing else', () => {
    const { firm, ana, elmVisit, jacksonVisit } = twoVisits();
    expect(
      applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: elmVisit.id, at: local(15 * 60 + 21), location: null }),
    ).toMatchObject({ ok: true });
    const before = firmRows(firm.id);
    const second = { type: 'check_in' as const, opId: randomUUID(), visitId: jacksonVisit.id, at: local(15 * 60 + 30), location: null };
    const refused = applyFieldOp(ana, second);
    expect(refused).toEqual({ ok: false, conflict: true, code: 'checked_in_elsewhere', visitId: jacksonVisit.id, message: ELSEWHERE });
    expectOnlyTheReceipt(before, firmRows(firm.id), second.opId);
    expect(openCheckIns(ana.userId)).toEqual([{ id: elmVisit.id }]);
  });

  it('refuses an on-the-spot start too', () => {
    const { firm, ana, elmVisit, jackson } = twoVisits();
    applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: elmVisit.id, at: local(15 * 60 + 21), location: null });
    const before = firmRows(firm.id);
    const start = {
      type: 'start_unplanned' as const,
      opId: randomUUID(),
      clientId: jackson.id,
      at: local(15 * 60 + 40),
      location: null,
      notes: '',
    };
    expect(applyFieldOp(ana, start)).toEqual({ ok: false, conflict: true, code: 'checked_in_elsewhere', message: ELSEWHERE });
    expectOnlyTheReceipt(before, firmRows(firm.id), start.opId);
  });

  it('replays stay idempotent: the accepted check-in answers ok again, the refused one stays refused after the check-out', () => {
    const { ana, elmVisit, jacksonVisit } = twoVisits();
    const first = { type: 'check_in' as const, opId: randomUUID(), visitId: elmVisit.id, at: local(15 * 60 + 21), location: null };
    const accepted = applyFieldOp(ana, first);
    expect(applyFieldOp(ana, first)).toEqual(accepted);
    const second = { type: 'check_in' as const, opId: randomUUID(), visitId: jacksonVisit.id, at: local(15 * 60 + 30), location: null };
    const refused = applyFieldOp(ana, second);
    applyFieldOp(ana, {
      type: 'check_out',
      opId: randomUUID(),
      visitId: elmVisit.id,
      at: local(16 * 60),
      location: null,
      summary: 'Done',
      billableMinutes: 45,
    });
    // Applied now, the old tap would check in at 15:30, inside the visit just closed.
    expect(applyFieldOp(ana, second)).toEqual(refused);
    expect(getDb().select().from(schema.visits).where(eq(schema.visits.id, jacksonVisit.id)).get()).toMatchObject({
      status: 'scheduled',
      checkedInAt: null,
    });
    // A new tap after the check-out is taken.
    expect(applyFieldOp(ana, { ...second, opId: randomUUID(), at: local(16 * 60 + 5) })).toMatchObject({
      ok: true,
      visitId: jacksonVisit.id,
    });
  });

  it('counts only the person’s own check-ins', () => {
    const { firm, ana, elmVisit, jackson } = twoVisits();
    const bo = asMember(makeUser(firm.id, 'consultant'));
    applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: elmVisit.id, at: local(15 * 60 + 21), location: null });
    expect(
      applyFieldOp(bo, {
        type: 'start_unplanned',
        opId: randomUUID(),
        clientId: jackson.id,
        at: local(15 * 60 + 25),
        location: null,
        notes: '',
      }),
    ).toMatchObject({ ok: true });
  });

  it('a check-in left open on an earlier day is on Today (to be closed) and named with its day', () => {
    const { ana, elmVisit, jacksonVisit } = twoVisits();
    const twoDaysAgo = addDays(yesterday, -1);
    getDb()
      .update(schema.visits)
      .set({
        status: 'checked_in',
        startsAt: local(15 * 60, twoDaysAgo),
        endsAt: local(16 * 60, twoDaysAgo),
        checkedInAt: local(15 * 60 + 21, twoDaysAgo),
      })
      .where(eq(schema.visits.id, elmVisit.id))
      .run();
    expect(
      applyFieldOp(ana, { type: 'check_in', opId: randomUUID(), visitId: jacksonVisit.id, at: local(15 * 60 + 30), location: null }),
    ).toMatchObject({
      code: 'checked_in_elsewhere',
      message: `You are checked in at Elm Street Insurance since ${dayLabel(twoDaysAgo)}, 15:21 — check out first.`,
    });
    expect(getToday(ana).visits.filter((v) => v.id === elmVisit.id)).toEqual([
      expect.objectContaining({ status: 'checked_in', checkedInDay: dayLabel(twoDaysAgo) }),
    ]);
    expect(getToday(ana).visits.some((v) => v.id === jacksonVisit.id)).toBe(false); // yesterday's scheduled visit is not
  });

  it('two check-ins for different visits sent at the same moment from two processes: exactly one is taken', async () => {
    const { ana, elmVisit, jacksonVisit } = twoVisits();
    const ops = [elmVisit, jacksonVisit].map((v, i) => ({
      type: 'check_in',
      opId: randomUUID(),
      visitId: v.id,
      at: local(15 * 60 + 21 + i),
      location: null,
    }));
    const answers = (await callAtOnce(ops.map((op) => ['applyFieldOp', [ana, op]]))) as { ok?: boolean; code?: string }[];
    expect(answers.filter((a) => a.ok === true)).toHaveLength(1);
    expect(answers.filter((a) => a.code === 'checked_in_elsewhere')).toHaveLength(1);
    expect(openCheckIns(ana.userId)).toHaveLength(1);
  }, 60_000);
});
