// The CLI's own code run in this process: the same command line, options, check and rendering as the
// built CLI, with stdout and stderr collected and the exit code returned, for tests whose subject is
// what a check finds rather than the process (its start, its end, its exit). It saves starting Node
// for every check. What loads lazily in a check is loaded here first, so that no test's first network
// wait also waits for modules to compile.
import { Writable } from 'node:stream';
import '../../src/cli/args.js';
import '../../src/cli/command-line.js';
import '../../src/diagnosis/assembly/report.js';
import '../../src/report/human.js';
import '../../src/report/json.js';
import 'yargs';
import { type FtpsFixtureOptions, startFtpsFixture } from '../../fixtures/ftps-server.js';
import type { Report } from '../../src/model/report.js';
import type { KeyPair } from './certs.js';
import { runCli } from '../../src/cli/run.js';
import { assertSchema } from './schema.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, shaped like the pipe the built CLI writes to. */
function collector(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  // The CLI asks only what any stream of process.stdout answers off a terminal (isTTY, columns: none).
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/** `ftpcheck ARGS` run in this process, as the built CLI with NO_COLOR and CI set and stdin empty. */
export async function runInProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<InProcessRun> {
  const stdout = collector();
  const stderr = collector();
  // A check makes Ctrl-C its own; here the test runner keeps it.
  const sigint = new Set(process.listeners('SIGINT'));
  try {
    const code = await runCli(
      {
        argv: args,
        env: { ...process.env, NO_COLOR: '1', CI: '1', ...options.env },
        stdout: stdout.stream,
        stderr: stderr.stream,
        readPassword: () => Promise.resolve(''),
        version: '0.0.0-dev',
      },
      false,
    );
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    for (const listener of process.listeners('SIGINT')) if (!sigint.has(listener)) process.off('SIGINT', listener);
  }
}

/** Runs with --json and parses the one document it must print, checked against the published schema. */
export async function runJsonInProcess(
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ run: InProcessRun; report: Report }> {
  const run = await runInProcess([...args, '--json'], options);
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}): ${run.stdout.slice(0, 300)} ${run.stderr}`);
  }
  assertSchema(report);
  return { run, report };
}

/**
 * An FTPS fixture serving `pair`, checked in-process in passive mode with `--timeout 2` and `args`
 * (ftps:// when the fixture is implicit FTPS), then closed.
 */
export async function checkFtpsFixture(
  pair: KeyPair,
  fixture: Omit<FtpsFixtureOptions, 'key' | 'cert'>,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ run: InProcessRun; report: Report }> {
  const server = await startFtpsFixture({ ...pair, ...fixture });
  try {
    const target = `${fixture.implicit ? 'ftps' : 'ftp'}://127.0.0.1:${server.port}`;
    return await runJsonInProcess([target, '--timeout', '2', '--mode', 'passive', ...args], { env });
  } finally {
    await server.close();
  }
}
