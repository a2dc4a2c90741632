import { describe, expect, it } from 'vitest';
import { violations } from './check';
import { schedule } from './engine';
import { generateHard } from './reference/generate';
import { score } from './testing';

describe('large-neighbourhood search', () => {
  it('gives the same schedule for the same instance (seeded, a fixed number of moves)', () => {
    const inst = generateHard(3, { visits: 40, consultants: 3, weeks: 2 });
    const a = schedule(inst, { timeBudgetMs: 120_000, maxMoves: 1500 });
    const b = schedule(structuredClone(inst), { timeBudgetMs: 120_000, maxMoves: 1500 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  }, 120_000);

  it('places at least what greedy and repair place, and breaks no hard rule', () => {
    for (let seed = 11; seed <= 14; seed++) {
      const inst = generateHard(seed, { visits: 50, consultants: 3, weeks: 2 });
      const start = schedule(inst, { timeBudgetMs: 120_000, maxMoves: 0 });
      const searched = schedule(inst, { timeBudgetMs: 120_000, maxMoves: 3000 });
      expect(violations(inst, searched), `seed ${seed}`).toEqual([]);
      expect(score(inst, searched), `seed ${seed}`).toBeGreaterThanOrEqual(score(inst, start));
    }
  }, 120_000);
});
