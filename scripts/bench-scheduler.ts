/**
 * npm run bench:scheduler — the scheduler judged against the exact optimum on
 * hard instances it has not seen (lib/scheduler/reference/generate.ts): 30 of
 * 60–120 visits and 2 of 1,000 visits × 10 consultants × 4 weeks. Each runs
 * through the real command, `npm run --silent schedule < instance.json`, as a
 * user meets it; every result is checked against the contract's hard rules by
 * the independent checker. Prints per instance the priority placed, the
 * reference (the MILP optimum, or its bound when not proven, or the best known
 * on the large ones), the ratio, the wall time and the peak memory; then the
 * mean and worst against the targets of issue 19.
 *
 *   npm run bench:scheduler                          # engine fresh, recorded references
 *   npm run bench:scheduler -- --recompute [names]   # recompute the references first (minutes)
 *   npm run bench:scheduler -- --time-limit 120      # solver seconds per instance when recomputing
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Result } from '../lib/scheduler';
import { violations } from '../lib/scheduler/check';
import { CASES, instanceOf, readFixture, recompute, type Case, type Recorded } from './scheduler-reference';

type Row = { c: Case; visits: number; placed: number; ratio: number; wallMs: number; cpuMs: number; rssMb: number };

/** One run of the real command on the instance; exits the benchmark if the result breaks a hard rule. */
function runCommand(c: Case, dir: string) {
  const inst = instanceOf(c);
  const file = path.join(dir, `${c.name}.json`);
  writeFileSync(file, JSON.stringify(inst));
  const t0 = performance.now();
  const run = spawnSync('/bin/sh', ['-c', `npm run --silent schedule < ${file}`], {
    env: { ...process.env, SCHEDULE_STATS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${c.name}: the command exited ${run.status}: ${run.stderr.toString()}`);
  const result = JSON.parse(run.stdout.toString()) as Result;
  const broken = violations(inst, result);
  if (broken.length) throw new Error(`${c.name}: the result breaks a hard rule: ${broken.slice(0, 3).join('; ')}`);
  const priority = new Map(inst.visits.map((v) => [v.id, v.priority]));
  const placed = result.placements.reduce((s, p) => s + priority.get(p.visitId)!, 0);
  const stats = JSON.parse(/stats (.*)/.exec(run.stderr.toString())?.[1] ?? '{}') as { maxRssMb?: number; cpuMs?: number };
  return { visits: inst.visits.length, placed, wallMs, cpuMs: stats.cpuMs ?? NaN, rssMb: stats.maxRssMb ?? NaN };
}

/** What the ratio is taken against: the proven optimum, else the bound (judged family) or the best known (large ones). */
const against = (c: Case, r: Recorded) => (r.proven || c.large || r.bound === null ? r.value : r.bound);
const label = (c: Case, r: Recorded) => (r.proven ? 'optimum' : c.large ? 'best known' : 'bound');

function printRow(row: Row, r: Recorded) {
  const { c } = row;
  const ref = `${against(c, r)} ${label(c, r)}`;
  const lp = c.large && r.bound !== null ? `  (bound ${r.bound}: ${(row.placed / r.bound).toFixed(4)})` : '';
  console.log(
    `${c.name.padEnd(10)} ${String(row.visits).padStart(6)}  ${String(row.placed).padStart(6)}  ${ref.padStart(16)}  ${row.ratio.toFixed(4)}  ${row.wallMs.toFixed(0).padStart(7)}  ${String(row.cpuMs).padStart(6)}  ${String(row.rssMb).padStart(7)}${lp}`,
  );
}

function summary(rows: Row[]) {
  const judged = rows.filter((r) => !r.c.large);
  if (judged.length === 0) return;
  const large = rows.filter((r) => r.c.large);
  const mean = judged.reduce((s, r) => s + r.ratio, 0) / judged.length;
  const worst = judged.reduce((w, r) => (r.ratio < w.ratio ? r : w), judged[0]!);
  const maxWall = Math.max(...judged.map((r) => r.wallMs));
  const meanWall = judged.reduce((s, r) => s + r.wallMs, 0) / judged.length;
  const maxCpu = Math.max(...judged.map((r) => r.cpuMs));
  const ok = (b: boolean) => (b ? 'met' : 'MISSED');
  console.log(`\n${judged.length} instances of 60–120 visits: mean ratio ${mean.toFixed(4)} (target ≥ 0.998: ${ok(mean >= 0.998)}),`);
  console.log(`  worst ${worst.ratio.toFixed(4)} on ${worst.c.name} (target ≥ 0.99: ${ok(worst.ratio >= 0.99)}),`);
  console.log(
    `  wall time of the command mean ${meanWall.toFixed(0)} ms, max ${maxWall.toFixed(0)} ms (target < 1,000 ms: ${ok(maxWall < 1000)}), scheduler process CPU max ${maxCpu} ms`,
  );
  for (const r of large)
    console.log(
      `${r.c.name}: ratio to best known ${r.ratio.toFixed(4)} (target ≥ 0.995: ${ok(r.ratio >= 0.995)}), ${r.wallMs.toFixed(0)} ms wall (< 1,500: ${ok(r.wallMs < 1500)}), ${r.cpuMs} ms CPU, ${r.rssMb} MB (< 300: ${ok(r.rssMb < 300)})`,
    );
}

async function main() {
  const args = process.argv.slice(2);
  const limitAt = args.indexOf('--time-limit');
  const timeLimit = limitAt >= 0 ? Number(args[limitAt + 1]) : 120;
  if (args.includes('--recompute'))
    await recompute(
      timeLimit,
      args.filter((a) => /^(hard|large)-/.test(a)),
    );
  const fixture = readFixture();
  if (!fixture) {
    console.error('No recorded references for this generator version: run npm run bench:scheduler -- --recompute');
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sweetspot-bench-'));
  console.log('instance   visits  placed         reference   ratio  wall ms  cpu ms  peak MB');
  console.log('(wall: the whole command `npm run --silent schedule`; cpu and peak memory: its scheduler process)');
  const rows: Row[] = [];
  try {
    for (const c of CASES) {
      const r = fixture.references[c.name];
      const run = runCommand(c, dir);
      if (!r) {
        console.log(
          `${c.name.padEnd(10)} ${String(run.visits).padStart(6)}  ${String(run.placed).padStart(6)}  no reference recorded (npm run bench:scheduler -- --recompute ${c.name})`,
        );
        continue;
      }
      const row = { c, ...run, ratio: run.placed / against(c, r) };
      rows.push(row);
      printRow(row, r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  summary(rows);
}

void main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
