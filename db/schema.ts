import { sql } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DEFAULT_TIER_TERMS, type BillingTerms, type TierTerms } from '../lib/invoices/terms-defaults';

// Instants are UTC epoch milliseconds; money is integer cents; durations are minutes.
const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const paperSizes = ['letter', 'a4'] as const;
export type PaperSize = (typeof paperSizes)[number];

export const firms = sqliteTable('firms', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  microMaxSeats: integer('micro_max_seats').notNull().default(5),
  sweetSpotMinSeats: integer('sweet_spot_min_seats').notNull().default(10),
  sweetSpotRequiresServer: integer('sweet_spot_requires_server', { mode: 'boolean' }).notNull().default(true),
  sweetSpotMinRevenueCents: integer('sweet_spot_min_revenue_cents').notNull().default(500_000),
  largeMinSeats: integer('large_min_seats').notNull().default(100),
  targetHourlyRateCents: integer('target_hourly_rate_cents').notNull().default(10_000),
  weeklyMarketingTargetMinutes: integer('weekly_marketing_target_minutes').notNull().default(480),
  billingIncrementMinutes: integer('billing_increment_minutes').notNull().default(15),
  /** How every page writes times of day: '24h' ("14:05") or '12h' ("2:05 PM"); lib/time/clock.ts. */
  hourClock: text('hour_clock', { enum: ['24h', '12h'] })
    .notNull()
    .default('24h'),
  /** Invoice numbers: `{YYYY}` is the year of the invoice date, `{seq:N}` the sequence padded to N digits (restarting each year when the format has `{YYYY}`). */
  invoiceNumberFormat: text('invoice_number_format').notNull().default('{YYYY}-{seq:4}'),
  /** The tax rate of a new invoice line, in thousandths of a percent (8.875 % is 8875). */
  defaultTaxRateMilli: integer('default_tax_rate_milli').notNull().default(0),
  /** Days from the invoice date to its due date (0: due on receipt), for drafts made before terms followed the tier (invoices.payment_terms_days null). */
  paymentTermsDays: integer('payment_terms_days').notNull().default(30),
  /** Billing terms per tier (lib/invoices/terms.ts): increment, minimum, trip fee, payment terms. Read through tierTermsFrom. */
  tierTerms: text('tier_terms', { mode: 'json' }).$type<TierTerms>().notNull().default(DEFAULT_TIER_TERMS),
  /** Printed on invoices: the firm's postal address, tax id and how to pay. */
  billingAddress: text('billing_address').notNull().default(''),
  taxId: text('tax_id').notNull().default(''),
  paymentInstructions: text('payment_instructions').notNull().default(''),
  /** The paper invoices and statements are printed on. */
  paperSize: text('paper_size', { enum: paperSizes }).notNull().default('letter'),
  // Tiers depend on a sliding 12-month window; they are recomputed on writes and at least daily.
  tiersComputedAt: integer('tiers_computed_at').notNull().default(0),
  /**
   * The public client request page's secret link, stored as its SHA-256 (hex):
   * null while the page is switched off. The link itself is remade from the
   * nonce with AUTH_SECRET (lib/link-tokens.ts) to show it to the owner; a
   * link made before links were hashed has no nonce and cannot be shown.
   */
  requestPageTokenHash: text('request_page_token_hash').unique(),
  requestPageNonce: text('request_page_nonce'),
  /** The owner's rule: every member signs in with a second factor; one without it is sent to set it up before anything else. */
  requireTwoFactor: integer('require_two_factor', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull().default(now),
});

