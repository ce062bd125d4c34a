// The checks after the check's own session closed (follow-ups.ts, session-end.ts) are jobs: each opens
// the sessions it needs and returns what it observed. In one line they run one after the other. Beside
// each other (runJobs' `beside`), as many run at once as the session budget allows, each job's
// transcript lines marked with its session's number; a job that the server refused a session (a
// failure that looks like a per-client limit, session-budget.ts) lowers the budget and is run again in
// line once the others are done, so that its observation is the one it would have had in one line.
import type { ProbeContext } from './context.js';
import { watchSessionFailures } from './session.js';
import type { SessionBudget } from './session-budget.js';
import { sessionLimitReason } from './session-budget.js';

/** One check on sessions of its own: what it observed, under the names of its observations. */
export type Job<T> = (ctx: ProbeContext) => Promise<T>;

/** The first number of the sessions jobs run on beside each other (2 and 3 are the data stages'). */
const FIRST_SESSION = 4;

/**
 * Runs `jobs` and merges what they observed in the jobs' order, whatever order they ended in. With
 * `beside` and a budget above 1, up to the budget's limit at once; else one after the other, as always.
 */
export async function runJobs<T extends object>(
  jobs: readonly Job<T>[],
  ctx: ProbeContext,
  beside: SessionBudget | undefined,
): Promise<T[]> {
  const results: (T | undefined)[] = jobs.map(() => undefined);
  const again: number[] = [];
  if (beside && beside.limit > 1 && jobs.length > 1) {
    let next = 0;
    const worker = async (slot: number): Promise<void> => {
      for (let i = next++; i < jobs.length; i = next++) {
        const job = jobs[i];
        if (!job) continue;
        // The first slot is the one line of before: its lines are unmarked.
        const on: ProbeContext =
          slot === 0 ? { ...ctx } : { ...ctx, transcript: ctx.transcript.session(FIRST_SESSION + slot - 1) };
        let refused: string | undefined;
        watchSessionFailures(on, (failed) => (refused ??= sessionLimitReason(failed)));
        const result = await job(on);
        if (refused === undefined) results[i] = result;
        else {
          beside.lower(refused);
          ctx.transcript.add(
            'control',
            'note',
            `the server limits sessions per client (${refused}): that check runs again in line`,
          );
          again.push(i);
        }
      }
    };
    const slots = Math.min(beside.limit, jobs.length);
    await Promise.all(Array.from({ length: slots }, (_, slot) => worker(slot)));
  } else {
    for (const [i] of jobs.entries()) again.push(i);
  }
  for (const i of again.sort((a, b) => a - b)) {
    const job = jobs[i];
    if (job) results[i] = await job(ctx);
  }
  return results.filter((r): r is T => r !== undefined);
}
