import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/random';
import { Board } from './board';
import { bound } from './bounds';
import { capFlowBound, flowBound, freeTimeFlowBound, maxValue, type Network } from './flow-bound';
import { prepare, type Visit } from './prepare';
import { exactOptimum, randomInstance } from './testing';
import type { Instance } from './types';

const boardOf = (inst: Instance) => new Board(prepare(inst));

describe('flow bounds', () => {
  /**
   * Ana works Monday and Tuesday 09:00–17:00 (2026-12-07 is a Monday). Three
   * one-hour visits, priority 5 each, may only happen on Monday 09:00–11:00.
   * Free time and caps are plenty, so the knapsack over the whole week's free
   * minutes allows all three (15); but two hours of Monday morning hold two
   * one-hour visits, so the best possible is 10, and the flow over the
   * intervals each visit can reach says exactly that.
   */
  it('sees that visits whose windows share a short stretch compete for it', () => {
    const inst: Instance = {
      slotMinutes: 30,
      horizon: { start: '2026-12-07', end: '2026-12-08' },
      consultants: [
        {
          id: 'ana',
          workingHours: [1, 2].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
        },
      ],
      protectedBlocks: [],
      busy: [],
      visits: ['a', 'b', 'c'].map((id) => ({
        id,
        clientId: id,
        durationMinutes: 60,
        travelMinutes: 0,
        priority: 5,
        consultantIds: ['ana'],
        windows: [{ start: '2026-12-07T09:00', end: '2026-12-07T11:00' }],
      })),
    };
    const b = boardOf(inst);
    expect(bound(b, 0)).toBe(15);
    expect(freeTimeFlowBound(b)).toBeCloseTo(10);
    expect(exactOptimum(inst)).toBe(10);
  });

  /** Same shape, but the stretch is long enough and a weekly cap of 90 minutes binds: 1.5 visits' worth of priority. */
  it('bounds visit minutes by the cap left in the weeks each visit can reach', () => {
    const inst: Instance = {
      slotMinutes: 30,
      horizon: { start: '2026-12-07', end: '2026-12-15' },
      consultants: [
        {
          id: 'ana',
          workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
          maxMicroMinutesPerWeek: 90,
        },
      ],
      protectedBlocks: [],
      busy: [],
      // both may only happen in the first week; the second week's cap is no help to them
      visits: ['a', 'b'].map((id) => ({
        id,
        clientId: id,
        durationMinutes: 60,
        travelMinutes: 0,
        priority: 4,
        consultantIds: ['ana'],
        windows: [{ start: '2026-12-07T09:00', end: '2026-12-11T17:00' }],
      })),
    };
    const b = boardOf(inst);
    expect(capFlowBound(b)).toBeCloseTo(6);
    expect(exactOptimum(inst)).toBe(4);
  });

  it('never falls below the exact optimum (120 random instances)', () => {
    let tighter = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const inst = randomInstance(seed, 5, 4);
      const b = boardOf(inst);
      const flow = flowBound(b);
      expect(flow, `seed ${seed}`).toBeGreaterThanOrEqual(exactOptimum(inst));
      if (flow < bound(b, 0)) tighter++;
    }
    // the point of the bound: on a good share of instances it is below the knapsack
    expect(tighter).toBeGreaterThan(5);
  });
});

describe('the greedy flow is the fractional optimum', () => {
  type Case = { visits: Visit[]; units: number[]; net: Network };
  const randomCase = (seed: number): Case => {
    const r = seededRandom(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const intervals = int(1, 6);
    const groups = int(1, 3);
    const net: Network = {
      length: Array.from({ length: intervals }, () => int(10, 120)),
      group: Array.from({ length: intervals }, () => int(0, groups - 1)),
      groupCap: Array.from({ length: groups }, () => (r() < 0.3 ? Infinity : int(0, 200))),
      reach: [],
    };
    const n = int(1, 7);
    const visits = Array.from({ length: n }, (_, index) => ({ index, priority: int(1, 5) }) as Visit);
    net.reach = visits.map(() => [...new Set(Array.from({ length: int(1, intervals) }, () => int(0, intervals - 1)))]);
    return { visits, units: visits.map(() => int(15, 150)), net };
  };

  /** The same relaxation as a linear program (x_v in [0, 1], y_vi minutes of v on interval i), solved by HiGHS. */
  let highs: Awaited<ReturnType<typeof loadHighs>>;
  async function lp({ visits, units, net }: Case): Promise<number> {
    highs ??= await loadHighs();
    const x = visits.map((_, v) => `x${v}`);
    const y = visits.flatMap((_, v) => net.reach[v]!.map((i) => ({ v, i, name: `y${v}_${i}` })));
    const rows = [
      ...visits.map(
        (_, v) =>
          `v${v}: ${
            y
              .filter((e) => e.v === v)
              .map((e) => `+ ${e.name}`)
              .join(' ') || '0 x0'
          } - ${units[v]} ${x[v]} = 0`,
      ),
      ...net.length.map(
        (len, i) =>
          `i${i}: ${
            y
              .filter((e) => e.i === i)
              .map((e) => `+ ${e.name}`)
              .join(' ') || '0 x0'
          } <= ${len}`,
      ),
      ...net.groupCap.flatMap((cap, g) =>
        Number.isFinite(cap)
          ? [
              `g${g}: ${
                y
                  .filter((e) => net.group[e.i] === g)
                  .map((e) => `+ ${e.name}`)
                  .join(' ') || '0 x0'
              } <= ${cap}`,
            ]
          : [],
      ),
    ];
    const problem = [
      'Maximize',
      ` obj: ${visits.map((v, k) => `+ ${v.priority} ${x[k]}`).join(' ')}`,
      'Subject To',
      ...rows.map((row) => ` ${row}`),
      'Bounds',
      ...x.map((name) => ` 0 <= ${name} <= 1`),
      'End',
    ].join('\n');
    const solution = highs.solve(problem);
    return solution.ObjectiveValue;
  }

  it('matches the LP on 150 random networks', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const c = randomCase(seed);
      const greedy = maxValue(c.visits, (v) => c.units[v.index]!, c.net);
      expect(greedy, `seed ${seed}`).toBeCloseTo(await lp(c), 6);
    }
  });
});