export const roles = ['owner', 'consultant', 'staff'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    name: text('name').notNull(),
    // Stored lower-cased; one account per address across the instance so login needs no firm.
    email: text('email').notNull(),
    role: text('role', { enum: roles }).notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Weekly limit of micro-client visit minutes the scheduler and manual booking respect; null = no limit. */
    microCapMinutesPerWeek: integer('micro_cap_minutes_per_week'),
    /** The person's weekly marketing allotment (the budget's ledger, rule and reserve); null = the firm's weekly marketing target. */
    weeklyMarketingMinutes: integer('weekly_marketing_minutes'),
    /** Opt-in: record the phone's location (and its accuracy) at check-in and check-out. Off unless the user turns it on. */
    shareLocation: integer('share_location', { mode: 'boolean' }).notNull().default(false),
    /**
     * Whether the address is proven theirs. Only a sign-up's owner starts unconfirmed (until their
     * link is opened, the firm invites nobody and sends nothing else); everyone else, and every
     * account made before confirmation existed, is confirmed.
     */
    emailConfirmed: integer('email_confirmed', { mode: 'boolean' }).notNull().default(true),
    /**
     * Two-factor sign-in (lib/two-factor.ts): the authenticator app's TOTP secret, AES-GCM encrypted with a key
     * derived from AUTH_SECRET; null while it is off. The pending one is the secret being set up, until a code
     * from it is confirmed. The last time step a code was accepted for, so no code signs in twice.
     */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpLastStep: integer('totp_last_step'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), index('users_firm_idx').on(t.firmId)],
);

// One row per signed-in browser. The JWT cookie only carries this id, so deleting
// the row ends that session on the server (logout, password change, deactivation).
export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull().default(now),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** Two-factor recovery codes: each stored as its keyed hash (lib/two-factor.ts), usable once. Remade whole when two-factor is set up. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_unique').on(t.userId, t.codeHash)],
);

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    address: text('address').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_attempts_email_idx').on(t.email, t.at), index('login_attempts_address_idx').on(t.address, t.at)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    at: integer('at').notNull().default(now),
  },
  (t) => [index('audit_log_firm_idx').on(t.firmId, t.at)],
);

export const tiers = ['micro', 'emerging', 'sweet_spot', 'large'] as const;
export type Tier = (typeof tiers)[number];
export const clientStatuses = ['prospect', 'active', 'referred_out', 'archived'] as const;
export type ClientStatus = (typeof clientStatuses)[number];
export const growthOutlooks = ['shrinking', 'flat', 'growing'] as const;
export type GrowthOutlook = (typeof growthOutlooks)[number];

export const clients = sqliteTable(
  'clients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull().default(''),
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    address: text('address').notNull().default(''),
    seats: integer('seats').notNull(),
    hasServer: integer('has_server', { mode: 'boolean' }).notNull().default(false),
    // Null: the firm's target hourly rate applies.
    hourlyRateCents: integer('hourly_rate_cents'),
    monthlyRecurringCents: integer('monthly_recurring_cents').notNull().default(0),
    growth: text('growth', { enum: growthOutlooks }).notNull().default('flat'),
    expectedSeats24m: integer('expected_seats_24m'),
    status: text('status', { enum: clientStatuses }).notNull().default('active'),
    defaultTravelMinutes: integer('default_travel_minutes').notNull().default(0),
    notes: text('notes').notNull().default(''),
    tierOverride: text('tier_override', { enum: tiers }),
    tierOverrideReason: text('tier_override_reason'),
    /** The client's own billing terms instead of its tier's (null: its tier's), and why. */
    termsOverride: text('terms_override', { mode: 'json' }).$type<BillingTerms>(),
    termsOverrideReason: text('terms_override_reason'),
    // The tier as last computed, so the list can filter on it and changes can be dated.
    tier: text('tier', { enum: tiers }).notNull(),
    tierReason: text('tier_reason').notNull(),
    serverAddedAt: integer('server_added_at'),
    /** Printed on the client's invoices; its address is used when empty. */
    billingAddress: text('billing_address').notNull().default(''),
    taxId: text('tax_id').notNull().default(''),
    /** Tax-exempt clients' invoice lines carry no tax whatever the firm's default. */
    taxExempt: integer('tax_exempt', { mode: 'boolean' }).notNull().default(false),
    /**
     * Set on a client made from a request-page request: its address, seats and
     * server are the sender's word. Its visits are not booked (by hand or by the
     * auto-scheduler) until staff confirm or complete the details.
     */
    detailsToConfirm: integer('details_to_confirm', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('clients_firm_name_unique').on(t.firmId, t.name),
    index('clients_firm_tier_idx').on(t.firmId, t.tier),
    index('clients_firm_status_idx').on(t.firmId, t.status),
  ],
);

