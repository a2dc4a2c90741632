import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { violations } from './check';
import { schedule } from './engine';
import { bruteForce, exactOptimum, randomInstance, score } from './testing';
import type { Instance, Result, VisitRequest } from './types';
import { InstanceError, validateInstance } from './validate';

const base = (visits: VisitRequest[], extra: Partial<Instance> = {}): Instance => ({
  slotMinutes: 15,
  horizon: { start: '2026-12-07', end: '2026-12-07' }, // a Monday
  consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }] }],
  protectedBlocks: [],
  busy: [],
  visits,
  ...extra,
});
const visit = (id: string, durationMinutes: number, extra: Partial<VisitRequest> = {}): VisitRequest => ({
  id,
  clientId: `client-${id}`,
  durationMinutes,
  travelMinutes: 0,
  priority: 3,
  consultantIds: ['ana'],
  ...extra,
});

describe('scheduler edge cases', () => {
  it('places the contract example after the protected direct-mail block', () => {
    const inst = validateInstance({
      slotMinutes: 15,
      horizon: { start: '2026-12-07', end: '2026-12-18' },
      consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '17:00' }], maxMicroMinutesPerWeek: 600 }],
      protectedBlocks: [{ id: 'mkt-1', consultantId: 'ana', kind: 'direct-mail', start: '2026-12-07T09:00', end: '2026-12-07T11:00' }],
      busy: [{ consultantId: 'ana', start: '2026-12-08T13:00', end: '2026-12-08T17:00' }],
      visits: [
        {
          id: 'v1',
          clientId: 'acme',
          durationMinutes: 90,
          travelMinutes: 15,
          priority: 3,
          consultantIds: ['ana'],
          windows: [{ start: '2026-12-07T08:00', end: '2026-12-09T17:00' }],
        },
      ],
    });
    const res = schedule(inst);
    // 08:15 would put the footprint (08:00–10:00) over the block; 11:15 leaves 15 minutes of travel after it.
    expect(res.placements).toEqual([{ visitId: 'v1', consultantId: 'ana', start: '2026-12-07T11:15', end: '2026-12-07T12:45' }]);
    expect(violations(inst, res)).toEqual([]);
  });

  it('leaves a visit longer than any gap unplaced with a reason', () => {
    const inst = base([visit('long', 300)]);
    const res = schedule(inst);
    expect(res.placements).toEqual([]);
    expect(res.unplaced[0]?.reason).toMatch(/longer than any working-hours interval/);
  });

  it('never places a visit whose only window lies inside a protected block', () => {
    const inst = base([visit('v', 60, { windows: [{ start: '2026-12-07T09:00', end: '2026-12-07T11:00' }] })], {
      protectedBlocks: [{ id: 'seminar', consultantId: 'ana', start: '2026-12-07T09:00', end: '2026-12-07T11:00' }],
    });
    const res = schedule(inst);
    expect(res.placements).toEqual([]);
    expect(res.unplaced[0]?.reason).toBe('no free slot in its windows outside protected blocks and busy time');
  });

  it('fits back-to-back visits with zero travel and a visit exactly filling a gap', () => {
    const inst = base([visit('a', 120), visit('b', 60), visit('c', 60)]);
    const res = schedule(inst);
    expect(res.placements).toHaveLength(3);
    expect(violations(inst, res)).toEqual([]);
  });

  it('counts travel on both sides, even between visits of the same client', () => {
    // 4 hours of work day; two 90-minute visits need 2 × (90 + 2 × 15) = 240 minutes.
    const inst = base([visit('a', 90, { travelMinutes: 15, clientId: 'same' }), visit('b', 90, { travelMinutes: 15, clientId: 'same' })]);
    const res = schedule(inst);
    expect(res.placements.map((p) => p.start)).toEqual(['2026-12-07T08:15', '2026-12-07T10:15']);
    expect(violations(inst, res)).toEqual([]);
    const tight = base([visit('a', 90, { travelMinutes: 16 }), visit('b', 90, { travelMinutes: 16 })]);
    expect(schedule(tight).placements).toHaveLength(1);
  });
});

