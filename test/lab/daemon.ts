// A long-running program of the built CLI (`ftpcheck agent`, `ftpcheck serve`) inside a lab namespace:
// started, awaited until it says it listens, its output kept for a failing test's message, and stopped
// by its own PID on every path.
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from '../helpers/run-cli.js';

export interface Daemon {
  /** The first match of the `ready` pattern in its standard error. */
  ready: RegExpExecArray;
  /** Everything it wrote so far (standard output and error). */
  output(): string;
  stop(): Promise<void>;
  /** For an interrupted run: SIGKILL by PID, synchronously. */
  kill(): void;
}

/**
 * Starts `ftpcheck ARGS` in the namespace `ns` with `env` added to this process's environment (secrets go
 * there, never into ARGS) and resolves once its standard error matches `ready` (at most 15 s).
 */
export function startDaemon(ns: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Daemon> {
  // `ip netns exec` replaces itself with the program: the child's PID is the program's.
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const kill = (): void => {
    if (!gone()) child.kill('SIGKILL');
  };
  const stop = async (): Promise<void> => {
    if (gone()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 5000);
    await exited;
    clearTimeout(timer);
  };
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`ftpcheck ${args[0] ?? ''} did not start within 15 s: ${err}`));
    }, 15_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const match = ready.exec(err);
      if (!match) return;
      clearTimeout(timer);
      resolve({ ready: match, output: () => `${out}${err}`, stop, kill });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ftpcheck ${args[0] ?? ''} exited (${code ?? 'signal'}) before it listened: ${err}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