export const tierChanges = sqliteTable(
  'tier_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    fromTier: text('from_tier', { enum: tiers }),
    toTier: text('to_tier', { enum: tiers }).notNull(),
    reason: text('reason').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('tier_changes_firm_idx').on(t.firmId, t.at), index('tier_changes_client_idx').on(t.clientId, t.at)],
);

/**
 * Client work is recorded under its client's tier (one category per tier, so
 * emerging and large work is not filed as sweet spot), then marketing and admin.
 * Entries written before emerging and large existed say sweet_spot for those
 * clients; readers go by the client's tier (as the dashboard does), not this.
 */
export const timeCategories = ['micro', 'emerging', 'sweet_spot', 'large', 'marketing', 'admin'] as const;
export type TimeCategory = (typeof timeCategories)[number];

/** Work done: the one source of hours for dashboards, timesheets and tiers. */
export const timeEntries = sqliteTable(
  'time_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    clientId: integer('client_id').references(() => clients.id),
    category: text('category', { enum: timeCategories }).notNull(),
    startedAt: integer('started_at').notNull(),
    minutes: integer('minutes').notNull(),
    travelMinutes: integer('travel_minutes').notNull().default(0),
    // What this work was billed for (0 for marketing, admin and work covered by a contract).
    amountCents: integer('amount_cents').notNull().default(0),
    description: text('description').notNull().default(''),
    /** The visit whose check-out produced this entry (at most one entry per visit). */
    visitId: integer('visit_id'),
    /** The invoice line (of a draft or finalised invoice, never a void one) this work is billed on; the entry is locked while it is set. */
    invoiceLineId: integer('invoice_line_id'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    // Covering for the weekly buckets of the dashboard (by firm or by user).
    index('time_entries_firm_started_idx').on(t.firmId, t.startedAt, t.userId, t.clientId, t.category, t.minutes, t.travelMinutes),
    // Covering: per-client sums over a window read only this index, never the table.
    index('time_entries_firm_client_cover_idx').on(t.firmId, t.clientId, t.startedAt, t.minutes, t.travelMinutes, t.amountCents),
    index('time_entries_user_started_idx').on(t.userId, t.startedAt),
    uniqueIndex('time_entries_visit_unique').on(t.visitId),
    index('time_entries_invoice_line_idx').on(t.invoiceLineId),
  ],
);

/** Money billed other than hourly work: monthly contracts, projects, hardware margin. */
export const charges = sqliteTable(
  'charges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    billedAt: integer('billed_at').notNull(),
    amountCents: integer('amount_cents').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [
    index('charges_firm_billed_idx').on(t.firmId, t.billedAt),
    index('charges_firm_client_cover_idx').on(t.firmId, t.clientId, t.billedAt, t.amountCents),
  ],
);

/** When a person works: weekday (ISO, 1 = Monday) and local minutes since midnight; several intervals a day allowed. */
export const workingHours = sqliteTable(
  'working_hours',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    weekday: integer('weekday').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
  },
  (t) => [index('working_hours_user_idx').on(t.userId, t.weekday)],
);

/**
 * Where a person would like their flexible marketing hours (the owed time the
 * fixed blocks do not cover): on these ISO weekdays (bit 1 << (weekday - 1),
 * Monday = 1), between these minutes of the firm's local day. The reserve
 * keeps owed time inside it first (lib/planning/marketing-reserve.ts). One per
 * person; none: the reserve keeps the week's latest free time, as before.
 */