describe('scheduler caps, grids and priorities', () => {
  it('respects the weekly cap and says so', () => {
    const inst = base([visit('a', 60), visit('b', 60, { priority: 5 })], {
      consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }], maxMicroMinutesPerWeek: 60 }],
    });
    const res = schedule(inst);
    expect(res.placements.map((p) => p.visitId)).toEqual(['b']);
    expect(res.unplaced).toEqual([
      { visitId: 'a', reason: "its consultants' weekly micro-visit cap is reached in every week it could go" },
    ]);
  });

  it('does not count an uncapped (not micro) visit against the weekly cap, nor need room under it', () => {
    const ana = (extra = {}) => [
      { id: 'ana', workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }], maxMicroMinutesPerWeek: 60, ...extra },
    ];
    // One micro hour fills the cap; the two-hour sweet-spot visit goes in beside it.
    const inst = base([visit('a', 60, { priority: 2 }), visit('b', 60, { priority: 1 }), visit('big', 120, { uncapped: true })], {
      consultants: ana(),
    });
    const res = schedule(inst);
    expect(res.placements.map((p) => p.visitId).sort()).toEqual(['a', 'big']);
    expect(res.unplaced).toEqual([
      { visitId: 'b', reason: "its consultants' weekly micro-visit cap is reached in every week it could go" },
    ]);
    expect(violations(inst, res)).toEqual([]);
    // A week whose cap is already used up by booked micro visits still takes it.
    const full = base([visit('a', 60), visit('big', 120, { uncapped: true })], {
      consultants: ana({ bookedMinutesByWeek: { '2026-12-07': 60 } }),
    });
    expect(schedule(full).placements.map((p) => p.visitId)).toEqual(['big']);
  });

  it('uses a 30-minute grid', () => {
    const inst = base([visit('a', 45, { travelMinutes: 10 })], { slotMinutes: 30 });
    const res = schedule(inst);
    expect(res.placements[0]?.start).toBe('2026-12-07T08:30');
    expect(violations(inst, res)).toEqual([]);
  });

  it('prefers more priority over more visits, unlike a first fit', () => {
    // One 4-hour gap: first fit by order would take the two short ones (priority 2 + 2);
    // the optimum takes the long one worth 5.
    const inst = base([visit('s1', 120, { priority: 2 }), visit('s2', 120, { priority: 2 }), visit('long', 240, { priority: 5 })]);
    expect(score(inst, schedule(inst))).toBe(5);
  });
});

describe('scheduler validation', () => {
  const ok = base([visit('a', 60)]);
  it.each([
    [{ ...ok, slotMinutes: 7 }, 'instance.slotMinutes: must divide 1440'],
    [{ ...ok, horizon: { start: '2026-02-30', end: '2026-03-01' } }, 'instance.horizon.start: must be a real date'],
    [{ ...ok, horizon: { start: '2026-03-02', end: '2026-03-01' } }, 'instance.horizon.end: must not be before'],
    [{ ...ok, visits: [visit('a', 0)] }, 'visits[0].durationMinutes: must be at least 1'],
    [{ ...ok, visits: [visit('a', 60, { travelMinutes: -5 })] }, 'visits[0].travelMinutes: must be at least 0'],
    [{ ...ok, visits: [visit('a', 60, { priority: 6 })] }, 'visits[0].priority: must be from 1 to 5'],
    [{ ...ok, visits: [visit('a', 60, { consultantIds: ['bob'] })] }, 'visits[0].consultantIds[0]: unknown consultant id "bob"'],
    [{ ...ok, visits: [visit('a', 60, { consultantIds: [] })] }, 'visits[0].consultantIds: must name at least one consultant'],
    [{ ...ok, visits: [visit('a', 60, { windows: [] })] }, 'visits[0].windows: must not be empty'],
    [{ ...ok, visits: [visit('a', 60), visit('a', 30)] }, 'visits[1].id: duplicate visit id "a"'],
    [{ ...ok, busy: [{ consultantId: 'ana', start: '2026-12-07T10:00', end: '2026-12-07T10:00' }] }, 'busy[0].end: must be after start'],
    [
      { ...ok, busy: [{ consultantId: 'zed', start: '2026-12-07T10:00', end: '2026-12-07T11:00' }] },
      'busy[0].consultantId: unknown consultant id "zed"',
    ],
    [
      { ...ok, protectedBlocks: [{ consultantId: 'ana', start: '2026-12-07T10:00', end: '2026-12-07T11:00' }] },
      'protectedBlocks[0].id: is required',
    ],
    [
      { ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 8, start: '08:00', end: '12:00' }] }] },
      'consultants[0].workingHours[0].weekday: must be from 1 to 7',
    ],
    [
      { ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '25:00', end: '26:00' }] }] },
      'consultants[0].workingHours[0].start: must be a time',
    ],
    [{ ...ok, visits: [{ ...visit('a', 60), durationMinutes: 1.5 }] }, 'visits[0].durationMinutes: must be a whole number'],
    [{ ...ok, visits: undefined }, 'instance.visits: is required'],
  ])('refuses %#: %s', (input, message) => {
    expect(() => validateInstance(input)).toThrow(InstanceError);
    expect(() => validateInstance(input)).toThrow(message);
  });

  it('accepts 24:00 as the end of working hours', () => {
    expect(() =>
      validateInstance({ ...ok, consultants: [{ id: 'ana', workingHours: [{ weekday: 1, start: '20:00', end: '24:00' }] }] }),
    ).not.toThrow();
  });
});

