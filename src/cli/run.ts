// Runs one command and returns its exit code. The only module that writes to stdout/stderr.
import { check } from '../check.js';
import type { Report } from '../model/report.js';
import { renderJson } from '../report/json.js';
import type { CheckArgs, Command, DemoArgs, ServeArgs } from './args.js';
import { fastCheckArgs } from './fast-args.js';
import { checkSettings } from './options.js';
import { UsageError } from './usage-error.js';
import { makeProgress, spinnersWanted } from './progress.js';

export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  readStdin(): Promise<string>;
  version: string;
}

export async function run(io: Io): Promise<number> {
  const width = io.stdout.isTTY ? Math.max(60, io.stdout.columns || 100) : 100;
  const command = fastCheckArgs(io.argv) ?? (await parseWithYargs(io, width));
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${command.text}\n`);
      return 0;
    case 'check':
      return runCheck(command, io, width);
    case 'serve':
      return runServe(command, io);
    case 'demo':
      return runDemo(command, io, width);
    case 'explain':
      return runExplain(command.code, io);
    case 'guide': {
      const { renderGuide } = await import('../docs/guide.js');
      io.stdout.write(renderGuide('text'));
      return 0;
    }
  }
}

/** yargs is loaded only when the fast path leaves the command line to it: help, subcommands, errors. */
async function parseWithYargs(io: Io, width: number): Promise<Command> {
  const { parseArgs } = await import('./args.js');
  return parseArgs(io.argv, io.version, width);
}

function colorWanted(flag: boolean, io: Io): boolean {
  return flag && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.env.TERM !== 'dumb' && Boolean(io.stdout.isTTY);
}

async function print(report: Report, args: { json: boolean; verbose: boolean; color: boolean; report: string | undefined }, io: Io, width: number): Promise<void> {
  if (args.report !== undefined) {
    const { renderHtml } = await import('../report/html.js');
    const { writeFile } = await import('node:fs/promises');
    try {
      await writeFile(args.report, renderHtml(report));
    } catch (err) {
      io.stderr.write(`ftpcheck: could not write the report to ${args.report}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    }
  }
  if (args.json) {
    io.stdout.write(renderJson(report));
    return;
  }
  // cli-table3 is needed only for people's output.
  const { renderHuman } = await import('../report/human.js');
  io.stdout.write(renderHuman(report, { color: colorWanted(args.color, io), verbose: args.verbose, width }));
}

async function runCheck(args: CheckArgs, io: Io, width: number): Promise<number> {
  const stdinPassword = args.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
  const caPem = args.ca === undefined ? undefined : await readCa(args.ca);
  if (args.report !== undefined) await checkWritable(args.report);
  const settings = checkSettings(args, { envPassword: io.env.FTPCHECK_PASSWORD, stdinPassword, caPem }, (line) => io.stderr.write(`${line}\n`));
  const progress = await makeProgress(!args.json && spinnersWanted(io.stderr, io.env), colorWanted(args.color, io));
  // Every wait is bounded, so this never fires; if a bug ever proves that wrong, fail loudly, never hang.
  const watchdog = setTimeout(() => {
    io.stderr.write('ftpcheck: internal error: the check overran its deadline\n');
    process.exit(3);
  }, settings.deadlineMs + WATCHDOG_GRACE_MS);
  watchdog.unref();
  try {
    const report = await check(settings, progress);
    await print(report, args, io, width);
    return report.exitCode;
  } finally {
    clearTimeout(watchdog);
    progress.stop();
  }
}

const WATCHDOG_GRACE_MS = 3_000;

/** A report path whose folder does not exist or cannot be written is the user's mistake: say so before checking. */
async function checkWritable(path: string): Promise<void> {
  const { access, constants } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`--report ${path}: its folder does not exist or is not writable`);
  }
}

async function readCa(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${path}: not a PEM certificate file`);
    return pem;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--ca ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function runDemo(args: DemoArgs, io: Io, width: number): Promise<number> {
  const { startEmbeddedServer } = await import('../server/embedded-server.js');
  const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
  try {
    if (!args.json) io.stderr.write(`Started the built-in FTP server on 127.0.0.1:${server.port}; checking it…\n`);
    const checkArgs: CheckArgs = { kind: 'check', target: `127.0.0.1:${server.port}`, port: undefined, user: undefined, passwordStdin: false, mode: 'both', timeout: 5, deadline: undefined, family: undefined, json: args.json, verbose: args.verbose, color: args.color, tls: false, tlsStrict: false, ca: undefined, plainFallback: true, report: args.report, sweep: undefined };
    const settings = checkSettings(checkArgs, { envPassword: undefined, stdinPassword: undefined, caPem: undefined }, () => {});
    const progress = await makeProgress(!args.json && spinnersWanted(io.stderr, io.env), colorWanted(args.color, io));
    const report = await check(settings, progress);
    progress.stop();
    await print(report, args, io, width);
    return report.exitCode;
  } finally {
    await server.close();
  }
}

async function runExplain(code: string | undefined, io: Io): Promise<number> {
  const { nearestCodes, renderArticle, renderIndex } = await import('../docs/article.js');
  const { isFindingCode } = await import('../model/findings.js');
  if (code === undefined) {
    io.stdout.write(`${renderIndex()}\n\nMore on one: ftpcheck explain CODE. All of them, with a decision path: ftpcheck guide.\n`);
    return 0;
  }
  if (!isFindingCode(code)) throw new UsageError(`unknown finding code "${code}"; the nearest are: ${nearestCodes(code).join(', ')} (ftpcheck explain lists all)`);
  io.stdout.write(`${renderArticle(code, 'text')}\n`);
  return 0;
}

async function runServe(args: ServeArgs, io: Io): Promise<number> {
  const { serve } = await import('../server/serve.js');
  const server = await serve(args, (line) => io.stderr.write(`${line}\n`));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr.write('Stopping the server…\n');
  await server.close();
  return 0;
}
