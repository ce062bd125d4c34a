// Spinners on stderr while stages run, only on a real terminal. ora is loaded only then.
import type { CheckHooks } from '../check.js';
import type { StageName } from '../model/stages.js';
import { visible } from '../safety/visible.js';

const LABEL: Record<StageName, string> = { dns: 'Resolving the name', connect: 'Connecting to the control port', greeting: 'Waiting for the greeting', tls: 'TLS', login: 'Logging in', passive: 'Passive data connection', active: 'Active data connection (callback)' };

/** ora spins forever on a terminal that reports 0 columns, and is noise in CI: decide ourselves. */
export function spinnersWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && env.TERM !== 'dumb' && !env.CI;
}

export async function makeProgress(enabled: boolean, color: boolean): Promise<CheckHooks & { stop(): void }> {
  if (!enabled) return { stop: () => {} };
  const { default: ora } = await import('ora');
  let spinner: ReturnType<typeof ora> | undefined;
  let stopped = false;
  return {
    onStageStart(stage) {
      spinner = ora({ text: LABEL[stage], stream: process.stderr, color: 'cyan', isEnabled: true, ...(color ? {} : { spinner: 'line' }) }).start();
    },
    onStageEnd(line) {
      const text = `${LABEL[line.name]}: ${visible(line.summary)}`;
      if (line.status === 'fail') spinner?.fail(text);
      else if (line.status === 'skip') spinner?.stop();
      else spinner?.succeed(text);
      spinner = undefined;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner?.stop();
      // A blank line between the spinners' record and the report.
      process.stderr.write('\n');
    },
  };
}
