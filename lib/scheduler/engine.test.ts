import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Board } from './board';
import { bound, knapsack } from './bounds';
import { violations } from './check';
import { solve } from './engine';
import { greedy } from './greedy';
import { prepare, type Visit } from './prepare';
import { generateHard } from './reference/generate';
import { exactOptimum, randomInstance, score } from './testing';

describe('solve', () => {
  it('returns the statistics of its own run with the result (two solves do not share them)', () => {
    const a = randomInstance(41, 8, 2);
    const b = generateHard(7, { visits: 30, consultants: 2, weeks: 1 });
    const first = solve(a, { timeBudgetMs: 60_000 });
    const second = solve(b, { timeBudgetMs: 60_000, maxMoves: 500 });
    expect(first.stats.placedPriority).toBe(score(a, first.result));
    expect(second.stats.placedPriority).toBe(score(b, second.result));
    expect(first.stats.upperBound).toBeGreaterThanOrEqual(first.stats.placedPriority);
    expect(second.stats.moves).toBeGreaterThan(0);
    expect(first.stats.placedPriority).not.toBe(second.stats.placedPriority);
  });

  it('stays within 1 % of the proven optimum on hard generated instances (default moves, no clock in the way)', () => {
    // Optima proven by the exact MILP reference (scripts/scheduler-reference.json).
    const fixture = JSON.parse(readFileSync(path.join(process.cwd(), 'scripts', 'scheduler-reference.json'), 'utf8')) as {
      references: Record<string, { value: number; proven: boolean }>;
    };
    for (const seed of [5, 8]) {
      const ref = fixture.references[`hard-${seed}`]!;
      expect(ref.proven).toBe(true);
      const inst = generateHard(seed);
      const { result } = solve(inst, { timeBudgetMs: 120_000 });
      expect(violations(inst, result)).toEqual([]);
      expect(score(inst, result) / ref.value, `hard-${seed}`).toBeGreaterThanOrEqual(0.99);
    }
  }, 120_000);
});

describe('bounds', () => {
  const v = (priority: number, minutes: number) => ({ priority, duration: minutes, travel: 0, capMinutes: minutes }) as Visit;
  it('fills a fractional knapsack by priority per unit of weight', () => {
    const list = [v(3, 60), v(5, 60), v(4, 120)];
    expect(knapsack(list, (x) => x.duration, 120)).toBe(8);
    expect(knapsack(list, (x) => x.duration, 180)).toBe(10);
    expect(knapsack(list, (x) => x.duration, 0)).toBe(0);
  });

  it('never falls below the exact optimum at the root (random small instances)', () => {
    for (let seed = 300; seed < 340; seed++) {
      const inst = randomInstance(seed, 5 + (seed % 3), 1);
      const board = new Board(prepare(inst));
      expect(bound(board, 0), `seed ${seed}`).toBeGreaterThanOrEqual(exactOptimum(inst));
    }
  }, 60_000);
});

describe('the board (occupancy and weekly use)', () => {
  const inst = randomInstance(77, 6, 1);
  it('takes a visit back exactly: free time, weekly minutes and value as before', () => {
    const board = new Board(prepare(inst));
    const v = board.p.order[0]!;
    const occ = () => JSON.stringify(board.p.pieces.map((p) => p.occ));
    const uses = () => JSON.stringify([...board.use]);
    const [o0, u0] = [occ(), uses()];
    const spot = board.earliest(v)!;
    board.place(v, spot);
    expect(board.value).toBe(v.priority);
    expect(occ()).not.toBe(o0);
    // The same footprint is no longer free.
    expect(board.earliest(v)?.start === spot.start && board.earliest(v)?.piece === spot.piece).toBe(false);
    board.remove(v);
    expect([occ(), uses(), board.value]).toEqual([o0, u0, 0]);
  });

  it('finds the tightest free run of a segment as the runs enumerated one by one would (first of least slack)', () => {
    const board = new Board(prepare(generateHard(9, { visits: 40, consultants: 2, weeks: 1 })));
    greedy(board);
    let checked = 0;
    for (const v of board.p.order)
      for (const seg of v.segments) {
        let slack = -1;
        let lo = 0;
        board.freeRuns(v, seg, (a, b) => {
          if (slack < 0 || b - a < slack) [slack, lo] = [b - a, a];
          return false;
        });
        expect(board.tightestRun(v, seg)).toBe(slack);
        if (slack >= 0) {
          expect(board.runLo).toBe(lo);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(10);
  });

  it('finds free starts only on the grid, with travel inside the piece', () => {
    const board = new Board(prepare(inst));
    for (const v of board.p.order)
      for (const seg of v.segments)
        board.freeRuns(v, seg, (lo, hi) => {
          const piece = board.p.pieces[seg.piece]!;
          expect(lo % board.p.slot).toBe(0);
          expect(lo - v.travel).toBeGreaterThanOrEqual(piece.a);
          expect(hi + v.duration + v.travel).toBeLessThanOrEqual(piece.b);
          return false;
        });
  });
});
