import 'server-only';
import { and, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import ical, {
  escape as escapeText,
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalCalendar,
} from 'ical-generator';
import { getDb, schema } from '@/db';
import { newLink, shownLink, TOKEN, tokenHash, type ShownLink } from '@/lib/link-tokens';
import { assertCan, can } from '@/lib/permissions';
import { addDays, instantToLocal } from '@/lib/time/zoned';
import { blockName, occurrencesOf } from './internal/blocks';
import { keptForMarketing } from './internal/marketing-reserve';
import { schedulablePeople } from './internal/people';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { DAY_MS } from '@/lib/time/units';

/** What a feed covers: the past 4 weeks and the next 12. */
export const FEED_WEEKS_BACK = 4;
export const FEED_WEEKS_AHEAD = 12;

export type FeedScope = 'me' | 'firm';
export type FeedTokens = { me: ShownLink; firm: ShownLink };

// Everything a feed shows comes from what people typed (firm, person and client
// names, addresses, notes, titles). A line break there would end the property
// and let the text write its own lines — whole events — into every subscriber's
// calendar. So every text goes through one of these two before the generator:
// every kind of line break (CR, LF, VT, FF, NEL, U+2028/9) becomes a space (one
// line) or an LF that the generator escapes as "\n" (notes), and every other
// control character but tab is dropped.
const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
/** Text that must stay on one line: names, titles, kinds. */
export const feedLine = (text: string) => text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '');
/** Text that may span lines (notes, addresses). */
export const feedText = (text: string) => text.replace(LINE_BREAKS, '\n').replace(CONTROLS, '');

/** Whose feed: the caller's own, or the firm-wide one (owner and staff, who may read every schedule). */
function ownerOf(member: Member, scope: FeedScope): number | null {
  if (scope === 'me') return member.userId;
  assertCan(member.role, 'schedule.manage');
  return null;
}

/** The caller's feed tokens: their own, and the firm-wide one for owner and staff. */
export function getFeedTokens(member: Member): FeedTokens {
  assertCan(member.role, 'account.own');
  const rows = getDb()
    .select({ hash: schema.calendarFeeds.tokenHash, nonce: schema.calendarFeeds.nonce, userId: schema.calendarFeeds.userId })
    .from(schema.calendarFeeds)
    .where(eq(schema.calendarFeeds.firmId, member.firmId))
    .all();
  return {
    me: shownLink(
      'calendar-feed',
      rows.find((r) => r.userId === member.userId),
    ),
    firm: can(member.role, 'schedule.manage')
      ? shownLink(
          'calendar-feed',
          rows.find((r) => r.userId === null),
        )
      : null,
  };
}

/** Creates the feed, or replaces it with a new secret: the old URL stops working in the same transaction. */
export function regenerateFeed(member: Member, scope: FeedScope): string {
  assertCan(member.role, 'account.own');
  const userId = ownerOf(member, scope);
  return writeTransaction((tx) => {
    const mine = and(
      eq(schema.calendarFeeds.firmId, member.firmId),
      userId === null ? isNull(schema.calendarFeeds.userId) : eq(schema.calendarFeeds.userId, userId),
    );
    const had = tx.select({ hash: schema.calendarFeeds.tokenHash }).from(schema.calendarFeeds).where(mine).all().length > 0;
    tx.delete(schema.calendarFeeds).where(mine).run();
    const { token, nonce, hash } = newLink('calendar-feed');
    tx.insert(schema.calendarFeeds).values({ tokenHash: hash, nonce, firmId: member.firmId, userId, createdByUserId: member.userId }).run();
    writeAudit(tx, member, { action: had ? 'feed.regenerate' : 'feed.create', entity: 'calendar_feed', id: userId ?? 0, after: { scope } });
    return token;
  });
}

export function revokeFeed(member: Member, scope: FeedScope): void {
  assertCan(member.role, 'account.own');
  const userId = ownerOf(member, scope);
  writeTransaction((tx) => {
    const mine = and(
      eq(schema.calendarFeeds.firmId, member.firmId),
      userId === null ? isNull(schema.calendarFeeds.userId) : eq(schema.calendarFeeds.userId, userId),
    );
    if (tx.delete(schema.calendarFeeds).where(mine).run().changes === 0) return;
    writeAudit(tx, member, { action: 'feed.revoke', entity: 'calendar_feed', id: userId ?? 0, after: { scope } });
  });
}

