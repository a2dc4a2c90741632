import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '@/db';
import type { Urgency } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { urgencyLabels } from '@/lib/labels';
import { newLink, shownLink, tokenHash, type ShownLink } from '@/lib/link-tokens';
import { assertCan } from '@/lib/permissions';
import { addDays, localToInstant, today, weekdayOf, type LocalDate } from '@/lib/time/zoned';
import type { HourClock } from '@/lib/time/clock';
import { clientSchema } from '@/lib/validations/clients';
import type { PublicRequestInput } from '@/lib/validations/requests';
import { choosable } from './internal/client-rows';
import { mailNewRequest } from './internal/request-mail';
import { mailOrigin } from '@/lib/mail/messages';
import { insertClient } from './internal/client-writes';
import { firmTimeZone } from './internal/firm';
import { cached } from './internal/metrics-cache';
import { schedulablePeople } from './internal/people';
import { checkPlacement } from './internal/placement';
import { getChosenClientOrThrow, getPageRequestOrThrow } from './internal/records';
import { throttleRequest } from './internal/request-throttle';
import { workingHoursOf } from './internal/working-hours';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import { HOUR_MS } from '@/lib/time/units';

/** What a request from the page books: an hour, like a typical micro-client visit; staff can change it. */
export const PAGE_VISIT_MINUTES = 60;
/** How far ahead the page offers days. */
export const PAGE_DAYS_AHEAD = 14;
const PRIORITY: Record<Urgency, number> = { today: 5, this_week: 4, whenever: 2 };

// Tokens are stored as their hashes (lib/link-tokens.ts). Made before hashing: 32 characters; since: 43.
const TOKEN = /^(?:[A-Za-z0-9_-]{32}|[A-Za-z0-9_-]{43})$/;

// ---------------------------------------------------------------------------
// The owner's switch

export function getRequestPageToken(member: Member): ShownLink {
  assertCan(member.role, 'firm.settings');
  const stored = getDb()
    .select({ hash: schema.firms.requestPageTokenHash, nonce: schema.firms.requestPageNonce })
    .from(schema.firms)
    .where(eq(schema.firms.id, member.firmId))
    .get();
  return shownLink('request-page', stored);
}

/** Switches the page on with a new secret link (the old link stops at once), or off. */
export function setRequestPage(member: Member, on: boolean): string | null {
  assertCan(member.role, 'firm.settings');
  const link = on ? newLink('request-page') : null;
  writeTransaction((tx) => {
    tx.update(schema.firms)
      .set({ requestPageTokenHash: link?.hash ?? null, requestPageNonce: link?.nonce ?? null })
      .where(eq(schema.firms.id, member.firmId))
      .run();
    writeAudit(tx, member, { action: on ? 'request_page.new_link' : 'request_page.off', entity: 'firm', id: member.firmId, after: { on } });
  });
  return link?.token ?? null;
}

// ---------------------------------------------------------------------------
// The public side: only the firm's name and "this day has room" ever leave here.

declare const opened: unique symbol;
/** A firm as its request page link opens it: only publicFirm() makes one, so nothing here is reached by a bare firm id. */
export type PublicFirm = { firmId: number; name: string; zone: string; readonly [opened]: true };

export function publicFirm(token: string): PublicFirm | null {
  if (!TOKEN.test(token)) return null;
  const f = getDb()
    .select({ id: schema.firms.id, name: schema.firms.name, zone: schema.firms.timeZone })
    .from(schema.firms)
    .where(eq(schema.firms.requestPageTokenHash, tokenHash(token)))
    .get();
  return f ? ({ firmId: f.id, name: f.name, zone: f.zone } as PublicFirm) : null;
}

/**
 * The next days on which an hour-long micro-client visit could still be booked
 * for someone: inside working hours, outside every protected marketing block,
 * appointment and booked visit, and within the person's weekly micro cap —
 * the very rules of a booking (checkPlacement), tried on a half-hour grid.
 */