export const marketingWindows = sqliteTable(
  'marketing_windows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    weekdays: integer('weekdays').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
  },
  (t) => [uniqueIndex('marketing_windows_user_unique').on(t.userId), index('marketing_windows_firm_idx').on(t.firmId)],
);

export const marketingKinds = ['direct_mail', 'follow_up_calls', 'expo', 'seminar', 'networking', 'learning', 'other'] as const;
export type MarketingKind = (typeof marketingKinds)[number];

/**
 * Protected marketing time. `rrule` is the RFC 5545 recurrence (FREQ, INTERVAL,
 * BYDAY, COUNT, UNTIL; no DTSTART) whose first occurrence is `firstDate`;
 * `lastDate` is the last date it can fall on (null: open-ended), kept for
 * queries. A row an older release wrote has no rrule: its `repeat`/`weekday`
 * say the same thing, and openDatabase fills it in (db/block-rules.ts). Times
 * are local to the firm's zone, so 09:00 stays 09:00 on both sides of a
 * daylight-saving change.
 */
export const marketingBlocks = sqliteTable(
  'marketing_blocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: marketingKinds }).notNull(),
    title: text('title').notNull().default(''),
    /** 'rule' for anything the rrule says beyond the two shapes older releases knew. */
    repeat: text('repeat', { enum: ['weekly', 'once', 'rule'] }).notNull(),
    weekday: integer('weekday').notNull(),
    rrule: text('rrule'),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    firstDate: text('first_date').notNull(),
    lastDate: text('last_date'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('marketing_blocks_firm_user_idx').on(t.firmId, t.userId)],
);

/** One occurrence of a marketing block deliberately skipped or moved, with the reason (also in the audit log). */
export const marketingExceptions = sqliteTable(
  'marketing_exceptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    blockId: integer('block_id')
      .notNull()
      .references(() => marketingBlocks.id),
    date: text('date').notNull(),
    action: text('action', { enum: ['skip', 'move'] }).notNull(),
    /** Where a moved occurrence now falls; null: the same date. */
    toDate: text('to_date'),
    startMinute: integer('start_minute'),
    endMinute: integer('end_minute'),
    reason: text('reason').notNull(),
    byUserId: integer('by_user_id')
      .notNull()
      .references(() => users.id),
    at: integer('at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('marketing_exceptions_block_date_unique').on(t.blockId, t.date),
    index('marketing_exceptions_firm_idx').on(t.firmId, t.date),
  ],
);

/** The firm's holidays: nobody works, no marketing block happens, nothing is booked. */
export const firmHolidays = sqliteTable(
  'firm_holidays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    date: text('date').notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('firm_holidays_firm_date_unique').on(t.firmId, t.date)],
);

/** A person's time off, local dates [firstDate, lastDate] inclusive: their blocks do not happen and nothing is booked for them. */
export const timeOff = sqliteTable(
  'time_off',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    firstDate: text('first_date').notNull(),
    lastDate: text('last_date').notNull(),
    note: text('note').notNull().default(''),
    byUserId: integer('by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('time_off_firm_user_idx').on(t.firmId, t.userId, t.firstDate)],
);

/** Sweet-spot work and other busy time of one person; the scheduler books nothing over it. */
export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    clientId: integer('client_id').references(() => clients.id),
    title: text('title').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    notes: text('notes').notNull().default(''),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('appointments_user_idx').on(t.userId, t.startsAt), index('appointments_firm_idx').on(t.firmId, t.startsAt)],
);

export const visitStatuses = ['open', 'scheduled', 'checked_in', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof visitStatuses)[number];

/**
 * A visit request and, once placed, the visit itself: who, when (UTC instants),
 * with travel before and after. `allowedUserIds` is a JSON array; empty means
 * every consultant.
 */
/**
 * A visit that comes back ("monthly patching at Elm Street, first Tuesday"): an RFC 5545 rule from
 * firstDate, each occurrence an open visit request whose window is windowDays long from its date.
 * Occurrences are made ahead of time (lib/dal/visit-series-expand.ts) so the auto-scheduler places them.
 */
