import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Instants are UTC epoch milliseconds; money is integer cents; durations are minutes.
const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

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
  createdAt: integer('created_at').notNull().default(now),
});

export const roles = ['owner', 'consultant', 'staff'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firmId: integer('firm_id').notNull().references(() => firms.id),
    name: text('name').notNull(),
    // Stored lower-cased; one account per address across the instance so login needs no firm.
    email: text('email').notNull(),
    role: text('role', { enum: roles }).notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
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
    firmId: integer('firm_id').notNull().references(() => firms.id),
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
