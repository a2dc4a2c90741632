/**
 * npm run bench:scheduler — times the scheduler on generated instances of
 * growing size (consultants × weeks × visits, with protected marketing blocks,
 * busy time, windows and weekly caps, up to 1,000 visits × 10 consultants × 4
 * weeks) and prints the time, the priority placed against an upper bound on
 * the optimum, and the visits placed; then runs the largest instance through
 * the real command (`npm run --silent schedule`) and prints its wall time and
 * peak memory. The search stops at a proven optimum or at its budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../lib/random';
import { schedule, scheduleStats, validateInstance, type Instance, type VisitRequest } from '../lib/scheduler';

function instance(seed: number, consultantsCount: number, weeks: number, visitsCount: number): Instance {
  const r = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  const day0 = Date.UTC(2027, 0, 4); // a Monday
  const at = (day: number, minutes: number) => {
    const d = new Date(day0 + day * 86_400_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  };
  const days = weeks * 7;
  const consultants = Array.from({ length: consultantsCount }, (_, i) => ({
    id: `c${i}`,
    workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '17:00' })),
    maxMicroMinutesPerWeek: int(8, 20) * 60,
  }));
  const protectedBlocks = consultants.flatMap((c) =>
    Array.from({ length: weeks * 3 }, (_, k) => {
      const day = Math.floor(k / 3) * 7 + int(0, 4);
      const s = int(16, 28) * 30;
      return { id: `${c.id}-m${k}`, consultantId: c.id, kind: 'marketing', start: at(day, s), end: at(day, s + int(2, 4) * 30) };
    }),
  );
  const busy = consultants.flatMap((c) =>
    Array.from({ length: weeks * 4 }, (_, k) => {
      const day = Math.floor(k / 4) * 7 + int(0, 4);
      const s = int(16, 28) * 30;
      return { consultantId: c.id, start: at(day, s), end: at(day, s + int(2, 6) * 30) };
    }),
  );
  const visits: VisitRequest[] = Array.from({ length: visitsCount }, (_, i) => {
    const d0 = int(0, days - 3);
    return {
      id: `v${i}`,
      clientId: `client${int(0, 40)}`,
      durationMinutes: int(2, 8) * 15,
      travelMinutes: [0, 15, 20, 30][int(0, 3)]!,
      priority: int(1, 5),
      consultantIds: consultants.filter(() => r() < 0.6).map((c) => c.id),
      windows: [{ start: at(d0, 8 * 60), end: at(Math.min(days - 1, d0 + int(1, 6)), 17 * 60) }],
    };
  }).map((v, i) => (v.consultantIds.length ? v : { ...v, consultantIds: [consultants[i % consultants.length]!.id] }));
  return validateInstance({
    slotMinutes: 15,
    horizon: { start: at(0, 0).slice(0, 10), end: at(days - 1, 0).slice(0, 10) },
    consultants,
    protectedBlocks,
    busy,
    visits,
  });
}

const sizes: [number, number, number][] = [
  [1, 1, 10],
  [2, 2, 30],
  [3, 2, 60],
  [5, 4, 120],
  [8, 4, 250],
  [10, 4, 500],
  [10, 4, 1000],
];

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log('In process (the engine alone; upper bound = the relaxation at the root, or the optimum when the search proved it):');
console.log('consultants  weeks  visits   time (ms)   placed priority   upper bound   of bound   requested   placed visits');
for (const [c, w, v] of sizes) {
  const inst = instance(c * 1000 + w * 100 + v, c, w, v);
  const t0 = performance.now();
  const res = schedule(inst);
  const ms = performance.now() - t0;
  const stats = scheduleStats();
  const requested = inst.visits.reduce((s, x) => s + x.priority, 0);
  console.log(
    `${String(c).padStart(11)}  ${String(w).padStart(5)}  ${String(v).padStart(6)}   ${ms.toFixed(0).padStart(9)}   ${String(stats.placedPriority).padStart(15)}   ${String(stats.upperBound).padStart(11)}${stats.provenOptimal ? '*' : ' '}  ${pct(stats.placedPriority, stats.upperBound).padStart(8)}   ${String(requested).padStart(9)}   ${res.placements.length}/${v}`,
  );
}
console.log('* proven optimal');

// The whole command, as a user runs it: npm run --silent schedule < instance.json
const [c, w, v] = sizes[sizes.length - 1]!;
const dir = mkdtempSync(path.join(tmpdir(), 'sweetspot-bench-'));
const file = path.join(dir, 'instance.json');
writeFileSync(file, JSON.stringify(instance(c * 1000 + w * 100 + v, c, w, v)));
const t0 = performance.now();
const run = spawnSync('/bin/sh', ['-c', `npm run --silent schedule < ${file}`], {
  env: { ...process.env, SCHEDULE_STATS: '1' },
  maxBuffer: 64 * 1024 * 1024,
});
const wall = performance.now() - t0;
rmSync(dir, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(run.stderr.toString());
  process.exit(1);
}
const placed = (JSON.parse(run.stdout.toString()) as { placements: unknown[] }).placements.length;
const stats = JSON.parse(/stats (.*)/.exec(run.stderr.toString())?.[1] ?? '{}') as { maxRssMb?: number };
console.log(
  `\nnpm run --silent schedule, ${v} visits × ${c} consultants × ${w} weeks: ${wall.toFixed(0)} ms wall for the whole command, peak memory ${stats.maxRssMb} MB (scheduler process), ${placed} placed`,
);
