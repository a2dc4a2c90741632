/**
 * npm run --silent schedule < instance.json > result.json
 * Exit 0 with the result JSON on stdout; exit 2 with one line on stderr (and
 * nothing on stdout) when the instance is not valid. See lib/scheduler/.
 */
import { InstanceError, solve, validateInstance } from '../lib/scheduler';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The search stops at its fixed number of moves, so the same instance gives
 * the same result whatever the machine's load (at 60–120 visits that takes
 * 150–400 ms on an idle machine, and the command answers within a second). The clock is
 * only a safety cap: 800 ms of search, or for larger instances until 1,000 ms
 * after Node started (npm's own start adds about 300 ms before that, so a
 * thousand visits answer within 1.5 s).
 */
const SEARCH_CAP_MS = 800;
const FINISH_BY_MS_LARGE = 1000;

function searchBudget(visits: number): number {
  return visits > 300 ? Math.max(200, FINISH_BY_MS_LARGE - performance.now()) : SEARCH_CAP_MS;
}

async function main() {
  const text = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`instance: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 200)})\n`);
    process.exit(2);
  }
  try {
    const instance = validateInstance(input);
    // The command speaks the contract only: the app's internal extensions are not accepted from outside.
    for (const c of instance.consultants) delete c.bookedMinutesByWeek;
    for (const v of instance.visits) delete v.uncapped;
    const { result, stats } = solve(instance, { timeBudgetMs: searchBudget(instance.visits.length) });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (process.env.SCHEDULE_STATS)
      process.stderr.write(
        `stats ${JSON.stringify({ ...stats, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) })}\n`,
      );
  } catch (e) {
    if (e instanceof InstanceError) {
      process.stderr.write(`${e.message.replace(/\s+/g, ' ')}\n`);
      process.exit(2);
    }
    throw e;
  }
}

void main();
