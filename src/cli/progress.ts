// Spinners on stderr while stages run, only on a real terminal. ora is loaded only then.
import type { CheckHooks } from '../check.js';
import type { StageName } from '../model/stages.js';
import { visible } from '../safety/visible.js';
import { beforeInterrupt } from './interrupt.js';

const LABEL: Record<StageName, string> = {
  dns: 'Resolving the name',
  connect: 'Connecting to the control port',
  greeting: 'Waiting for the greeting',
  tls: 'TLS',
  login: 'Logging in',
  passive: 'Passive data connection',
  active: 'Active data connection (callback)',
};

/** ora spins forever on a terminal that reports 0 columns, and is noise in CI: decide ourselves. */
export function spinnersWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion, @typescript-eslint/no-unnecessary-condition -- @types/node: boolean and number; off a TTY, undefined
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && env.TERM !== 'dumb' && !env.CI;
}

function nothingToStop(): void {
  // No spinner ran.
}

/** Spinners on `stream` (the command's stderr) when `enabled`, else hooks that do nothing. */
export async function makeProgress(
  stream: NodeJS.WriteStream,
  { enabled, color }: { enabled: boolean; color: boolean },
): Promise<CheckHooks & { stop(): void }> {
  if (!enabled) return { stop: nothingToStop };
  if (!color) return plainProgress(stream);
  const { default: ora } = await import('ora');
  let spinner: ReturnType<typeof ora> | undefined;
  let stopped = false;
  const forget = beforeInterrupt(() => spinner?.stop());
  return {
    onStageStart(stage) {
      spinner = ora({
        text: LABEL[stage],
        stream,
        color: 'cyan',
        isEnabled: true,
        // ora would put the terminal in raw mode to swallow keys, and then never read them: Ctrl-C
        // became a byte nobody saw. In the terminal's own mode Ctrl-C is SIGINT, as everywhere else.
        discardStdin: false,
      }).start();
    },
    onStageEnd(line) {
      const text = `${LABEL[line.name]}: ${visible(line.summary)}`;
      // The stage's final status, as the report's table will show it.
      switch (line.status) {
        case 'pass':
          spinner?.succeed(text);
          break;
        case 'warn':
          spinner?.warn(text);
          break;
        case 'fail':
          spinner?.fail(text);
          break;
        case 'skip':
          spinner?.stop();
          break;
      }
      spinner = undefined;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      forget();
      spinner?.stop();
      // A blank line between the spinners' record and the report.
      stream.write('\n');
    },
  };
}

const MARK = { pass: '✔', warn: '⚠', fail: '✖' } as const;

/**
 * Without colour (NO_COLOR, --no-color) the terminal gets no escape sequence at all: no spinner (it
 * redraws its line with them), one plain line per finished stage instead.
 */
function plainProgress(stream: NodeJS.WriteStream): CheckHooks & { stop(): void } {
  let stopped = false;
  return {
    onStageEnd(line) {
      if (line.status === 'skip') return;
      stream.write(`${MARK[line.status]} ${LABEL[line.name]}: ${visible(line.summary)}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stream.write('\n');
    },
  };
}
