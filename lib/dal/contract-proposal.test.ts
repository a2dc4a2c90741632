import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { localToInstant } from '@/lib/time/zoned';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { contractProposal } from './contract-proposal';

const ZONE = 'America/Chicago'; // the factories' firm zone
const NOW = localToInstant('2026-12-02', 12 * 60, ZONE);

function setup(from: 'micro' | 'emerging' = 'micro') {
  const firm = makeFirm();
  const staff = asMember(makeUser(firm.id, 'staff'));
  const user = makeUser(firm.id, 'consultant');
  const client = getDb()
    .insert(schema.clients)
    .values({
      firmId: firm.id,
      name: 'Lakeside Clinic',
      seats: 12,
      hasServer: true,
      tier: 'sweet_spot',
      tierReason: '',
      hourlyRateCents: 9_500,
    })
    .returning()
    .get().id;
  getDb()
    .insert(schema.tierChanges)
    .values({ firmId: firm.id, clientId: client, fromTier: from, toTier: 'sweet_spot', reason: 'grew', at: NOW - 86_400_000 })
    .run();
  const entry = (day: string, minutes: number, amountCents: number, category: 'micro' | 'marketing' = 'micro') =>
    getDb()
      .insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: user.id,
        clientId: client,
        category,
        startedAt: localToInstant(day, 600, ZONE),
        minutes,
        amountCents,
      })
      .run();
  return { firm, staff, client, entry };
}

describe('the contract proposed when a client crosses from micro into the sweet spot', () => {
  it('drafts its last 12 months of billable hours as included hours at its rate, from next month', () => {
    const { staff, client, entry } = setup();
    entry('2026-03-10', 50 * 60, 475_000);
    entry('2026-09-10', 50 * 60, 475_000);
    entry('2025-11-10', 600, 57_000); // over 12 months ago
    entry('2026-10-10', 600, 0); // not billable
    const p = contractProposal(staff, client, NOW)!;
    expect(p.billedMinutes12m).toBe(100 * 60);
    expect(p.movedAt).toBe(NOW - 86_400_000);
    expect(p.draft).toEqual({
      name: 'Managed services (12 seats)',
      startDate: '2027-01-01',
      monthlyFeeCents: 85_500, // 100 h / 12 = 8.3 h a month → 9 h at $95
      includedMinutes: 540,
      overageRateCents: 9_500,
    });
  });

  it('proposes nothing for a client that came from another tier, already has a running contract, or is not the firm’s', () => {
    const fromEmerging = setup('emerging');
    expect(contractProposal(fromEmerging.staff, fromEmerging.client, NOW)).toBeNull();
    const contracted = setup();
    getDb()
      .insert(schema.contracts)
      .values({ firmId: contracted.firm.id, clientId: contracted.client, name: 'Care', startDate: '2026-06-01', monthlyFeeCents: 50_000 })
      .run();
    expect(contractProposal(contracted.staff, contracted.client, NOW)).toBeNull();
    const other = setup();
    expect(() => contractProposal(other.staff, contracted.client, NOW)).toThrow(NotFoundError);
    expect(() => contractProposal(asMember(makeUser(other.firm.id, 'consultant')), other.client, NOW)).toThrow(ForbiddenError);
  });
});
