// Runs one command and returns its exit code. The only module that writes to stdout/stderr.
import { check } from '../check.js';
import { REPORT_SCHEMA, type Report } from '../model/report.js';
import { renderJson, worstExitCode } from '../report/json.js';
import { type CheckOptions, checkSettings } from '../settings/settings.js';
import { UsageError } from '../settings/usage-error.js';
import type { CheckArgs, Command, DemoArgs, ServeArgs } from './args.js';
import type { Format } from './check-options.js';
import { fastCheckArgs } from './fast-args.js';
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
    case 'exporter':
      return runExporter(command.listen, command.config, io);
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

interface Output {
  format: Format;
  verbose: boolean;
  color: boolean;
  report: string | undefined;
}

async function writeHtml(report: Report, path: string, io: Io): Promise<void> {
  const { renderHtml } = await import('../report/html.js');
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(path, renderHtml(report));
  } catch (err) {
    io.stderr.write(`ftpcheck: could not write the report to ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
  }
}

async function printOne(report: Report, out: Output, io: Io, width: number): Promise<void> {
  if (out.report !== undefined) await writeHtml(report, out.report, io);
  switch (out.format) {
    case 'json':
      io.stdout.write(renderJson(report));
      return;
    case 'jsonl':
      io.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    case 'nagios': {
      const { renderNagios } = await import('../report/nagios.js');
      io.stdout.write(renderNagios([report]));
      return;
    }
    case 'human': {
      // cli-table3 is needed only for people's output.
      const { renderHuman } = await import('../report/human.js');
      io.stdout.write(renderHuman(report, { color: colorWanted(out.color, io), verbose: out.verbose, width }));
    }
  }
}

/** The options of every check of this run, without the target. */
async function baseOptions(args: CheckArgs, io: Io): Promise<Omit<CheckOptions, 'target'>> {
  const stdinPassword = args.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
  return {
    port: args.port,
    user: args.user,
    password: stdinPassword ?? io.env.FTPCHECK_PASSWORD,
    mode: args.mode,
    timeout: args.timeout,
    deadline: args.deadline,
    family: args.family,
    tls: args.tls,
    tlsStrict: args.tlsStrict,
    ca: args.ca === undefined ? undefined : await readCa(args.ca),
    plainFallback: args.plainFallback,
    sweepPasvRange: args.sweep,
    onWarning: (line) => io.stderr.write(`${line}\n`),
  };
}

async function runCheck(args: CheckArgs, io: Io, width: number): Promise<number> {
  const targets = [...args.targets, ...(args.targetsFile === undefined ? [] : await readTargets(args.targetsFile))];
  if (targets.length === 0) throw new UsageError(`no targets${args.targetsFile ? ` in ${args.targetsFile}` : ''}`);
  if (args.report !== undefined) {
    if (targets.length > 1) throw new UsageError('--report writes the report of one target; check one target at a time');
    await checkWritable(args.report);
  }
  const base = await baseOptions(args, io);
  // Every target is checked for mistakes before any network traffic; the longest deadline bounds the run.
  const deadlines = targets.map((target) => checkSettings({ ...base, target, onWarning: undefined }).deadlineMs);
  const rounds = Math.ceil(targets.length / args.concurrency);
  // Every wait is bounded, so this never fires; if a bug ever proves that wrong, fail loudly, never hang.
  const watchdog = setTimeout(() => {
    io.stderr.write('ftpcheck: internal error: the check overran its deadline\n');
    process.exit(3);
  }, rounds * Math.max(...deadlines) + WATCHDOG_GRACE_MS);
  watchdog.unref();
  const out: Output = { format: args.format, verbose: args.verbose, color: args.color, report: args.report };
  try {
    if (targets.length === 1) {
      const progress = await makeProgress(args.format === 'human' && spinnersWanted(io.stderr, io.env), colorWanted(args.color, io));
      try {
        const report = await check({ ...base, target: targets[0] ?? '' }, progress);
        await printOne(report, out, io, width);
        return report.exitCode;
      } finally {
        progress.stop();
      }
    }
    return await runMany(targets, base, args, out, io, width);
  } finally {
    clearTimeout(watchdog);
  }
}

/** Many targets, `concurrency` at a time; JSON Lines stream as each finishes, the rest print at the end. */
async function runMany(targets: string[], base: Omit<CheckOptions, 'target'>, args: CheckArgs, out: Output, io: Io, width: number): Promise<number> {
  const results: Report[] = new Array<Report>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      // The URL warning was given once already, when the targets were checked for mistakes.
      const report = await check({ ...base, target: targets[index] ?? '', onWarning: () => {} });
      results[index] = report;
      if (out.format === 'jsonl') io.stdout.write(`${JSON.stringify(report)}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, targets.length) }, worker));
  switch (out.format) {
    case 'json':
      io.stdout.write(renderJson({ schema: REPORT_SCHEMA, results }));
      break;
    case 'nagios': {
      const { renderNagios } = await import('../report/nagios.js');
      io.stdout.write(renderNagios(results));
      break;
    }
    case 'human': {
      const { renderSummary } = await import('../report/summary.js');
      io.stdout.write(renderSummary(results, { color: colorWanted(out.color, io), verbose: out.verbose, width }));
      break;
    }
    case 'jsonl':
      break;
  }
  return worstExitCode(results);
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

/** One target per line; blank lines and # comments are skipped. */
async function readTargets(path: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--targets ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
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
    const progress = await makeProgress(!args.json && spinnersWanted(io.stderr, io.env), colorWanted(args.color, io));
    const report = await check({ target: `127.0.0.1:${server.port}` }, progress);
    progress.stop();
    await printOne(report, { format: args.json ? 'json' : 'human', verbose: args.verbose, color: args.color, report: args.report }, io, width);
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

async function runExporter(listen: string, configPath: string | undefined, io: Io): Promise<number> {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const host = m?.[1] ?? m?.[2];
  if (!host || !m?.[3]) throw new UsageError(`invalid --listen "${listen}": write ADDRESS:PORT, e.g. 127.0.0.1:9821`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`invalid --listen "${listen}": port above 65535`);
  const { loadConfig } = await import('../exporter/config.js');
  const { startExporter } = await import('../exporter/server.js');
  const config = loadConfig(configPath);
  let exporter;
  try {
    exporter = await startExporter(config, { host, port }, io.env, (line) => io.stderr.write(`${line}\n`));
  } catch (err) {
    throw new UsageError(`cannot listen on ${listen}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(host) && !config.allowTargets) {
    io.stderr.write('note: listening beyond loopback without allowTargets: anyone who reaches the exporter can make it probe any host\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await exporter.close();
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
