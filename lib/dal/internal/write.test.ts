import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databasePath, getDb, schema } from '@/db';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { writeAudit, writeTransaction } from './write';

const auditOf = (firmId: number) => getDb().select().from(schema.auditLog).where(eq(schema.auditLog.firmId, firmId)).all();

describe('writeTransaction and writeAudit', () => {
  it('records the change with the caller as actor, in the caller’s firm, and returns what the transaction returns', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const id = writeTransaction((tx) => {
      const row = tx
        .insert(schema.clients)
        .values({ firmId: firm.id, name: 'Elm Street Insurance', seats: 12, tier: 'sweet_spot', tierReason: '' })
        .returning()
        .get();
      writeAudit(tx, owner, { action: 'client.created', entity: 'client', id: row.id, before: null, after: { name: row.name } });
      return row.id;
    });
    expect(auditOf(firm.id)).toEqual([
      expect.objectContaining({
        firmId: firm.id,
        actorUserId: owner.userId,
        action: 'client.created',
        entityType: 'client',
        entityId: id,
        before: null,
        after: { name: 'Elm Street Insurance' },
      }),
    ]);
  });

  it('writes neither the change nor its audit row when the transaction fails after both', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const before = firmRows(firm.id);
    expect(() =>
      writeTransaction((tx) => {
        tx.update(schema.firms).set({ name: 'Renamed' }).where(eq(schema.firms.id, firm.id)).run();
        writeAudit(tx, owner, { action: 'firm.settings_updated', entity: 'firm', id: firm.id, after: { name: 'Renamed' } });
        throw new Error('a later check fails');
      }),
    ).toThrow('a later check fails');
    expect(firmRows(firm.id)).toBe(before);
    expect(auditOf(firm.id)).toEqual([]);
  });

  it('takes the write lock at BEGIN (immediate): another connection cannot start writing until it commits', () => {
    const other = new Database(databasePath(), { timeout: 0 });
    try {
      writeTransaction(() => {
        // Nothing written yet: only an immediate transaction already holds the lock here.
        expect(() => other.prepare('begin immediate').run()).toThrow(/locked|busy/i);
      });
      other.prepare('begin immediate').run();
      other.prepare('rollback').run();
    } finally {
      other.close();
    }
  });
});
