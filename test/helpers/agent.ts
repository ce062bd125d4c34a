// `ftpcheck agent` run as the built CLI for a test: started on port 0, its URL read from the line it
// prints on stderr, everything it printed kept for assertions, stopped with SIGTERM (then SIGKILL).
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CLI } from './run-cli.js';

type AgentChild = ChildProcessByStdio<null, Readable, Readable>;

export interface RunningAgent {
  /** The base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  child: AgentChild;
  stdout(): string;
  stderr(): string;
  /**
   * Waits (at most 5 s) until stderr matches `pattern` and returns it. The agent logs a request after
   * answering it, and the test may read the answer before the log line: assertions on the log wait.
   */
  stderrMatching(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** A token long enough for the agent; tests assert that it never shows up anywhere. */
export const TEST_TOKEN = 'test-token-5f0c2a9e7d3b41c8';

/**
 * Starts the agent (or, with `command`, `ftpcheck exporter`, which prints the same kind of line) with
 * `args` (default --listen 127.0.0.1:0) and waits at most 10 s for its URL.
 */
export function startAgentCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  command: 'agent' | 'exporter' = 'agent',
): Promise<RunningAgent> {
  const listen = args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
  const child = spawn(process.execPath, [CLI, command, ...listen, ...args], {
    env: { ...process.env, NO_COLOR: '1', CI: '1', FTPCHECK_AGENT_TOKEN: TEST_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return agentListening(child);
}

/** `ftpcheck exporter` serving these modules for targets on 127.0.0.1, its configuration written into `dir`. */
export function startExporterWith(dir: string, modules: Record<string, object>): Promise<RunningAgent> {
  const config = join(dir, 'exporter.json');
  writeFileSync(config, JSON.stringify({ modules, allowTargets: ['127.0.0.1:*'] }));
  return startAgentCli(['--config', config], {}, 'exporter');
}

/** Follows an agent process already spawned (stdin ignored, stdout and stderr piped) until it listens. */
export function agentListening(child: AgentChild): Promise<RunningAgent> {
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  /** Resolves with stderr once it matches, or as it is after `ms` (the caller's assertion then shows it). */
  const stderrMatching = (pattern: RegExp, ms = 5000): Promise<string> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        child.stderr.off('data', look);
        resolve(err);
      };
      // Registered after the collector above, so `err` already holds the new chunk.
      const look = (): void => {
        if (pattern.test(err)) done();
      };
      const timer = setTimeout(done, ms);
      child.stderr.on('data', look);
      look();
    });
  return new Promise((resolve, reject) => {
    const listening = / listening on (http:\/\/\S+\/) /;
    void stderrMatching(listening, 10_000).then(() => {
      const url = listening.exec(err)?.[1];
      if (url !== undefined) {
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          stdout: () => out,
          stderr: () => err,
          stderrMatching,
          stop,
        });
        return;
      }
      void stop();
      reject(new Error(`the agent printed no URL within 10 s; stderr: ${err}`));
    });
    void exited.then(() =>
      reject(new Error(`the agent exited (${child.exitCode ?? 'signal'}) before listening; stderr: ${err}`)),
    );
  });
}

/** A request to the agent with the token as Bearer (or `auth` as the whole Authorization header). */
export async function call(
  agent: RunningAgent,
  path: string,
  options: { method?: string; body?: unknown; auth?: string | null } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `Bearer ${TEST_TOKEN}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const res = await fetch(new URL(path, agent.url), {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Whether this machine lets a process have a mount namespace of its own (root, or user namespaces). */
export const canUnshareMount = (): boolean =>
  spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore', timeout: 5000 }).status ===
  0;

/**
 * Starts `ftpcheck agent` (or `exporter`) in a mount namespace of its own whose /etc/hosts is the file
 * `hosts` (bind-mounted over it): names resolve there as that file says, for that process only.
 */
export function startWithHosts(
  hosts: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  command: 'agent' | 'exporter' = 'agent',
): Promise<RunningAgent> {
  const listen = args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount --bind "$0" /etc/hosts && exec "$@"',
      hosts,
      process.execPath,
      CLI,
      command,
      ...listen,
      ...args,
    ],
    {
      env: { ...process.env, NO_COLOR: '1', CI: '1', FTPCHECK_AGENT_TOKEN: TEST_TOKEN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return agentListening(child);
}
