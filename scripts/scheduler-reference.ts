/**
 * The instances of `npm run bench:scheduler` and their recorded references
 * (scripts/scheduler-reference.json): the exact optimum by the MILP of
 * lib/scheduler/reference/milp.ts, or its bound when the time limit ended the
 * solve first; for the 1,000-visit instances, too large for the exact model
 * here, the best known value (the best of a long engine run and the solver's
 * incumbent) and the linear-relaxation bound when it was computed.
 * The references take minutes, so they are computed once
 * (`npm run bench:scheduler -- --recompute`) and stamped with the generator's
 * version; the engine itself is always run fresh.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { solve, type Instance } from '../lib/scheduler';
import { violations } from '../lib/scheduler/check';
import { GENERATOR_VERSION, generateHard, type Size } from '../lib/scheduler/reference/generate';
import { solveReference } from '../lib/scheduler/reference/milp';

export type Case = { name: string; seed: number; size?: Size; large: boolean };

/** 30 instances of the judged family (60–120 visits, 3–5 consultants, 2–3 weeks), then 2 of 1,000 visits × 10 consultants × 4 weeks. */
export const CASES: Case[] = [
  ...Array.from({ length: 30 }, (_, i) => ({ name: `hard-${i + 1}`, seed: i + 1, large: false })),
  ...[1001, 1002].map((seed) => ({ name: `large-${seed}`, seed, size: { visits: 1000, consultants: 10, weeks: 4 }, large: true })),
];

export const instanceOf = (c: Case): Instance => generateHard(c.seed, c.size);

export type Recorded = {
  /** The optimum when proven, else the best value known. */
  value: number;
  /** An upper bound on the optimum (= value when proven); null when none was computed. */
  bound: number | null;
  proven: boolean;
  how: string;
};
export type Fixture = { generatorVersion: number; timeLimitSeconds: number; references: Record<string, Recorded> };

export const FIXTURE = path.join(__dirname, 'scheduler-reference.json');

export function readFixture(): Fixture | null {
  try {
    const f = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
    return f.generatorVersion === GENERATOR_VERSION ? f : null;
  } catch {
    return null;
  }
}

/** The engine's own result with a long budget: a warm start for the solver, and the best known on the large instances. */
function longEngineRun(inst: Instance, budgetMs: number) {
  const { result, stats } = solve(inst, { timeBudgetMs: budgetMs, maxMoves: Number.MAX_SAFE_INTEGER });
  const broken = violations(inst, result);
  if (broken.length) throw new Error(`engine broke a hard rule: ${broken[0]}`);
  return { result, value: stats.placedPriority, bound: stats.upperBound };
}

export async function reference(c: Case, timeLimit: number): Promise<Recorded> {
  const inst = instanceOf(c);
  const warm = longEngineRun(inst, c.large ? 20_000 : 2_000);
  if (c.large) {
    // The exact model has ~160,000 columns and 3 million non-zeros here: only its linear relaxation, for a bound.
    const lp = await solveReference(inst, { relaxation: true, timeLimit });
    const bound = Number.isFinite(lp.bound) ? lp.bound : null;
    return {
      value: warm.value,
      bound,
      proven: false,
      how: `best of a 20 s engine run; LP bound ${bound === null ? 'not reached' : 'computed'}`,
    };
  }
  const ref = await solveReference(inst, { timeLimit, start: warm.result });
  const broken = violations(inst, ref.result);
  if (broken.length) throw new Error(`${c.name}: the reference breaks a hard rule: ${broken[0]}`);
  const how = `MILP ${ref.columns} columns × ${ref.rows} rows, ${ref.seconds.toFixed(0)} s`;
  // A solve stopped before its root relaxation has no bound of its own: the engine's relaxation is one.
  // Both are upper bounds on the optimum; a solve stopped early may report only a loose one, or none.
  const bound = Math.min(ref.bound, warm.bound);
  // The engine's long run may beat the solver's incumbent when the time limit stops it; reaching the bound proves it.
  const value = Math.max(ref.value, warm.value);
  return { value, bound, proven: ref.proven || value >= bound, how: ref.bound <= warm.bound ? how : `${how}, engine's bound` };
}

/** Recomputes the references of the cases named (all when none) and writes the fixture after each one. */
export async function recompute(timeLimit: number, only: string[]): Promise<Fixture> {
  const old = readFixture();
  const fixture: Fixture = { generatorVersion: GENERATOR_VERSION, timeLimitSeconds: timeLimit, references: { ...old?.references } };
  for (const c of CASES) {
    if (only.length && !only.includes(c.name)) continue;
    const r = await reference(c, timeLimit);
    fixture.references[c.name] = r;
    console.log(`${c.name}: ${r.value}${r.proven ? ' (proven optimal)' : `, bound ${r.bound}`} — ${r.how}`);
    writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
  }
  return fixture;
}