describe('scheduler properties', () => {
  it('never breaks a hard rule and lists every visit once (300 random instances)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const inst = randomInstance(seed, 2 + (seed % 12));
      const res = schedule(inst, { timeBudgetMs: 200 });
      expect(violations(inst, res), `seed ${seed}`).toEqual([]);
    }
  });

  it('reaches the exact optimum on small instances (brute force, 150 random one-day instances of 2–5 visits)', () => {
    for (let seed = 1000; seed < 1150; seed++) {
      const inst = randomInstance(seed, 2 + (seed % 4), 1);
      expect(score(inst, schedule(inst)), `seed ${seed}`).toBe(bruteForce(inst));
    }
  }, 60_000);
});

describe('scheduler optimality', () => {
  it('matches an exhaustive search on crowded one-day instances of 6–8 visits (300 instances)', () => {
    const misses: string[] = [];
    for (let seed = 5000; seed < 5300; seed++) {
      const inst = randomInstance(seed, 6 + (seed % 3), 1);
      const got = score(inst, schedule(inst, { timeBudgetMs: 2000 }));
      const want = exactOptimum(inst);
      if (got !== want) misses.push(`seed ${seed}: ${got} of ${want}`);
    }
    expect(misses).toEqual([]);
  }, 120_000);
});

describe('npm run schedule', () => {
  // The command's own entry point (package.json: "schedule": "node scripts/schedule.mjs").
  const cli = path.join(process.cwd(), 'scripts', 'schedule.mjs');
  const tsx = process.execPath;
  it('prints the result JSON and exits 0 for a valid instance', () => {
    const out = execFileSync(tsx, [cli], { input: JSON.stringify(base([visit('a', 60)])) }).toString();
    expect(JSON.parse(out)).toEqual({
      placements: [{ visitId: 'a', consultantId: 'ana', start: '2026-12-07T08:00', end: '2026-12-07T09:00' }],
      unplaced: [],
    });
  });
  it('returns results that obey every hard rule on random instances, through the real command', () => {
    for (let seed = 7000; seed < 7006; seed++) {
      const inst = randomInstance(seed, 4 + (seed % 10), 5);
      const out = execFileSync(tsx, [cli], { input: JSON.stringify(inst) }).toString();
      const res = JSON.parse(out) as Result;
      expect(violations(inst, res), `seed ${seed}`).toEqual([]);
      expect(res.placements.length + res.unplaced.length).toBe(inst.visits.length);
    }
  }, 60_000);
  it('exits 2 with one line on stderr and nothing on stdout for bad input', () => {
    for (const input of ['{not json', JSON.stringify(base([visit('a', 60, { consultantIds: ['bob'] })]))]) {
      const run = spawnSync(tsx, [cli], { input });
      expect(run.status).toBe(2);
      expect(run.stdout.toString()).toBe('');
      expect(run.stderr.toString().trim().split('\n')).toHaveLength(1);
    }
  });
});
