import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { marketingBlockSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { setWorkingHours } from './working-hours';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { feedCalendar, getFeedTokens, regenerateFeed, revokeFeed } from './feeds';
import { createMarketingBlock } from './marketing-blocks';
import { changeOwnPassword } from './accounts';
import { changeTeamMemberRole, resetTeamMemberPassword, setTeamMemberActive } from './team';
import { hashPassword } from '@/lib/password';

const ZONE = 'America/Chicago';
// Tuesday 2026-11-10: the feed covers Oct 13 – Feb 2, across the end of daylight saving time on Nov 1.
const NOW = DateTime.fromISO('2026-11-10T12:00', { zone: ZONE }).toMillis();
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const client = getDb()
    .insert(schema.clients)
    .values({
      firmId: firm.id,
      name: 'Tiny Dental, Inc.',
      address: '12 Main St; Suite 3, Springfield',
      seats: 3,
      tier: 'micro',
      tierReason: 'small',
    })
    .returning()
    .get();
  const visit = (startIso: string, minutes: number, notes = '') =>
    getDb()
      .insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: client.id,
        durationMinutes: minutes,
        priority: 3,
        earliestDate: '2026-01-01',
        latestDate: '2027-12-31',
        allowedUserIds: [],
        travelMinutes: 15,
        status: 'scheduled',
        userId: ana.userId,
        startsAt: at(startIso),
        endsAt: at(startIso) + minutes * 60_000,
        notes,
      })
      .returning()
      .get();
  return { firm, owner, ana, client, visit };
}

type Parsed = {
  uid: string;
  sequence: number;
  summary: string;
  start: number;
  end: number;
  location: string | null;
  description: string | null;
  transp: string | null;
  categories: string[];
};

/** Reads a feed with an independent parser (Mozilla's ical.js), not the library that wrote it. */
function parse(text: string): Parsed[] {
  const vcal = new ICAL.Component(ICAL.parse(text));
  return vcal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      start: e.startDate.toJSDate().getTime(),
      end: e.endDate.toJSDate().getTime(),
      location: e.location,
      description: e.description,
      transp: c.getFirstPropertyValue('transp') as string | null,
      categories: c.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
    };
  });
}