export function daysWithRoom({ firmId, zone }: PublicFirm, now = Date.now()): LocalDate[] {
  return cached('request-page-days', firmId, now, () => {
    const db = getDb();
    const people = schedulablePeople(db, firmId);
    const hours = workingHoursOf(
      db,
      firmId,
      people.map((p) => p.id),
    );
    const first = today(zone, now);
    const probe = {
      id: -1,
      firmId,
      clientId: -1,
      durationMinutes: PAGE_VISIT_MINUTES,
      priority: 3,
      earliestDate: first,
      latestDate: addDays(first, PAGE_DAYS_AHEAD),
      allowedUserIds: [] as number[],
      travelMinutes: 0,
      clientName: '',
      clientTier: 'micro' as const,
    } as Parameters<typeof checkPlacement>[2];
    const out: LocalDate[] = [];
    for (let d = 0; d < PAGE_DAYS_AHEAD; d++) {
      const date = addDays(first, d);
      const fits = people.some((p) =>
        (hours.get(p.id)?.get(weekdayOf(date)) ?? []).some(([a, b]) => {
          for (let m = a; m + PAGE_VISIT_MINUTES <= b; m += 30) {
            const startsAt = localToInstant(date, m, zone);
            if (startsAt < now + HOUR_MS) continue; // not within the next hour
            try {
              checkPlacement(db, firmId, probe, p.id, startsAt);
              return true;
            } catch (e) {
              if (!(e instanceof UserFacingError)) throw e;
            }
          }
          return false;
        }),
      );
      if (fits) out.push(date);
    }
    return out;
  });
}

export class PageUnavailableError extends UserFacingError {
  constructor() {
    super('This request page is no longer available. Please phone us instead.');
  }
}

/**
 * The gate of the one action anyone may call: the page token first, so a post
 * with a wrong, absent or switched-off token is answered and writes nothing
 * at all; then the throttle for this page and address.
 */
export function admitPageSubmission(token: string, clientAddress: string, now = Date.now()): PublicFirm {
  const firm = publicFirm(token);
  if (!firm) throw new PageUnavailableError();
  throttleRequest(firm.firmId, clientAddress, now);
  return firm;
}

export type ClientSuggestion = { clientId: number; name: string; by: 'email' | 'company' };

/**
 * The client a page request probably comes from: an active or prospect client
 * of the firm with the request's email, else with its company as name (in any
 * case). Only a suggestion for staff: neither the email nor the company is
 * verified, so nothing is created for the client until staff confirm.
 */
function suggestClient(db: ReturnType<typeof getDb>, firmId: number, email: string, company: string): ClientSuggestion | null {
  const byEmail = sql<number>`(${email} != '' and lower(${schema.clients.email}) = lower(${email}))`;
  const c = db
    .select({ id: schema.clients.id, name: schema.clients.name, byEmail })
    .from(schema.clients)
    .where(
      and(
        eq(schema.clients.firmId, firmId),
        choosable,
        // Parenthesised as a whole: drizzle's and() does not wrap raw SQL, and a bare OR would escape the firm condition.
        sql`(${byEmail} or (${company} != '' and ${schema.clients.name} = ${company} collate nocase))`,
      ),
    )
    .orderBy(sql`${byEmail} desc`, schema.clients.id)
    .get();
  return c ? { clientId: c.id, name: c.name, by: c.byEmail ? 'email' : 'company' } : null;
}

/**
 * Stores a request from the page, for staff to confirm. Whoever sent it, and
 * whatever email or company it gives, nothing is created for any client here:
 * the sender is not verified, so a request naming an existing client waits for
 * staff like a stranger's (listUnmatchedRequests suggests the client), and its
 * status page says only "received". Returns the private status token, which
 * is also mailed to the address given (only its hash and nonce are kept), and
 * the firm's owner and office staff hear of the request, in the same transaction.
 */
