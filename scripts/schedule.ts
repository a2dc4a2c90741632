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
    // 600 ms of search: with Node's start and npm's, the command answers within a second.
    const { result, stats } = solve(instance, { timeBudgetMs: 600 });
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