/**
 * The iCalendar (RFC 5545) text of a feed, or null when the token opens
 * nothing (never issued, revoked, replaced, or its user deactivated). Times
 * are UTC instants, so every calendar shows them in its own zone; UIDs are
 * stable per visit, appointment and block occurrence, and a visit's SEQUENCE
 * goes up each time it moves.
 */
export function feedCalendar(token: string, now = Date.now()): string | null {
  if (!TOKEN.test(token)) return null;
  const db = getDb();
  const feed = db
    .select()
    .from(schema.calendarFeeds)
    .where(eq(schema.calendarFeeds.tokenHash, tokenHash(token)))
    .get();
  if (!feed) return null;
  const firm = db
    .select({ name: schema.firms.name, zone: schema.firms.timeZone })
    .from(schema.firms)
    .where(eq(schema.firms.id, feed.firmId))
    .get();
  const people = schedulablePeople(db, feed.firmId);
  const owner = feed.userId === null ? null : people.find((p) => p.id === feed.userId);
  const creator = db
    .select({ active: schema.users.active, role: schema.users.role })
    .from(schema.users)
    .where(eq(schema.users.id, feed.createdByUserId))
    .get();
  // A feed dies with its person's account; a firm feed also needs its creator to still be allowed one.
  if (!firm || (feed.userId !== null && !owner) || !creator?.active || (feed.userId === null && !can(creator.role, 'schedule.manage')))
    return null;
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const scope: FeedWindow = {
    db,
    firmId: feed.firmId,
    ownerId: owner?.id ?? null,
    userIds: owner ? [owner.id] : people.map((p) => p.id),
    from: now - FEED_WEEKS_BACK * 7 * DAY_MS,
    to: now + FEED_WEEKS_AHEAD * 7 * DAY_MS,
    zone: firm.zone,
    now,
    who: (userId: number | null) => (owner || userId === null ? '' : ` (${nameOf.get(userId) ?? 'former staff'})`),
  };
  // The generator writes the calendar name as given (no escaping at all), unlike event properties.
  const name = escapeText(feedLine(owner ? `${firm.name}: ${owner.name}` : `${firm.name}: whole team`), false);
  const cal = ical({ name, prodId: { company: 'Sweetspot', product: 'Sweetspot', language: 'EN' }, ttl: 15 * 60 });
  addVisits(cal, scope);
  addAppointments(cal, scope);
  addBlocks(cal, scope);
  addKeptForMarketing(cal, scope);
  return cal.toString();
}

/** What one feed shows: whose events (one person's, or everyone's with their names), between `from` and `to`. */
type FeedWindow = {
  db: ReturnType<typeof getDb>;
  firmId: number;
  ownerId: number | null;
  userIds: number[];
  from: number;
  to: number;
  zone: string;
  now: number;
  /** " (name)" after an event of the whole-team feed; nothing in a person's own. */
  who: (userId: number | null) => string;
};

const uid = (what: string) => `${what}@sweetspot`;

function addVisits(cal: ICalCalendar, { db, firmId, ownerId, from, to, who }: FeedWindow): void {
  const visits = db
    .select({ v: schema.visits, client: schema.clients.name, address: schema.clients.address })
    .from(schema.visits)
    .innerJoin(schema.clients, eq(schema.clients.id, schema.visits.clientId))
    .where(
      and(
        eq(schema.visits.firmId, firmId),
        ownerId !== null ? eq(schema.visits.userId, ownerId) : undefined,
        inArray(schema.visits.status, ['scheduled', 'checked_in', 'done', 'cancelled']),
        lt(schema.visits.startsAt, to),
        gt(schema.visits.endsAt, from),
      ),
    )
    .all();
  for (const { v, client, address } of visits) {
    addVisitEvent(cal, v, {
      summary: `Visit: ${client}${who(v.userId)}`,
      location: address,
      description: [v.notes, v.travelMinutes ? `Travel: ${v.travelMinutes} min each way.` : ''].filter(Boolean).join('\n'),
    });
  }
}

type VisitTimes = Pick<typeof schema.visits.$inferSelect, 'id' | 'sequence' | 'startsAt' | 'endsAt' | 'updatedAt' | 'status'>;

/**
 * A booked visit as an event: the feeds' and the booking mail's .ics alike, so
 * a client's calendar and the consultant's hold the same event (one UID, and a
 * SEQUENCE that goes up as it moves). What it says is the caller's: a feed
 * shows staff notes, a client's mail does not.
 */
