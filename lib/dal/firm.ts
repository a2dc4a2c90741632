import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, schema, type DB } from '@/db';
import { assertCan, NotFoundError } from '@/lib/permissions';
import type { FirmSettingsInput } from '@/lib/validations/firm';
import { writeChangesAudit, writeTransaction } from './internal/write';
import type { Member } from './session';
import type { HourClock, TimeStyle } from '@/lib/time/format';
import { firmHourClock } from './internal/firm';
import { cache } from 'react';
import { retier } from './internal/tiering';

export type FirmDTO = {
  id: number;
  name: string;
  timeZone: string;
  microMaxSeats: number;
  sweetSpotMinSeats: number;
  sweetSpotRequiresServer: boolean;
  sweetSpotMinRevenueCents: number;
  largeMinSeats: number;
  targetHourlyRateCents: number;
  weeklyMarketingTargetMinutes: number;
  billingIncrementMinutes: number;
  hourClock: HourClock;
};

const firmColumns = {
  id: schema.firms.id,
  name: schema.firms.name,
  timeZone: schema.firms.timeZone,
  microMaxSeats: schema.firms.microMaxSeats,
  sweetSpotMinSeats: schema.firms.sweetSpotMinSeats,
  sweetSpotRequiresServer: schema.firms.sweetSpotRequiresServer,
  sweetSpotMinRevenueCents: schema.firms.sweetSpotMinRevenueCents,
  largeMinSeats: schema.firms.largeMinSeats,
  targetHourlyRateCents: schema.firms.targetHourlyRateCents,
  weeklyMarketingTargetMinutes: schema.firms.weeklyMarketingTargetMinutes,
  billingIncrementMinutes: schema.firms.billingIncrementMinutes,
  hourClock: schema.firms.hourClock,
};

/** Built once per connection: the layout and most pages read the firm on every request. */
function prepareFirmById(db: DB) {
  return db
    .select(firmColumns)
    .from(schema.firms)
    .where(eq(schema.firms.id, sql.placeholder('firmId')))
    .prepare();
}
const firmById = new WeakMap<DB, ReturnType<typeof prepareFirmById>>();

export function getFirm(member: Member): FirmDTO {
  assertCan(member.role, 'firm.read');
  const db = getDb();
  let query = firmById.get(db);
  if (!query) firmById.set(db, (query = prepareFirmById(db)));
  const firm = query.get({ firmId: member.firmId });
  if (!firm) throw new NotFoundError('The firm');
  return firm;
}

/**
 * How the caller's firm writes time (its 12/24-hour clock), once per request:
 * every page passes it to lib/time/format. Any member may read it, as every
 * member reads the pages it shapes.
 */
export const getTimeStyle = cache((member: Member): TimeStyle => {
  assertCan(member.role, 'firm.read');
  return { hours: firmHourClock(getDb(), member.firmId) };
});

/** Updates the caller's own firm (never one named in the input) and records before/after. */
export function updateFirmSettings(member: Member, input: FirmSettingsInput): FirmDTO {
  assertCan(member.role, 'firm.settings');
  return writeTransaction((tx) => {
    const before = tx.select(firmColumns).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get();
    if (!before) throw new NotFoundError('The firm');
    tx.update(schema.firms).set(input).where(eq(schema.firms.id, member.firmId)).run();
    // New thresholds re-tier every client at once, dated, in the same transaction.
    retier(tx, member.firmId, Date.now());
    const after = { ...before, ...input };
    writeChangesAudit(tx, member, { action: 'firm.settings_updated', entity: 'firm', id: member.firmId }, before, input);
    return after;
  });
}
