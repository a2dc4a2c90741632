import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError } from '@/lib/permissions';
import { firmSettingsSchema } from '@/lib/validations/firm';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { getFirm, getTimeStyle, updateFirmSettings } from './firm';

const input = firmSettingsSchema.parse({
  name: 'Renamed IT',
  timeZone: 'America/Chicago',
  microMaxSeats: '5',
  sweetSpotMinSeats: '10',
  sweetSpotRequiresServer: 'on',
  sweetSpotMinRevenueCents: '5000',
  largeMinSeats: '100',
  targetHourlyRateCents: '125',
  weeklyMarketingTargetMinutes: '8',
  billingIncrementMinutes: '15',
  hourClock: '24h',
});

describe('firm settings', () => {
  it('updates only the caller’s firm and audits exactly the changed fields', () => {
    const firm = makeFirm('Old Name');
    const other = makeFirm('Other');
    const owner = makeUser(firm.id, 'owner');
    const otherBefore = firmRows(other.id);
    const after = updateFirmSettings(asMember(owner), input);
    expect(after.name).toBe('Renamed IT');
    expect(getFirm(asMember(owner)).targetHourlyRateCents).toBe(12_500);
    expect(firmRows(other.id)).toBe(otherBefore);
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firm.id)).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toEqual({ name: 'Old Name', targetHourlyRateCents: 10_000 });
    expect(audit[0]?.after).toEqual({ name: 'Renamed IT', targetHourlyRateCents: 12_500 });
  });

  it('writes no audit entry when nothing changed', () => {
    const firm = makeFirm('Same');
    const owner = makeUser(firm.id, 'owner');
    updateFirmSettings(asMember(owner), input);
    updateFirmSettings(asMember(owner), input);
    expect(getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firm.id)).all()).toHaveLength(1);
  });

  it('keeps the clock a new firm starts with (24-hour) until the owner picks 12-hour, which every member then reads', () => {
    const firm = makeFirm('Clocked');
    const owner = makeUser(firm.id, 'owner');
    const consultant = makeUser(firm.id, 'consultant');
    expect(getTimeStyle(asMember(consultant))).toEqual({ hours: '24h' });
    updateFirmSettings(asMember(owner), { ...input, hourClock: '12h' });
    expect(getFirm(asMember(owner)).hourClock).toBe('12h');
    expect(getTimeStyle(asMember(consultant))).toEqual({ hours: '12h' });
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firm.id)).all();
    expect(audit.at(-1)?.after).toMatchObject({ hourClock: '12h' });
  });

  it('refuses consultants and staff and changes nothing', () => {
    const firm = makeFirm('Guarded');
    const before = firmRows(firm.id);
    for (const role of ['consultant', 'staff'] as const) {
      const user = makeUser(firm.id, role);
      const rowsWithUser = firmRows(firm.id);
      expect(() => updateFirmSettings(asMember(user), input)).toThrow(ForbiddenError);
      expect(firmRows(firm.id)).toBe(rowsWithUser);
    }
    expect(JSON.parse(firmRows(firm.id))[0]).toEqual(JSON.parse(before)[0]);
  });
});