export const visitSeries = sqliteTable(
  'visit_series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    rrule: text('rrule').notNull(),
    firstDate: text('first_date').notNull(),
    windowDays: integer('window_days').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    priority: integer('priority').notNull(),
    travelMinutes: integer('travel_minutes').notNull(),
    allowedUserIds: text('allowed_user_ids', { mode: 'json' }).$type<number[]>().notNull(),
    notes: text('notes').notNull().default(''),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    /** Set when it was stopped: no occurrence is made after it. */
    endedAt: integer('ended_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('visit_series_firm_idx').on(t.firmId, t.clientId)],
);

export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    durationMinutes: integer('duration_minutes').notNull(),
    priority: integer('priority').notNull(),
    earliestDate: text('earliest_date').notNull(),
    latestDate: text('latest_date').notNull(),
    allowedUserIds: text('allowed_user_ids', { mode: 'json' }).$type<number[]>().notNull(),
    travelMinutes: integer('travel_minutes').notNull(),
    notes: text('notes').notNull().default(''),
    status: text('status', { enum: visitStatuses }).notNull().default('open'),
    userId: integer('user_id').references(() => users.id),
    startsAt: integer('starts_at'),
    endsAt: integer('ends_at'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    /** Started on the spot (an unplanned call-out), not from a request. */
    unplanned: integer('unplanned', { mode: 'boolean' }).notNull().default(false),
    checkedInAt: integer('checked_in_at'),
    checkedOutAt: integer('checked_out_at'),
    checkInLat: real('check_in_lat'),
    checkInLng: real('check_in_lng'),
    checkInAccuracyM: real('check_in_accuracy_m'),
    checkOutLat: real('check_out_lat'),
    checkOutLng: real('check_out_lng'),
    checkOutAccuracyM: real('check_out_accuracy_m'),
    summary: text('summary'),
    /** iCalendar SEQUENCE: bumped by a trigger whenever the visit moves, changes hands or is cancelled. */
    sequence: integer('sequence').notNull().default(0),
    /** The recurring visit it is an occurrence of, and the date the rule gave it (at most one visit per date). */
    seriesId: integer('series_id').references(() => visitSeries.id),
    occurrenceDate: text('occurrence_date'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    index('visits_firm_status_idx').on(t.firmId, t.status),
    index('visits_user_starts_idx').on(t.userId, t.startsAt),
    uniqueIndex('visits_series_occurrence_unique').on(t.seriesId, t.occurrenceDate),
  ],
);

/**
 * Every check-in, check-out and on-the-spot start a phone sends carries an id it
 * generated; the first one to arrive is applied and its answer stored, so a
 * retry or a double tap gets the same answer and changes nothing more.
 */
export const clientOps = sqliteTable(
  'client_ops',
  {
    opId: text('op_id').primaryKey(),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    visitId: integer('visit_id'),
    response: text('response', { mode: 'json' }).notNull(),
    at: integer('at').notNull(),
    receivedAt: integer('received_at').notNull().default(now),
  },
  (t) => [index('client_ops_user_idx').on(t.userId, t.receivedAt)],
);

/** A week a person has submitted; later edits of its entries are audited with before and after. */
export const timesheetWeeks = sqliteTable(
  'timesheet_weeks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    weekStart: text('week_start').notNull(),
    submittedAt: integer('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('timesheet_weeks_user_week_unique').on(t.userId, t.weekStart)],
);

/**
 * A calendar feed: a secret URL serving one user's schedule (userId) or the
 * whole firm's (userId null, owner and staff only). Revoking deletes the row,
 * so the old URL answers 404 at once. Only the SHA-256 of the URL's token is
 * stored; the token is remade from the nonce with AUTH_SECRET to show it
 * (lib/link-tokens.ts); a feed made before tokens were hashed has no nonce.
 */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    tokenHash: text('token_hash').primaryKey(),
    nonce: text('nonce'),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id').references(() => users.id),
    createdByUserId: integer('created_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('calendar_feeds_firm_user_idx').on(t.firmId, t.userId)],
);

export const urgencies = ['today', 'this_week', 'whenever'] as const;
export type Urgency = (typeof urgencies)[number];

/**
 * A request sent through the firm's public request page. Linked to a client
 * only when staff confirm or create it (a matching email or company is shown
 * to staff as a suggestion: the sender is not verified), and then to the
 * visit request it became. The client follows it on
 * a private status page whose link is shown on sending and mailed to the
 * address given; only its SHA-256 is kept, with the nonce it is remade from.
 */
export const publicRequests = sqliteTable(
  'public_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    statusTokenHash: text('status_token_hash').notNull().unique(),
    name: text('name').notNull(),
    company: text('company').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    problem: text('problem').notNull(),
    urgency: text('urgency', { enum: urgencies }).notNull(),
    /** The days the sender picked: the only days its visit may be booked on (none picked: any day of its window). */
    preferredDates: text('preferred_dates', { mode: 'json' }).$type<string[]>().notNull(),
    /** The site's address, computers and server as the sender gave them (null on requests sent before the page asked). */
    address: text('address'),
    seats: integer('seats'),
    hasServer: integer('has_server', { mode: 'boolean' }),
    clientId: integer('client_id').references(() => clients.id),
    visitId: integer('visit_id').references(() => visits.id),
    /**
     * The status link's nonce (lib/link-tokens.ts 'request-status'): the booking mail, sent later, carries the link again.
     * Null on requests sent before: their link was random and shown once, and their mail goes without it.
     */
    statusNonce: text('status_nonce'),
    /** Set when staff turn a request away (spam, not a client); the status page then says so. */
    declinedAt: integer('declined_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('public_requests_firm_idx').on(t.firmId, t.visitId)],
);

/** Submissions to a request page per client address, for throttling (pruned by lib/dal/attempts.ts once out of the window, and capped). */
export const requestAttempts = sqliteTable(
  'request_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    address: text('address').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('request_attempts_address_idx').on(t.address, t.at)],
);

export const invoiceStatuses = ['draft', 'finalised', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * A client's monthly contract: what "prepare this month's invoices" bills
 * every month it is active — a fixed fee, a price per seat times the client's
 * seats on the day the draft is made, and hours included with a rate for the
 * hours beyond them. Dates are local (inclusive); an open end runs on.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    monthlyFeeCents: integer('monthly_fee_cents').notNull().default(0),
    perSeatCents: integer('per_seat_cents').notNull().default(0),
    includedMinutes: integer('included_minutes').notNull().default(0),
    /** The rate for hours beyond those included; null: the client's hourly rate. */
    overageRateCents: integer('overage_rate_cents'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('contracts_firm_client_idx').on(t.firmId, t.clientId)],
);

/**
 * An invoice. A draft has no number and can be changed or deleted; finalising
 * gives it the firm's next number (gapless: `seq` is one more than the
 * highest of its `seqScope`, read and written in one immediate transaction)
 * and freezes what is printed. A finalised invoice is never deleted: void
 * keeps its number and releases its time entries. Whether it is paid,
 * partially paid or overdue follows from its payments and due date.
 */
export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    status: text('status', { enum: invoiceStatuses }).notNull().default('draft'),
    /** The billed period (local dates, inclusive). */
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    number: text('number'),
    seq: integer('seq'),
    /** The run of numbers `seq` counts in: the year when the format has `{YYYY}`, else empty. */
    seqScope: text('seq_scope'),
    /** Set when finalised (local dates). */
    issueDate: text('issue_date'),
    dueDate: text('due_date'),
    /** What is printed, frozen when finalised: the firm's and the client's details. */
    printed: text('printed', { mode: 'json' }),
    subtotalCents: integer('subtotal_cents').notNull().default(0),
    taxCents: integer('tax_cents').notNull().default(0),
    totalCents: integer('total_cents').notNull().default(0),
    notes: text('notes').notNull().default(''),
    sentAt: integer('sent_at'),
    finalisedAt: integer('finalised_at'),
    voidedAt: integer('voided_at'),
    voidReason: text('void_reason'),
    /** The month ("2026-12") a draft was prepared for by "prepare this month's invoices", and the contract it billed. */
    preparedFor: text('prepared_for'),
    contractId: integer('contract_id').references(() => contracts.id),
    /** The payment terms in force when the draft was made (its client's); the due date follows them at finalising. Null: made before, the firm's. */
    paymentTermsDays: integer('payment_terms_days'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('invoices_firm_number_unique').on(t.firmId, t.number),
    // One prepared invoice per client and month (a void one does not count): preparing twice makes no duplicates.
    uniqueIndex('invoices_prepared_unique')
      .on(t.firmId, t.clientId, t.preparedFor)
      .where(sql`${t.preparedFor} is not null and ${t.status} <> 'void'`),
    uniqueIndex('invoices_firm_seq_unique').on(t.firmId, t.seqScope, t.seq),
    index('invoices_firm_client_idx').on(t.firmId, t.clientId, t.status),
  ],
);

export const invoiceLineKinds = ['time', 'fixed', 'expense', 'discount'] as const;
export type InvoiceLineKind = (typeof invoiceLineKinds)[number];

/** A line of an invoice: its net amount rounded once (lib/money.ts) and its tax rounded once; totals are sums of lines. */
export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: invoiceLineKinds }).notNull(),
    description: text('description').notNull(),
    /** Time lines: the minutes billed (their amount is the sum of their entries' amounts). */
    minutes: integer('minutes'),
    /** Other lines: thousandths of a unit at a unit price. */
    quantityMilli: integer('quantity_milli').notNull().default(1000),
    unitPriceCents: integer('unit_price_cents').notNull().default(0),
    amountCents: integer('amount_cents').notNull(),
    taxRateMilli: integer('tax_rate_milli').notNull().default(0),
    taxCents: integer('tax_cents').notNull().default(0),
  },
  (t) => [index('invoice_lines_invoice_idx').on(t.invoiceId, t.position)],
);