describe('calendar feeds', () => {
  it('serves every visit, appointment and protected block with the database’s times, across a daylight-saving change', () => {
    const { firm, owner, ana, visit } = setup();
    const before = visit('2026-10-28T10:00', 90, 'Printer jams; bring toner,\nand the spare "fuser"');
    const after = visit('2026-11-04T10:00', 60);
    const cancelled = visit('2026-11-05T13:00', 60);
    getDb().update(schema.visits).set({ status: 'cancelled' }).where(eqId(cancelled.id)).run();
    const outside = visit('2026-09-01T10:00', 60); // more than 4 weeks back: not in the feed
    const appt = getDb()
      .insert(schema.appointments)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        title: 'Quarterly review',
        startsAt: at('2026-11-03T14:00'),
        endsAt: at('2026-11-03T15:00'),
      })
      .returning()
      .get();
    // Every Tuesday 09:00–11:00 local, from before the change to after it.
    const blockId = createMarketingBlock(
      owner,
      marketingBlockSchema.parse({
        userId: String(ana.userId),
        kind: 'direct_mail',
        repeat: 'weekly',
        firstDate: '2026-10-20',
        start: '09:00',
        end: '11:00',
      }),
    );
    // Someone else's visit is not in Ana's feed.
    const bob = asMember(makeUser(firm.id, 'consultant', { name: 'Bob' }));
    getDb().update(schema.visits).set({ userId: bob.userId }).where(eqId(outside.id)).run();

    const token = regenerateFeed(ana, 'me');
    const text = feedCalendar(token, NOW)!;
    expect(text).toContain('BEGIN:VCALENDAR');
    // RFC 5545 §3.1: lines of at most 75 octets, CRLF endings.
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = parse(text);

    const v1 = events.find((e) => e.uid === `visit-${before.id}@sweetspot`)!;
    expect(v1).toMatchObject({ start: before.startsAt, end: before.endsAt, sequence: 0, location: '12 Main St; Suite 3, Springfield' });
    expect(v1.summary).toBe('Visit: Tiny Dental, Inc.');
    expect(v1.description).toBe('Printer jams; bring toner,\nand the spare "fuser"\nTravel: 15 min each way.');
    // 10:00 in Chicago is 15:00 UTC before the change and 16:00 after it.
    expect(new Date(v1.start).toISOString()).toBe('2026-10-28T15:00:00.000Z');
    const v2 = events.find((e) => e.uid === `visit-${after.id}@sweetspot`)!;
    expect(new Date(v2.start).toISOString()).toBe('2026-11-04T16:00:00.000Z');
    expect(v2.end).toBe(after.endsAt);
    expect(events.find((e) => e.uid === `visit-${cancelled.id}@sweetspot`)).toBeTruthy();
    expect(events.some((e) => e.uid === `visit-${outside.id}@sweetspot`)).toBe(false);
    expect(events.find((e) => e.uid === `appointment-${appt.id}@sweetspot`)).toMatchObject({
      start: appt.startsAt,
      end: appt.endsAt,
      summary: 'Quarterly review',
    });

    // The block keeps 09:00–11:00 local on both sides of the change; each occurrence has its own stable UID.
    const blocks = events.filter((e) => e.uid.startsWith(`block-${blockId}-`));
    const expected = ['2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10', '2026-11-17'];
    for (const date of expected) {
      const b = blocks.find((e) => e.uid === `block-${blockId}-${date}@sweetspot`)!;
      expect(b, date).toBeTruthy();
      expect(b.start).toBe(at(`${date}T09:00`));
      expect(b.end).toBe(at(`${date}T11:00`));
      expect(b).toMatchObject({ transp: 'OPAQUE', summary: 'Protected: Direct mail', categories: ['direct mail'] });
    }
    expect(new Date(blocks.find((b) => b.uid.includes('2026-10-27'))!.start).toISOString()).toBe('2026-10-27T14:00:00.000Z');
    expect(new Date(blocks.find((b) => b.uid.includes('2026-11-03'))!.start).toISOString()).toBe('2026-11-03T15:00:00.000Z');
    // 12 weeks ahead of Nov 10 is Feb 2: the last Tuesday in the feed is Jan 26 or Feb 2, never later.
    expect(Math.max(...blocks.map((b) => b.start))).toBeLessThan(NOW + 12 * 7 * 86_400_000);

    // Moving a visit keeps its UID and bumps SEQUENCE (a database trigger, so every writer does it).
    getDb()
      .update(schema.visits)
      .set({ startsAt: at('2026-11-04T13:00'), endsAt: at('2026-11-04T14:00') })
      .where(eqId(after.id))
      .run();
    const moved = parse(feedCalendar(token, NOW)!).find((e) => e.uid === `visit-${after.id}@sweetspot`)!;
    expect(moved).toMatchObject({ sequence: 1, start: at('2026-11-04T13:00') });
    // Editing only the notes does not.
    getDb().update(schema.visits).set({ notes: 'new notes' }).where(eqId(after.id)).run();
    expect(parse(feedCalendar(token, NOW)!).find((e) => e.uid === `visit-${after.id}@sweetspot`)!.sequence).toBe(1);
  });

  it('a firm-wide feed for owner and staff names each person; consultants cannot have one', () => {
    const { owner, ana, visit } = setup();
    const v = visit('2026-11-11T10:00', 60);
    const token = regenerateFeed(owner, 'firm');
    const events = parse(feedCalendar(token, NOW)!);
    expect(events.find((e) => e.uid === `visit-${v.id}@sweetspot`)!.summary).toBe('Visit: Tiny Dental, Inc. (Ana)');
    expect(() => regenerateFeed(ana, 'firm')).toThrow();
    expect(getFeedTokens(ana).firm).toBeNull();
  });

  it('revoking or regenerating stops the old token at once; a deactivated person’s feed stops too', () => {
    const { firm, ana } = setup();
    const first = regenerateFeed(ana, 'me');
    expect(feedCalendar(first, NOW)).not.toBeNull();
    const second = regenerateFeed(ana, 'me');
    expect(second).not.toBe(first);
    expect(feedCalendar(first, NOW)).toBeNull();
    expect(getFeedTokens(ana).me).toEqual({ token: second });
    revokeFeed(ana, 'me');
    expect(feedCalendar(second, NOW)).toBeNull();
    expect(getFeedTokens(ana).me).toBeNull();
    // Revoking again changes nothing.
    const rows = firmRows(firm.id);
    revokeFeed(ana, 'me');
    expect(firmRows(firm.id)).toBe(rows);
    const third = regenerateFeed(ana, 'me');
    getDb().update(schema.users).set({ active: false }).where(eqUser(ana.userId)).run();
    expect(feedCalendar(third, NOW)).toBeNull();
    expect(feedCalendar('not-a-token', NOW)).toBeNull();
  });
});

