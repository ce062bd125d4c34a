// Runs the built CLI as a user would and returns what a user sees: exit code, stdout, stderr, and the
// parsed report when --json was asked for.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/model/report.js';
import { assertSchema } from './schema.js';

export const CLI = fileURLToPath(new URL('../../bin/ftpcheck.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed by the safety timer: the CLI did not end by itself. */
  killed: boolean;
}

export interface RunOptions {
  /** The whole environment of the process (runCli adds its own to the test's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, which then ends; without it stdin is not connected at all. */
  input?: string;
  killAfterMs?: number;
}

/** A process under way, and what a user sees once it has ended. */
export interface Started {
  child: ChildProcessByStdio<Writable | null, Readable, Readable>;
  ended: Promise<CliRun>;
}

/** Starts any program, collects its output, and kills it if it has not ended after killAfterMs (60 s). */
export function startProcess(command: string, args: string[], options: RunOptions = {}): Started {
  const started = performance.now();
  const base = { env: options.env, cwd: options.cwd };
  const child: Started['child'] =
    options.input === undefined
      ? spawn(command, args, { ...base, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { ...base, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (options.input !== undefined) child.stdin?.end(options.input);
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.killAfterMs ?? 60_000);
  const ended = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, killed });
    });
  });
  return { child, ended };
}

export const runProcess = (command: string, args: string[], options: RunOptions = {}): Promise<CliRun> =>
  startProcess(command, args, options).ended;

export interface CliOptions {
  /** Added to the test's own environment. */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin; stdin ends empty without it. */
  input?: string;
  killAfterMs?: number;
  /** A command the CLI runs under, such as `ip netns exec NAME`. */
  via?: string[];
  /** Leaves stdin unconnected instead of ending it empty. */
  noStdin?: boolean;
}

/** The built CLI under way, as a user would start it (no colour, not a terminal). */
export function startCli(args: string[], options: CliOptions = {}): Started {
  const [command, ...before] = [...(options.via ?? []), process.execPath, CLI, ...args];
  return startProcess(command ?? process.execPath, before, {
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...options.env },
    input: options.noStdin ? undefined : (options.input ?? ''),
    killAfterMs: options.killAfterMs,
  });
}

export const runCli = (args: string[], options: CliOptions = {}): Promise<CliRun> => startCli(args, options).ended;

/** Runs with --json and parses the one document it must print; a CLI that had to be killed fails. */
export async function runJson(
  args: string[],
  options: Parameters<typeof runCli>[1] = {},
): Promise<{ run: CliRun; report: Report }> {
  const run = await runCli([...args, '--json'], options);
  if (run.killed)
    throw new Error(
      `the CLI did not end by itself (killed after ${Math.round(run.ms)} ms): ftpcheck ${args.join(' ')}`,
    );
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${run.code ?? 'none: killed by a signal'}): ${run.stdout.slice(0, 300)} ${run.stderr.slice(0, 300)}`,
    );
  }
  assertSchema(report);
  return { run, report };
}

export const codesOf = (report: Report): string[] => report.findings.map((f) => f.code).sort();