export const paymentMethods = ['bank_transfer', 'check', 'card', 'cash', 'other'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Money received against a finalised invoice; a mistake is reversed (with a reason), never deleted. */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    receivedOn: text('received_on').notNull(),
    amountCents: integer('amount_cents').notNull(),
    method: text('method', { enum: paymentMethods }).notNull(),
    reference: text('reference').notNull().default(''),
    reversedAt: integer('reversed_at'),
    reversalReason: text('reversal_reason'),
    createdByUserId: integer('created_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('payments_invoice_idx').on(t.invoiceId)],
);

/**
 * The PDF of a finalised invoice, exactly as it was made in the transaction
 * that numbered it: what the client received is what is downloaded later,
 * whatever changes afterwards (payments, the firm's address, the code that
 * draws invoices). One per invoice; never rewritten.
 */
export const invoiceDocuments = sqliteTable('invoice_documents', {
  invoiceId: integer('invoice_id')
    .primaryKey()
    .references(() => invoices.id),
  firmId: integer('firm_id')
    .notNull()
    .references(() => firms.id),
  pdf: blob('pdf', { mode: 'buffer' }).notNull(),
  /** SHA-256 of `pdf` (hex), so a copy can be checked against what was sent. */
  sha256: text('sha256').notNull(),
  createdAt: integer('created_at').notNull().default(now),
});

export type MailAttachment = { filename: string; contentType: string; base64: string };

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Every mail Sweetspot sends, written in the same transaction as the change
 * that causes it and delivered later by the background sender (lib/mail/).
 * 'pending' waits for next_attempt_at; 'sending' is claimed by a sender until
 * lease_until (a sender that died is taken over after it); 'sent' and
 * 'failed' are final until an owner sends a failed one again.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    /** What the message is ('password-reset', 'confirm-email'…), for the list in Settings → Email. */
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** The plain-text body, its footer (why it was sent) included; the HTML part is made from it when sending. */
    body: text('body').notNull(),
    /** The local part of the Message-ID every attempt carries, so a receiving server can drop a second copy. */
    messageKey: text('message_key').notNull().unique(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(now),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    /** Files sent with the message (a booking's .ics, an invoice's PDF), their content in base64; null: none. */
    attachments: text('attachments', { mode: 'json' }).$type<MailAttachment[]>(),
    createdAt: integer('created_at').notNull().default(now),
    sentAt: integer('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_firm_idx').on(t.firmId, t.id)],
);