describe('calendar feed text', () => {
  // What a firm, person, client, address, note or title could hold to forge content lines in every subscriber's calendar.
  const forged = (label: string) =>
    `${label}\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:${label}-injected@evil\r\nSUMMARY:Injected ${label}\r\nDTSTART:20261111T100000Z\r\nDTEND:20261111T110000Z\r\nEND:VEVENT\r\nX-${label}:1`;
  // Other ways to break a line: lone CR, lone LF, vertical tab, form feed, NUL, NEL, line and paragraph separators.
  const oddBreaks = 'a\rBEGIN:VEVENT b\nUID:x c\u000bd\u000ce\u0000f\u0085g\u2028h\u2029i\u001bj\u007fk';

  it('no firm, person, client, address, note or title can start a content line: a parser sees exactly the real events', () => {
    const firm = makeFirm(forged('FIRM'));
    const owner = asMember(makeUser(firm.id, 'owner', { name: forged('OWNER') }));
    const ana = asMember(makeUser(firm.id, 'consultant', { name: forged('PERSON') }));
    const client = getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name: forged('CLIENT'), address: forged('ADDRESS'), seats: 3, tier: 'micro', tierReason: 'small' })
      .returning()
      .get();
    const v = getDb()
      .insert(schema.visits)
      .values({
        firmId: firm.id,
        clientId: client.id,
        durationMinutes: 60,
        priority: 3,
        earliestDate: '2026-01-01',
        latestDate: '2027-12-31',
        allowedUserIds: [],
        travelMinutes: 0,
        status: 'scheduled',
        userId: ana.userId,
        startsAt: at('2026-11-11T10:00'),
        endsAt: at('2026-11-11T11:00'),
        notes: `${forged('NOTES')}\n${oddBreaks}`,
      })
      .returning()
      .get();
    const appt = getDb()
      .insert(schema.appointments)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        clientId: client.id,
        title: forged('TITLE'),
        startsAt: at('2026-11-12T14:00'),
        endsAt: at('2026-11-12T15:00'),
      })
      .returning()
      .get();
    const blockId = createMarketingBlock(
      owner,
      marketingBlockSchema.parse({
        userId: String(ana.userId),
        kind: 'seminar',
        repeat: 'once',
        firstDate: '2026-11-13',
        start: '09:00',
        end: '11:00',
        title: 'Seminar',
      }),
    );
    getDb()
      .update(schema.marketingBlocks)
      .set({ title: forged('BLOCK') + oddBreaks })
      .where(eq(schema.marketingBlocks.id, blockId))
      .run();
    const expected = [`visit-${v.id}@sweetspot`, `appointment-${appt.id}@sweetspot`, `block-${blockId}-2026-11-13@sweetspot`].sort();

    for (const token of [regenerateFeed(ana, 'me'), regenerateFeed(owner, 'firm')]) {
      const text = feedCalendar(token, NOW)!;
      // Lines are split by CRLF only, and no other control character (tab aside) is left anywhere.
      expect(text.endsWith('\r\nEND:VCALENDAR')).toBe(true);
      const lines = text.split('\r\n');
      for (const line of lines) expect(line, JSON.stringify(line)).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/);
      // Only the generator's own lines begin a property: nothing forged sits at the start of a line.
      expect(lines.filter((l) => /^(UID:|SUMMARY:Injected|X-(FIRM|OWNER|PERSON|CLIENT|ADDRESS|NOTES|TITLE|BLOCK))/.test(l))).toEqual(
        lines.filter((l) => /^UID:(visit|appointment|block)-\d+/.test(l)),
      );
      expect(lines.filter((l) => l === 'BEGIN:VCALENDAR')).toHaveLength(1);
      expect(lines.filter((l) => l === 'END:VCALENDAR')).toEqual([lines.at(-1)]);
      expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(3);

      const vcal = new ICAL.Component(ICAL.parse(text));
      expect(vcal.name).toBe('vcalendar');
      expect(vcal.getAllSubcomponents().map((c) => c.name)).toEqual(['vevent', 'vevent', 'vevent']);
      const events = parse(text);
      expect(events.map((e) => e.uid).sort()).toEqual(expected);
      // The text itself survives, on one line where a line is all it may take.
      const name = String(vcal.getFirstPropertyValue('name'));
      expect(name.startsWith(`${firm.name.split('\r')[0]} END:VCALENDAR BEGIN:VEVENT`)).toBe(true);
      expect(name).not.toMatch(/[\r\n]/);
      const visit = events.find((e) => e.uid === expected.find((u) => u.startsWith('visit')))!;
      expect(visit.summary).toContain('Injected CLIENT');
      expect(visit.summary).not.toMatch(/[\r\n]/);
      expect(visit.description).toContain('\nSUMMARY:Injected NOTES\n');
      expect(visit.location).toContain('Injected ADDRESS');
    }
  });

  it('carries the free time kept for owed marketing, an event per span, on the person’s and the team’s feed, escaped', () => {
    const { firm, owner } = setup();
    // Joined well before: the week of Nov 16 (ahead of NOW) owes the firm's whole 8-h target, and no block pays it.
    const eve = asMember(makeUser(firm.id, 'consultant', { name: 'Eve, Jr.\r\nBEGIN:VEVENT', createdAt: at('2026-10-01T00:00') }));
    const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '09:00-17:00']));
    setWorkingHours(owner, workingHoursSchema.parse({ userId: String(eve.userId), ...hours }));
    // The latest free time of that week: Friday Nov 20, 09:00–17:00 in Chicago.
    const span = { start: at('2026-11-20T09:00'), end: at('2026-11-20T17:00') };
    const kept = (text: string) => parse(text).filter((e) => e.uid.startsWith('kept-for-marketing-'));
    const mine = kept(feedCalendar(regenerateFeed(eve, 'me'), NOW)!);
    expect(mine.find((e) => e.start === span.start)).toMatchObject({ ...span, summary: 'Kept for marketing', transp: 'OPAQUE' });
    // Nothing of it lies in the past, nor beyond the feed's 12 weeks.
    expect(mine.every((e) => e.end > NOW && e.start < NOW + 12 * 7 * 86_400_000)).toBe(true);
    const text = feedCalendar(regenerateFeed(owner, 'firm'), NOW)!;
    const team = kept(text).find((e) => e.start === span.start)!;
    // The name's line break is a space: it stays one summary, and adds no event of its own.
    expect(team.summary).toBe('Kept for marketing (Eve, Jr. BEGIN:VEVENT)');
    expect(text.match(/^BEGIN:VEVENT/gm)!.length).toBe(parse(text).length);
  });
});

