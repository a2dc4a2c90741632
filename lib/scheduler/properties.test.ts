import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { violations } from './check';
import { solve } from './engine';
import { generateHard } from './reference/generate';
import { randomInstance } from './testing';
import type { Instance } from './types';
import { InstanceError, validateInstance } from './validate';

/** A short search: a few moves, and the clock caps the exact search of instances of up to 12 visits. */
const run = (inst: Instance) => solve(inst, { timeBudgetMs: 300, maxMoves: 300 });

describe('scheduler properties (generated instances)', () => {
  it('every result obeys every hard rule and lists every visit exactly once (small random instances)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, n, days) => {
          const inst = randomInstance(seed, n, days);
          const { result, stats } = run(inst);
          expect(violations(inst, result)).toEqual([]);
          expect(result.placements.length + result.unplaced.length).toBe(inst.visits.length);
          expect(stats.upperBound).toBeGreaterThanOrEqual(stats.placedPriority);
        },
      ),
      { numRuns: 60, seed: 19 },
    );
  }, 120_000);

  it('every result obeys every hard rule on hard instances (caps below demand, travel, planted edge cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.record({
          visits: fc.integer({ min: 12, max: 45 }),
          consultants: fc.integer({ min: 1, max: 3 }),
          weeks: fc.integer({ min: 1, max: 2 }),
        }),
        (seed, size) => {
          const inst = generateHard(seed, size);
          const { result } = run(inst);
          expect(violations(inst, result)).toEqual([]);
          const ids = [...result.placements.map((p) => p.visitId), ...result.unplaced.map((u) => u.visitId)].sort();
          expect(ids).toEqual(inst.visits.map((v) => v.id).sort());
          for (const u of result.unplaced) expect(u.reason.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 25, seed: 19 },
    );
  }, 120_000);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance broken on purpose has no type to check it against
type Loose = Record<string, any>;
type Mutation = { field: string; apply: (inst: Loose) => void };

/** One broken field of a valid instance, and the path the error must name. */
function mutations(inst: Instance): fc.Arbitrary<Mutation> {
  const vi = fc.integer({ min: 0, max: inst.visits.length - 1 });
  const visitField = (key: string, bad: unknown[]) =>
    fc.tuple(vi, fc.constantFrom(...bad)).map(([i, value]) => ({
      field: `visits[${i}].${key}`,
      apply: (x: Loose) => {
        if (value === undefined) delete x.visits[i][key];
        else x.visits[i][key] = value;
      },
    }));
  return fc.oneof(
    visitField('durationMinutes', [0, -30, 1.5, '60', undefined, null]),
    visitField('travelMinutes', [-1, 2.5, 'x', undefined]),
    visitField('priority', [0, 6, 3.5, undefined]),
    visitField('consultantIds', [[], 'c0', undefined]),
    visitField('windows', [[], 'all']),
    visitField('clientId', ['', 7, undefined]),
    fc.tuple(vi, fc.constantFrom('nobody', 'C0')).map(([i, id]) => ({
      field: `visits[${i}].consultantIds[0]`,
      apply: (x: Loose) => (x.visits[i].consultantIds = [id]),
    })),
    fc.integer({ min: 0, max: inst.busy.length - 1 }).map((j) => ({
      field: `busy[${j}].end`,
      apply: (x: Loose) => (x.busy[j].end = x.busy[j].start),
    })),
    fc.integer({ min: 0, max: inst.consultants.length - 1 }).map((k) => ({
      field: `consultants[${k}].maxMicroMinutesPerWeek`,
      apply: (x: Loose) => (x.consultants[k].maxMicroMinutesPerWeek = -60),
    })),
    fc.constantFrom(7, 0, 2000).map((slot) => ({ field: 'instance.slotMinutes', apply: (x: Loose) => (x.slotMinutes = slot) })),
  );
}

describe('scheduler properties (invalid input)', () => {
  const valid = generateHard(4, { visits: 20, consultants: 3, weeks: 1 });

  it('refuses an instance with one broken field, in one line naming that field', () => {
    fc.assert(
      fc.property(mutations(valid), (m) => {
        const input = structuredClone(valid) as unknown as Loose;
        m.apply(input);
        let error: unknown;
        try {
          validateInstance(input);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InstanceError);
        const message = (error as Error).message;
        expect(message.startsWith(`${m.field}:`), message).toBe(true);
        expect(message).not.toMatch(/\n/);
      }),
      { numRuns: 200, seed: 19 },
    );
  });

  it('the command exits 2 with that one line on stderr and nothing on stdout', () => {
    const cli = path.join(process.cwd(), 'scripts', 'schedule.mjs');
    fc.assert(
      fc.property(mutations(valid), (m) => {
        const input = structuredClone(valid) as unknown as Loose;
        m.apply(input);
        const out = spawnSync(process.execPath, [cli], { input: JSON.stringify(input) });
        expect(out.status).toBe(2);
        expect(out.stdout.toString()).toBe('');
        const lines = out.stderr.toString().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]!.startsWith(`${m.field}:`), lines[0]).toBe(true);
      }),
      { numRuns: 6, seed: 19 },
    );
  }, 60_000);
});
