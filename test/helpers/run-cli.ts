// Runs the built CLI as a user would and returns what a user sees: exit code, stdout, stderr, and the
// parsed report when --json was asked for.
import { spawn } from 'node:child_process';
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

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; killAfterMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1', CI: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, killed });
    });
  });
}

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
