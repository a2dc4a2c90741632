import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { ForbiddenError, NotFoundError } from '@/lib/permissions';
import { clientSchema } from '@/lib/validations/clients';
import { firmSettingsSchema } from '@/lib/validations/firm';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { importClients, previewClientImport } from './client-import';
import { listClients } from './client-list';
import { listClientOptions, MAX_CLIENT_OPTIONS, searchClientOptions } from './client-options';
import { archiveClient, createClient, getClient, updateClient } from './clients';
import { updateFirmSettings } from './firm';

const input = (name: string, seats: number, hasServer = false) =>
  clientSchema.parse({ name, seats: String(seats), hasServer: hasServer ? 'on' : undefined, growth: 'flat', status: 'active' });

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  return { firm, owner };
}

describe('clients', () => {
  it('computes the tier at creation and again when billing and thresholds change, dating each change', () => {
    const { firm, owner } = setup();
    const id = createClient(owner, input('Growing Co', 12, true));
    expect(getClient(owner, id).tier).toBe('emerging');
    getDb()
      .insert(schema.charges)
      .values({ firmId: firm.id, clientId: id, billedAt: Date.now() - 86_400_000, amountCents: 600_000 })
      .run();
    updateClient(owner, id, input('Growing Co', 12, true));
    expect(getClient(owner, id).tier).toBe('sweet_spot');

    const settings = firmSettingsSchema.parse({
      name: 'F',
      timeZone: 'UTC',
      microMaxSeats: '5',
      sweetSpotMinSeats: '10',
      sweetSpotRequiresServer: 'on',
      sweetSpotMinRevenueCents: '7000',
      largeMinSeats: '100',
      targetHourlyRateCents: '100',
      weeklyMarketingTargetMinutes: '8',
      billingIncrementMinutes: '15',
      hourClock: '24h',
    });
    updateFirmSettings(owner, settings);
    expect(getClient(owner, id).tier).toBe('emerging');
    const changes = getDb().select().from(schema.tierChanges).where(eq(schema.tierChanges.clientId, id)).all();
    expect(changes.map((c) => [c.fromTier, c.toTier])).toEqual([
      [null, 'emerging'],
      ['emerging', 'sweet_spot'],
      ['sweet_spot', 'emerging'],
    ]);
  });

  it('sorts by revenue across all pages and keeps firms apart', () => {
    const { firm, owner } = setup();
    const other = setup();
    const ids = [1, 2, 3].map((n) => createClient(owner, input(`C${n}`, 3)));
    const user = makeUser(firm.id, 'consultant');
    ids.forEach((clientId, i) =>
      getDb()
        .insert(schema.timeEntries)
        .values({
          firmId: firm.id,
          userId: user.id,
          clientId,
          category: 'micro',
          startedAt: Date.now() - 3_600_000,
          minutes: 60,
          amountCents: [500, 9_000, 2_000][i]!,
        })
        .run(),
    );
    createClient(other.owner, input('Elsewhere', 3));
    const list = listClients(owner, { sort: 'revenue', dir: 'desc' });
    expect(list.rows.map((r) => r.name)).toEqual(['C2', 'C3', 'C1']);
    expect(list.rows[0]).toMatchObject({ revenue12mCents: 9_000, minutes12m: 60, effectiveRateCents: 9_000 });
    expect(() => getClient(owner, listClients(other.owner, {}).rows[0]!.id)).toThrow(NotFoundError);
  });

  it('refuses a duplicate name and consultants', () => {
    const { firm, owner } = setup();
    createClient(owner, input('Acme', 3));
    expect(() => createClient(owner, input('ACME', 4))).toThrow('A client named “ACME” already exists.');
    expect(() => createClient(asMember(makeUser(firm.id, 'consultant')), input('New', 3))).toThrow(ForbiddenError);
  });

  it('imports all valid rows or none, and skips duplicates', async () => {
    const { firm, owner } = setup();
    createClient(owner, input('Existing', 3));
    const count = () => getDb().select().from(schema.clients).where(eq(schema.clients.firmId, firm.id)).all().length;
    await expect(importClients(owner, { text: 'name,seats\nGood,3\nBad,x\n' })).rejects.toThrow('nothing was imported');
    expect(count()).toBe(1);
    const preview = await previewClientImport(owner, 'name,seats,has_server\nExisting,3,no\nNew One,12,yes\nnew one,4,no\n');
    expect(preview.errors).toEqual([]);
    expect(preview.toImport.map((r) => [r.line, r.name, r.tier])).toEqual([[3, 'New One', 'emerging']]);
    expect(preview.duplicates.map((d) => d.line)).toEqual([2, 4]);
    expect(await importClients(owner, { text: 'name,seats,has_server\nExisting,3,no\nNew One,12,yes\nnew one,4,no\n' })).toEqual({
      imported: 1,
      skipped: 2,
    });
    expect(count()).toBe(2);
  });
});

