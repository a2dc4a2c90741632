import { randomUUID } from 'node:crypto';
import { getDb, schema } from '@/db';
import type { Member } from '@/lib/dal/session';
import type { Role } from '@/lib/permissions';

// A cheap hash: these users never log in through bcrypt in unit tests unless a test sets a password.
const PLACEHOLDER_HASH = '$2b$04$abcdefghijklmnopqrstuuO3bJ7Y5uY9bM8dQ2n2Yk9oTtqP3gQmi';

export function makeFirm(name = `Firm ${randomUUID().slice(0, 6)}`) {
  return getDb().insert(schema.firms).values({ name, timeZone: 'America/Chicago' }).returning().get();
}

export function makeUser(firmId: number, role: Role, overrides: Partial<typeof schema.users.$inferInsert> = {}) {
  return getDb()
    .insert(schema.users)
    .values({
      firmId,
      role,
      name: `${role} ${randomUUID().slice(0, 4)}`,
      email: `${role}-${randomUUID().slice(0, 8)}@unit.example`,
      passwordHash: PLACEHOLDER_HASH,
      ...overrides,
    })
    .returning()
    .get();
}

export function asMember(
  user: { id: number; firmId: number; role: Role; name: string; email: string },
  sessionId = 'test-session',
): Member {
  return {
    userId: user.id,
    firmId: user.firmId,
    role: user.role,
    name: user.name,
    email: user.email,
    mustChangePassword: false,
    mustSetUpTwoFactor: false,
    sessionId,
  };
}

/** Every row of the firm-owned tables for these firms, to prove a refused call changed nothing. */
export function firmRows(...firmIds: number[]): string {
  const sqlite = getDb().$client;
  const list = firmIds.join(',');
  return JSON.stringify([
    sqlite.prepare(`select * from firms where id in (${list}) order by id`).all(),
    sqlite.prepare(`select * from users where firm_id in (${list}) order by id`).all(),
    sqlite.prepare(`select s.* from auth_sessions s join users u on u.id = s.user_id where u.firm_id in (${list}) order by s.id`).all(),
    sqlite.prepare(`select * from audit_log where firm_id in (${list}) order by id`).all(),
    ...[
      'clients',
      'working_hours',
      'marketing_blocks',
      'marketing_exceptions',
      'marketing_windows',
      'firm_holidays',
      'time_off',
      'appointments',
      'visit_series',
      'visits',
      'time_entries',
      'client_ops',
      'timesheet_weeks',
      'calendar_feeds',
      'public_requests',
      'invoices',
      'invoice_lines',
      'payments',
      'contracts',
      'invitations',
      'external_calendars',
      'external_busy',
    ].map((table) => sqlite.prepare(`select * from ${table} where firm_id in (${list}) order by rowid`).all()),
  ]);
}
