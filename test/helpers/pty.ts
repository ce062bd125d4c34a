// The built CLI on a pseudo-terminal of a chosen width (pty-run.py, Python's pty module): stdin, stdout
// and stderr are the terminal, as for a person typing. Returns every byte the terminal showed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from './run-cli.js';

const PTY = fileURLToPath(new URL('./pty-run.py', import.meta.url));

/** Runs `python3 pty-run.py`: the CLI on a pseudo-terminal; every byte the terminal showed. */
export function onTerminal(
  args: string[],
  options: {
    columns?: number;
    /** Once the first string shows, type the second and Enter. */
    answer?: [string, string];
    /** Once the first string shows, press the keys of the second (`\\x03`: Ctrl-C). */
    keys?: [string, string];
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<{ code: number; screen: Buffer }> {
  const answer = options.answer ? ['--answer', ...options.answer] : options.keys ? ['--keys', ...options.keys] : [];
  const env = Object.fromEntries(
    Object.entries({ ...process.env, TERM: 'xterm-256color', ...options.env }).filter(
      ([name]) => name !== 'CI' && name !== 'COLUMNS' && (name !== 'NO_COLOR' || options.env?.NO_COLOR !== undefined),
    ),
  );
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [PTY, String(options.columns ?? 80), ...answer, '--', process.execPath, CLI, ...args],
      { env, encoding: 'buffer', timeout: 40_000 },
      (err, stdout) => {
        if (err && typeof err.code !== 'number') reject(new Error(err.message));
        else resolve({ code: err ? Number(err.code) : 0, screen: stdout });
      },
    );
  });
}