describe('archiving', () => {
  it('archives instead of deleting, keeps history, audits it, and answers another firm "not found"', () => {
    const { firm, owner } = setup();
    const other = setup();
    const id = createClient(owner, input('Old Client', 3));
    const user = makeUser(firm.id, 'consultant');
    getDb()
      .insert(schema.timeEntries)
      .values({ firmId: firm.id, userId: user.id, clientId: id, category: 'micro', startedAt: Date.now() - 3_600_000, minutes: 30 })
      .run();
    expect(() => archiveClient(other.owner, id)).toThrow(NotFoundError);
    expect(getClient(owner, id).status).toBe('active');
    archiveClient(owner, id);
    expect(getClient(owner, id).status).toBe('archived');
    expect(getDb().select().from(schema.timeEntries).where(eq(schema.timeEntries.clientId, id)).all()).toHaveLength(1);
    const audit = getDb().select().from(schema.auditLog).where(eq(schema.auditLog.entityId, id)).all().at(-1);
    expect(audit?.action).toBe('client.archived');
    expect(listClients(owner, {}).rows.map((r) => r.id)).not.toContain(id);
    expect(listClients(owner, { status: 'archived' }).rows.map((r) => r.id)).toEqual([id]);
  });

  it('offers every client in a select up to the limit, and beyond it searches by name within the firm only', () => {
    const { firm, owner } = setup();
    const other = setup();
    createClient(other.owner, input('Zebra Elsewhere', 3));
    const names = ['Zebra Dental', 'Dental Zebra Care', '100% Plumbing', '100 Main St', 'Under_score Ltd', 'Archived Zebra'];
    const ids = Object.fromEntries(names.map((n) => [n, createClient(owner, input(n, 3))]));
    archiveClient(owner, ids['Archived Zebra']!);
    expect(listClientOptions(owner)?.map((o) => o.label)).toEqual([
      '100 Main St',
      '100% Plumbing',
      'Dental Zebra Care',
      'Under_score Ltd',
      'Zebra Dental',
    ]);

    // Names starting with the text come first; archived clients and other firms never show.
    expect(searchClientOptions(owner, ' zebra ').map((o) => o.label)).toEqual(['Zebra Dental', 'Dental Zebra Care']);
    expect(searchClientOptions(owner, 'zebra')[0]!.value).toBe(String(ids['Zebra Dental']));
    expect(searchClientOptions(other.owner, 'zebra').map((o) => o.label)).toEqual(['Zebra Elsewhere']);
    // LIKE wildcards typed by the user are taken literally.
    expect(searchClientOptions(owner, '100%').map((o) => o.label)).toEqual(['100% Plumbing']);
    expect(searchClientOptions(owner, '0_M').map((o) => o.label)).toEqual([]);
    expect(searchClientOptions(owner, 'Under_').map((o) => o.label)).toEqual(['Under_score Ltd']);
    expect(searchClientOptions(owner, '   ')).toEqual([]);
    expect(searchClientOptions(owner, 'a', 2)).toHaveLength(2);

    const rows = Array.from({ length: MAX_CLIENT_OPTIONS }, (_, i) => ({
      firmId: firm.id,
      name: `Bulk ${String(i).padStart(4, '0')}`,
      seats: 3,
      tier: 'micro' as const,
      tierReason: '',
    }));
    getDb().insert(schema.clients).values(rows).run();
    expect(listClientOptions(owner)).toBeNull();
    expect(searchClientOptions(owner, 'bulk 0299').map((o) => o.label)).toEqual(['Bulk 0299']);
    expect(listClientOptions(other.owner)).toHaveLength(1);
  });
});