export const linkPurposes = ['password-reset', 'confirm-email', 'invite'] as const;

/**
 * One-time links sent by mail (lib/dal/one-time-links.ts): only the token's
 * SHA-256 is kept; a link works once (used_at), until expires_at.
 */
export const oneTimeLinks = sqliteTable(
  'one_time_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: linkPurposes }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('one_time_links_user_idx').on(t.userId, t.purpose)],
);

/**
 * An owner's invitation to join the firm (lib/dal/invitations.ts). No account
 * exists until the invitee opens the link and chooses a password, so adding a
 * member looks the same whether or not the address already has an account
 * anywhere. The link's token is HMAC-made from `nonce` (lib/link-tokens.ts
 * 'invitation'), so the owner can be shown it when no mail server carries it;
 * only its SHA-256 is looked up. "Send again" replaces both (the old link dies).
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    /** Lower-cased, like users.email. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['consultant', 'staff'] }).notNull(),
    invitedByUserId: integer('invited_by_user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    nonce: text('nonce').notNull(),
    /** When the current link was sent (creation or the last "Send again"): sending again is throttled from it. */
    sentAt: integer('sent_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
    acceptedUserId: integer('accepted_user_id').references(() => users.id),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('invitations_firm_idx').on(t.firmId, t.email)],
);

