import { Board } from './board';
import { greedy } from './greedy';
import { prepare } from './prepare';
import { repair } from './repair';
import { result } from './result';
import { lns } from './lns';
import { bound } from './bounds';
import { flowBound } from './flow-bound';
import { branchAndBound } from './search';
import type { Instance, Result } from './types';

export type ScheduleOptions = {
  /** Wall-clock budget of the search in milliseconds (default 1000); the result is the best found by then. */
  timeBudgetMs?: number;
  /** Called with a figure of merit as the search improves (for progress displays and benchmarks). */
  onImprove?: (placedPriority: number) => void;
  /** Moves of the large-neighbourhood search (default: by the size of the instance); fixes the work, so the result. */
  maxMoves?: number;
};

/** Up to this many visits with a candidate, the branch and bound branches on every start and can finish. */
const EXHAUSTIVE_UP_TO = 12;
/** The most of the budget the repair step may take. */
const REPAIR_SHARE = 0.1;
/**
 * Moves of the search by the size of the instance: 60,000 up to about 130 visits (the guided search keeps
 * finding better schedules that long; 150–400 ms at 60–120 visits on an idle machine), falling with the square of
 * the visits beyond (1,000 at 1,000 visits).
 */
const defaultMoves = (visits: number) => Math.round(Math.min(60_000, 1_000 * visits, 1e9 / (visits * visits)));

/** Up to this many visits with a candidate, the root bound also solves the window-aware flow relaxations (tens of ms at 120 visits). */
const FLOW_BOUND_UP_TO = 300;

/** The relaxations at the root (the empty board), leaving the best schedule on the board. */
function rootBound(board: Board, ceiling: number): number {
  board.clear();
  let b = Math.min(ceiling, bound(board, 0));
  if (board.p.order.length <= FLOW_BOUND_UP_TO) b = Math.min(b, flowBound(board));
  board.restore(board.bestAt);
  return b;
}

/** What a solve found: the priority placed, an upper bound on the optimum, whether the optimum was proven, and the work done. */
export type ScheduleStats = { placedPriority: number; upperBound: number; provenOptimal: boolean; millis: number; moves: number };

/**
 * Places micro-client visits around protected blocks and busy time, maximising
 * the sum of priorities (../shared/scheduler-contract.md). Pure: everything
 * comes from the validated instance; only the search budget reads the clock.
 *
 * 1. Free pieces (prepare.ts): each consultant's working intervals minus
 *    protected and busy time. Every visit gets its static candidates as runs of
 *    grid starts inside one piece, one window and the horizon.
 * 2. Greedy (greedy.ts): visits by priority (then fewest candidates), each at
 *    its earliest free start.
 * 3. Repair (repair.ts): an unplaced visit may take a spot by pushing out the
 *    visits in its way when they can all go elsewhere or weigh less than it does.
 * 4. Up to 12 visits: branch and bound (search.ts) over every free start, or
 *    leaving the visit out; it stops at a proven optimum or at the budget.
 *    Larger instances: guided large-neighbourhood search (lns.ts), a fixed number of
 *    ruin-and-recreate moves by the size of the instance (so the same input
 *    gives the same result), cut short by the budget on a slow machine.
 */
export function solve(instance: Instance, options: ScheduleOptions = {}): { result: Result; stats: ScheduleStats } {
  const t0 = Date.now();
  const budget = options.timeBudgetMs ?? 1000;
  const deadline = t0 + budget;
  const board = new Board(prepare(instance), options.onImprove);
  greedy(board);
  // The loosest bound: every visit with a static candidate.
  const ceiling = board.p.order.reduce((s, v) => s + v.priority, 0);
  // Repair is quadratic in the visits: on large instances the search makes better use of most of the budget.
  repair(board, ceiling, Math.min(deadline, t0 + REPAIR_SHARE * budget));
  const n = board.p.order.length;
  const small = n <= EXHAUSTIVE_UP_TO;
  // The relaxation at the root: the search stops as soon as it reaches it (a proven optimum).
  const root = small ? ceiling : rootBound(board, ceiling);
  const { moves } = small ? { moves: 0 } : lns(board, root, deadline, options.maxMoves ?? defaultMoves(n));
  // Small instances: a branch and bound over every start, which proves the optimum when it finishes.
  const { upperBound, exhaustive } = small ? branchAndBound(board, ceiling, deadline) : { upperBound: root, exhaustive: false };
  // A search that branched on every start and finished is exhaustive: its best is the optimum.
  const proven = board.best >= upperBound || exhaustive;
  const stats = {
    placedPriority: board.best,
    upperBound: proven ? board.best : upperBound,
    provenOptimal: proven,
    millis: Date.now() - t0,
    moves,
  };
  return { result: result(board), stats };
}

/** The schedule alone (see `solve`). */
export function schedule(instance: Instance, options: ScheduleOptions = {}): Result {
  return solve(instance, options).result;
}