describe('feeds end when the account behind them can no longer be trusted', () => {
  // A session stolen for a moment can copy feed addresses from Settings; whatever ends the session must end those too.
  async function team() {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner', { passwordHash: await hashPassword('owner password') }));
    const staff = asMember(makeUser(firm.id, 'staff', { passwordHash: await hashPassword('staff password') }));
    const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana', passwordHash: await hashPassword('ana password') }));
    const bob = asMember(makeUser(firm.id, 'consultant', { name: 'Bob' }));
    // Staff have no schedule of their own to feed: the team feed is theirs (made by them here).
    const feeds = {
      owner: regenerateFeed(owner, 'me'),
      ana: regenerateFeed(ana, 'me'),
      bob: regenerateFeed(bob, 'me'),
      team: regenerateFeed(staff, 'firm'),
    };
    const answering = () =>
      Object.entries(feeds)
        .filter(([, token]) => feedCalendar(token, NOW) !== null)
        .map(([k]) => k);
    expect(answering()).toEqual(['owner', 'ana', 'bob', 'team']);
    return { firm, owner, staff, ana, bob, answering };
  }

  it('the owner resets a consultant’s password: that consultant’s feed stops, everyone else’s keeps working', async () => {
    const { owner, ana, answering } = await team();
    await resetTeamMemberPassword(owner, ana.userId);
    expect(answering()).toEqual(['owner', 'bob', 'team']);
    expect(getFeedTokens(ana).me).toBeNull();
  });

  it('the owner resets a staff member’s password: their own feed and the team feed they could read both stop', async () => {
    const { owner, staff, answering } = await team();
    await resetTeamMemberPassword(owner, staff.userId);
    expect(answering()).toEqual(['owner', 'ana', 'bob']);
    expect(getFeedTokens(owner)).toEqual({ me: expect.anything(), firm: null });
  });

  it('a role change stops the person’s feeds (and the team feed when they could read it)', async () => {
    const { firm, owner, staff, ana, answering } = await team();
    changeTeamMemberRole(owner, ana.userId, 'staff');
    expect(answering()).toEqual(['owner', 'bob', 'team']);
    changeTeamMemberRole(owner, staff.userId, 'consultant');
    expect(answering()).toEqual(['owner', 'bob']);
    // Changing back does not bring the old addresses back.
    changeTeamMemberRole(owner, ana.userId, 'consultant');
    changeTeamMemberRole(owner, staff.userId, 'staff');
    expect(answering()).toEqual(['owner', 'bob']);
    // A role that keeps a schedule still ends the feed: a second owner made a consultant.
    const other = asMember(makeUser(firm.id, 'owner'));
    const feed = regenerateFeed(other, 'me');
    changeTeamMemberRole(owner, other.userId, 'consultant');
    expect(feedCalendar(feed, NOW)).toBeNull();
  });

  it('deactivating stops the feeds for good: reactivating does not bring the old addresses back', async () => {
    const { owner, ana, staff, answering } = await team();
    setTeamMemberActive(owner, ana.userId, false);
    setTeamMemberActive(owner, staff.userId, false);
    expect(answering()).toEqual(['owner', 'bob']);
    setTeamMemberActive(owner, ana.userId, true);
    setTeamMemberActive(owner, staff.userId, true);
    expect(answering()).toEqual(['owner', 'bob']);
    // They can make new addresses, which work.
    expect(feedCalendar(regenerateFeed(ana, 'me'), NOW)).not.toBeNull();
  });

  it('changing one’s own password stops one’s feeds (the team feed too for owner and staff); the record says why', async () => {
    const { firm, owner, ana, answering } = await team();
    await changeOwnPassword(ana, 'ana password', 'ana new password');
    expect(answering()).toEqual(['owner', 'bob', 'team']);
    await changeOwnPassword(owner, 'owner password', 'owner new password');
    expect(answering()).toEqual(['bob']);
    const revoked = getDb()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.firmId, firm.id), eq(schema.auditLog.action, 'feed.revoke')))
      .all();
    expect(revoked.map((r) => [r.actorUserId, r.entityId, r.after])).toEqual([
      [ana.userId, ana.userId, { scope: 'me', reason: 'user.password_changed' }],
      [owner.userId, owner.userId, { scope: 'me', reason: 'user.password_changed' }],
      [owner.userId, 0, { scope: 'firm', reason: 'user.password_changed' }],
    ]);
  });

  it('a wrong current password or a refused change leaves every feed working', async () => {
    const { owner, ana, staff, answering } = await team();
    await expect(changeOwnPassword(ana, 'not it', 'whatever new one')).rejects.toThrow();
    expect(() => changeTeamMemberRole(staff, ana.userId, 'owner')).toThrow();
    expect(() => setTeamMemberActive(ana, owner.userId, false)).toThrow();
    changeTeamMemberRole(owner, ana.userId, 'consultant'); // no change
    expect(answering()).toEqual(['owner', 'ana', 'bob', 'team']);
  });
});

import { and, eq } from 'drizzle-orm';
const eqId = (id: number) => eq(schema.visits.id, id);
const eqUser = (id: number) => eq(schema.users.id, id);