/**
 * Who has opted out of a firm's optional mail (reminders, overdue reminders,
 * new-request notices), by address: a member in their settings, anyone else
 * through the link in each optional message. That link's token is remade from
 * `nonce` (lib/link-tokens.ts 'mail-opt-out'); only its hash is looked up.
 * A row exists once an optional message has gone to the address.
 */
export const mailRecipients = sqliteTable(
  'mail_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    /** Lower-cased. */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    nonce: text('nonce').notNull(),
    optedOutAt: integer('opted_out_at'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('mail_recipients_firm_email_unique').on(t.firmId, t.email)],
);

export const externalCalendarStatuses = ['never', 'ok', 'error'] as const;
export type ExternalCalendarStatus = (typeof externalCalendarStatuses)[number];

/**
 * A person's other calendar (the private iCal address of their Google,
 * Outlook or Apple calendar), read on a timer as busy time. The address is a
 * secret: shown only to its owner, masked.
 */
export const externalCalendars = sqliteTable(
  'external_calendars',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    url: text('url').notNull(),
    status: text('status', { enum: externalCalendarStatuses }).notNull().default('never'),
    /** Why the last read failed, in plain words; empty when it worked. */
    statusMessage: text('status_message').notNull().default(''),
    lastAttemptAt: integer('last_attempt_at'),
    lastFetchedAt: integer('last_fetched_at'),
    eventCount: integer('event_count').notNull().default(0),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [index('external_calendars_firm_user_idx').on(t.firmId, t.userId)],
);

/** The busy intervals last read from an external calendar, replaced as a whole on each read. */
export const externalBusy = sqliteTable(
  'external_busy',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id')
      .notNull()
      .references(() => firms.id),
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => externalCalendars.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    /** Shown to the calendar's owner only; everyone else reads "Busy". */
    title: text('title').notNull().default(''),
  },
  (t) => [index('external_busy_user_idx').on(t.firmId, t.userId, t.startsAt), index('external_busy_calendar_idx').on(t.calendarId)],
);
