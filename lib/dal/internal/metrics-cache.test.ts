import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { cached } from './metrics-cache';

const NOW = Date.UTC(2026, 10, 25, 18);

describe('metrics cache', () => {
  it('serves the cached value until a write through this process or a commit by another connection', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const minutesOf = () =>
      cached(
        'test-minutes',
        firm.id,
        NOW,
        () =>
          getDb().$client.prepare('select coalesce(sum(minutes), 0) as m from time_entries where firm_id = ?').get(firm.id) as {
            m: number;
          },
      ).m;
    const id = Number(
      getDb()
        .insert(schema.timeEntries)
        .values({ firmId: firm.id, userId: owner.userId, category: 'admin', startedAt: NOW - 3_600_000, minutes: 30 })
        .run().lastInsertRowid,
    );
    expect(minutesOf()).toBe(30);

    // Nothing written: the cached value is served (the compute function is not called).
    let computed = 0;
    cached('test-minutes', firm.id, NOW, () => ++computed);
    expect(computed).toBe(0);

    // An update (no new row, no new rowid) through this process invalidates it.
    getDb().$client.prepare('update time_entries set minutes = 45 where id = ?').run(id);
    expect(minutesOf()).toBe(45);

    // So does an update committed by another connection, e.g. a second server process or a restore.
    const other = new Database(process.env.DATABASE_PATH!);
    other.prepare('update time_entries set minutes = 50 where id = ?').run(id);
    other.close();
    expect(minutesOf()).toBe(50);

    // And the figures expire with the clock.
    expect(cached('test-minutes', firm.id, NOW + 61_000, () => -1)).toBe(-1);
  });
});