export function addVisitEvent(cal: ICalCalendar, v: VisitTimes, text: { summary: string; location: string; description: string }): void {
  cal.createEvent({
    id: uid(`visit-${v.id}`),
    sequence: v.sequence,
    start: new Date(v.startsAt!),
    end: new Date(v.endsAt!),
    stamp: new Date(v.updatedAt),
    summary: feedLine(text.summary),
    location: feedText(text.location) || null,
    description: feedText(text.description) || null,
    status: v.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    busystatus: ICalEventBusyStatus.BUSY,
  });
}

/** One visit's calendar file, for a mail's attachment: the event the feeds carry. */
export function visitIcs(firmName: string, v: VisitTimes, text: { summary: string; location: string; description: string }): string {
  const cal = ical({ name: escapeText(feedLine(firmName), false), prodId: { company: 'Sweetspot', product: 'Sweetspot', language: 'EN' } });
  cal.method(ICalCalendarMethod.PUBLISH);
  addVisitEvent(cal, v, text);
  return cal.toString();
}

function addAppointments(cal: ICalCalendar, { db, firmId, ownerId, from, to, who }: FeedWindow): void {
  const appointments = db
    .select({ a: schema.appointments, client: schema.clients.name })
    .from(schema.appointments)
    .leftJoin(schema.clients, eq(schema.clients.id, schema.appointments.clientId))
    .where(
      and(
        eq(schema.appointments.firmId, firmId),
        ownerId !== null ? eq(schema.appointments.userId, ownerId) : undefined,
        lt(schema.appointments.startsAt, to),
        gt(schema.appointments.endsAt, from),
      ),
    )
    .all();
  for (const { a, client } of appointments) {
    cal.createEvent({
      id: uid(`appointment-${a.id}`),
      start: new Date(a.startsAt),
      end: new Date(a.endsAt),
      stamp: new Date(a.createdAt),
      summary: feedLine(`${a.title}${client ? ` (${client})` : ''}${who(a.userId)}`),
      busystatus: ICalEventBusyStatus.BUSY,
    });
  }
}

function addBlocks(cal: ICalCalendar, { db, firmId, userIds, from, to, zone, now, who }: FeedWindow): void {
  const firstDay = addDays(instantToLocal(from, zone).date, -1);
  const lastDay = instantToLocal(to, zone).date;
  for (const o of occurrencesOf(db, firmId, userIds, firstDay, lastDay, zone)) {
    if (o.skipped || o.endsAt <= from || o.startsAt >= to) continue;
    cal.createEvent({
      id: uid(`block-${o.blockId}-${o.date}`),
      // A moved occurrence is a changed event: its sequence goes up.
      sequence: o.moved ? 1 : 0,
      start: new Date(o.startsAt),
      end: new Date(o.endsAt),
      stamp: new Date(now),
      summary: feedLine(`Protected: ${blockName(o)}${who(o.userId)}`),
      description: 'Protected marketing time: nothing can be booked over it.',
      categories: [{ name: feedLine(o.kind.replace(/_/g, ' ')) }],
      busystatus: ICalEventBusyStatus.BUSY,
      transparency: ICalEventTransparency.OPAQUE,
    });
  }
}

/**
 * The free time kept for owed marketing (what the schedule's grid shows and the auto-scheduler will not book), an
 * event per span. It moves as the week fills, so its UID carries its times: a moved span is a new event, and the
 * old one leaves the feed.
 */
function addKeptForMarketing(cal: ICalCalendar, { db, firmId, userIds, to, zone, now, who }: FeedWindow): void {
  const kept = keptForMarketing(db, firmId, userIds, zone, [instantToLocal(now, zone).date, instantToLocal(to, zone).date], now);
  for (const { userId, spans } of kept)
    for (const [startsAt, endsAt] of spans) {
      if (startsAt >= to) continue;
      cal.createEvent({
        id: uid(`kept-for-marketing-${userId}-${startsAt}-${endsAt}`),
        start: new Date(startsAt),
        end: new Date(Math.min(endsAt, to)),
        stamp: new Date(now),
        summary: feedLine(`Kept for marketing${who(userId)}`),
        description: 'Free time held for the marketing still owed this week: the auto-scheduler books nothing here.',
        busystatus: ICalEventBusyStatus.BUSY,
        transparency: ICalEventTransparency.OPAQUE,
      });
    }
}
