// `ftpcheck agent` run as the built CLI for a test: started on port 0, its URL read from the line it
// prints on stderr, everything it printed kept for assertions, stopped with SIGTERM (then SIGKILL).
import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from './run-cli.js';

export interface RunningAgent {
  /** The base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
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
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the agent printed no URL within 10 s; stderr: ${err}`));
    }, 10_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = / listening on (http:\/\/\S+\/) /.exec(err);
      if (m?.[1] === undefined) return;
      clearTimeout(timer);
      const url = m[1];
      resolve({ url, port: Number(new URL(url).port), child, stdout: () => out, stderr: () => err, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited (${code ?? 'signal'}) before listening; stderr: ${err}`));
    });
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
