import { describe, expect, it } from 'vitest';
import { violations } from '../check';
import { schedule } from '../engine';
import { exactOptimum, randomInstance, score } from '../testing';
import { generateHard, judgedSize } from './generate';
import { cliques, type Option, solveReference } from './milp';

const option = (f0: number, f1: number, consultant = 0): Option => ({ visit: 0, consultant, start: f0, f0, f1, week: 0 });

describe('the reference model', () => {
  it('has one row per maximal set of overlapping footprints, per consultant (half-open intervals)', () => {
    const opts = [option(0, 10), option(5, 15), option(10, 20), option(12, 14), option(0, 30, 1), option(5, 6, 1)];
    const rows = cliques(opts, 2).map((r) => r.sort((a, b) => a - b));
    expect(rows).toEqual([
      [0, 1],
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('finds the exhaustive optimum of crowded small instances, with a schedule that obeys every hard rule', async () => {
    for (let seed = 5000; seed < 5040; seed++) {
      const inst = randomInstance(seed, 6 + (seed % 3), 1 + (seed % 2));
      const ref = await solveReference(inst, { timeLimit: 60 });
      expect(ref.proven, `seed ${seed}`).toBe(true);
      expect(violations(inst, ref.result), `seed ${seed}`).toEqual([]);
      expect(score(inst, ref.result), `seed ${seed}`).toBe(ref.value);
      expect(ref.value, `seed ${seed}`).toBe(exactOptimum(inst));
    }
  }, 300_000);

  it('is never beaten by the engine on hard generated instances, and both obey every hard rule', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const inst = generateHard(seed, { visits: 18 + seed * 2, consultants: 2, weeks: 1 + (seed % 2) });
      const engine = schedule(inst, { timeBudgetMs: 300 });
      const ref = await solveReference(inst, { timeLimit: 60 });
      expect(violations(inst, engine), `seed ${seed}`).toEqual([]);
      expect(violations(inst, ref.result), `seed ${seed}`).toEqual([]);
      expect(score(inst, engine), `seed ${seed}`).toBeLessThanOrEqual(ref.bound);
      if (ref.proven) expect(score(inst, engine), `seed ${seed}`).toBeLessThanOrEqual(ref.value);
    }
  }, 300_000);
});

describe('the hard-instance generator', () => {
  it('is deterministic for a seed and makes the judged family: 60–120 visits, 3–5 consultants, demand above the caps', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const a = generateHard(seed);
      expect(JSON.stringify(generateHard(seed))).toBe(JSON.stringify(a));
      const { visits, consultants, weeks } = judgedSize(seed);
      expect(a.visits).toHaveLength(visits);
      expect(visits).toBeGreaterThanOrEqual(60);
      expect(visits).toBeLessThanOrEqual(120);
      expect(a.consultants).toHaveLength(consultants);
      const capped = a.consultants.every((c) => c.maxMicroMinutesPerWeek !== undefined);
      const caps = a.consultants.reduce((s, c) => s + (c.maxMicroMinutesPerWeek ?? 0), 0) * weeks;
      const demand = a.visits.reduce((s, v) => s + v.durationMinutes, 0);
      if (capped) expect(demand, `seed ${seed}`).toBeGreaterThan(caps);
    }
  });
});