export function submitPublicRequest(firm: PublicFirm, input: PublicRequestInput, now = Date.now()): string {
  const offered = new Set(daysWithRoom(firm, now));
  const bad = input.preferredDates.find((d) => !offered.has(d));
  if (bad) throw new UserFacingError('One of the days you picked no longer has room. Please choose again from the list.', 'preferredDates');
  return writeTransaction((tx) => {
    const { token: statusToken, hash: statusTokenHash, nonce: statusNonce } = newLink('request-status');
    const row = tx
      .insert(schema.publicRequests)
      .values({ firmId: firm.firmId, statusTokenHash, statusNonce, ...input, clientId: null, createdAt: now })
      .returning({ id: schema.publicRequests.id })
      .get();
    mailNewRequest(tx, firm, input, `${mailOrigin()}/request/status/${statusToken}`, now);
    recordAudit(tx, {
      firmId: firm.firmId,
      actorUserId: null,
      action: 'request_page.received',
      entityType: 'public_request',
      entityId: row.id,
      after: { ...input },
    });
    return statusToken;
  });
}

type PublicRequestRow = typeof schema.publicRequests.$inferSelect;

/** Turns a page request into an open visit request for the client, and links the two. */
function createVisitFor(tx: Tx, r: PublicRequestRow, clientId: number, actorUserId: number | null, zone: string, now: number): number {
  const client = tx
    .select({ travel: schema.clients.defaultTravelMinutes })
    .from(schema.clients)
    .where(eq(schema.clients.id, clientId))
    .get()!;
  const days = [...r.preferredDates].sort();
  const first = today(zone, now);
  const notes = [
    `From the request page: ${r.problem}`,
    `Contact: ${[r.name, r.company, r.email, r.phone].filter(Boolean).join(', ')}`,
    `Urgency: ${urgencyLabels[r.urgency]}`,
    days.length ? `Preferred days: ${days.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const visit = tx
    .insert(schema.visits)
    .values({
      firmId: r.firmId,
      clientId,
      durationMinutes: PAGE_VISIT_MINUTES,
      priority: PRIORITY[r.urgency],
      earliestDate: days[0] ?? first,
      latestDate: days.at(-1) ?? addDays(first, PAGE_DAYS_AHEAD - 1),
      allowedUserIds: [],
      travelMinutes: client.travel,
      notes,
      createdByUserId: actorUserId,
    })
    .returning({ id: schema.visits.id })
    .get();
  tx.update(schema.publicRequests).set({ clientId, visitId: visit.id }).where(eq(schema.publicRequests.id, r.id)).run();
  return visit.id;
}

export type RequestStatus = {
  firmName: string;
  zone: string;
  hours: HourClock;
  receivedAt: number;
  state: 'received' | 'scheduled' | 'in_progress' | 'done' | 'declined' | 'cancelled';
  startsAt: number | null;
};

/** What the client's private status link shows: their own request's state and time, nothing else. */
export function publicRequestStatus(statusToken: string): RequestStatus | null {
  if (!TOKEN.test(statusToken)) return null;
  const row = getDb()
    .select({
      r: schema.publicRequests,
      firmName: schema.firms.name,
      zone: schema.firms.timeZone,
      hours: schema.firms.hourClock,
      status: schema.visits.status,
      startsAt: schema.visits.startsAt,
    })
    .from(schema.publicRequests)
    .innerJoin(schema.firms, eq(schema.firms.id, schema.publicRequests.firmId))
    .leftJoin(schema.visits, eq(schema.visits.id, schema.publicRequests.visitId))
    .where(eq(schema.publicRequests.statusTokenHash, tokenHash(statusToken)))
    .get();
  if (!row) return null;
  const state: RequestStatus['state'] = row.r.declinedAt
    ? 'declined'
    : row.status === 'scheduled'
      ? 'scheduled'
      : row.status === 'checked_in'
        ? 'in_progress'
        : row.status === 'done'
          ? 'done'
          : row.status === 'cancelled'
            ? 'cancelled'
            : 'received';
  return {
    firmName: row.firmName,
    zone: row.zone,
    hours: row.hours,
    receivedAt: row.r.createdAt,
    state,
    startsAt: state === 'scheduled' || state === 'in_progress' ? row.startsAt : null,
  };
}

// ---------------------------------------------------------------------------
// Staff: requests that still need a client

export type PageRequestDTO = {
  id: number;
  name: string;
  company: string;
  email: string;
  phone: string;
  problem: string;
  urgency: Urgency;
  preferredDates: string[];
  /** The site as the sender gave it; null on requests sent before the page asked. */
  address: string | null;
  seats: number | null;
  hasServer: boolean | null;
  createdAt: number;
  /** The client the request probably comes from, for staff to check and confirm. */
  suggestion: ClientSuggestion | null;
};

/** Every page request staff have not yet confirmed or turned away, newest first, each with its likely client. */
export function listUnmatchedRequests(member: Member): PageRequestDTO[] {
  assertCan(member.role, 'schedule.manage');
  const db = getDb();
  const rows = db
    .select({
      id: schema.publicRequests.id,
      name: schema.publicRequests.name,
      company: schema.publicRequests.company,
      email: schema.publicRequests.email,
      phone: schema.publicRequests.phone,
      problem: schema.publicRequests.problem,
      urgency: schema.publicRequests.urgency,
      preferredDates: schema.publicRequests.preferredDates,
      address: schema.publicRequests.address,
      seats: schema.publicRequests.seats,
      hasServer: schema.publicRequests.hasServer,
      createdAt: schema.publicRequests.createdAt,
    })
    .from(schema.publicRequests)
    .where(
      and(eq(schema.publicRequests.firmId, member.firmId), isNull(schema.publicRequests.visitId), isNull(schema.publicRequests.declinedAt)),
    )
    .orderBy(desc(schema.publicRequests.createdAt), desc(schema.publicRequests.id))
    .limit(50)
    .all();
  return rows.map((r) => ({ ...r, suggestion: suggestClient(db, member.firmId, r.email, r.company) }));
}

/** A page request still waiting for staff. */
function pendingRequest(tx: Tx, member: Member, requestId: number) {
  const r = getPageRequestOrThrow(tx, member, requestId);
  if (r.visitId !== null || r.declinedAt !== null) throw new UserFacingError('That request has already been dealt with.');
  return r;
}

/** Links a page request to an existing client, or creates the client from it, and queues the visit request. */
export function confirmRequestClient(member: Member, requestId: number, clientId: number | 'new', now = Date.now()): number {
  assertCan(member.role, 'schedule.manage');
  assertCan(member.role, 'clients.write');
  return writeTransaction((tx) => {
    const r = pendingRequest(tx, member, requestId);
    let id: number;
    if (clientId === 'new') {
      const parsed = clientSchema.safeParse({
        name: (r.company || r.name).slice(0, 120),
        contactName: r.name,
        email: r.email,
        phone: r.phone,
        address: r.address ?? '',
        // A request sent before the page asked has no count: 1 until staff confirm the details.
        seats: String(r.seats ?? 1),
        hasServer: r.hasServer ? 'on' : '',
        growth: 'flat',
        status: 'active',
        notes: 'Created from a request sent through the request page.',
      });
      if (!parsed.success)
        throw new UserFacingError(
          `The request’s details do not make a valid client (${parsed.error.issues[0]?.message ?? 'check them'}); create the client by hand and pick it here.`,
          'clientId',
        );
      id = insertClient(tx, member, parsed.data, now);
      // The sender's word, not yet checked: its visits wait until staff confirm the details (lib/dal/client-details.ts).
      tx.update(schema.clients).set({ detailsToConfirm: true }).where(eq(schema.clients.id, id)).run();
    } else {
      const c = getChosenClientOrThrow(tx, member, clientId);
      if (c.status === 'archived') throw new UserFacingError('That client is archived; restore it first.', 'clientId');
      id = c.id;
    }
    const visitId = createVisitFor(tx, r, id, member.userId, firmTimeZone(tx, member.firmId), now);
    writeAudit(tx, member, { action: 'request_page.confirmed', entity: 'public_request', id: r.id, after: { clientId: id, visitId } });
    return visitId;
  });
}

export function declineRequest(member: Member, requestId: number, now = Date.now()): void {
  assertCan(member.role, 'schedule.manage');
  writeTransaction((tx) => {
    const r = pendingRequest(tx, member, requestId);
    tx.update(schema.publicRequests).set({ declinedAt: now }).where(eq(schema.publicRequests.id, r.id)).run();
    writeAudit(tx, member, { action: 'request_page.declined', entity: 'public_request', id: r.id });
  });
}
