// `ftpcheck TARGET…`: one or more checks, printed in the format asked for.
import { readFile } from 'node:fs/promises';
import { check } from '../../check.js';
import { REPORT_SCHEMA, type Report, USAGE_EXIT_CODE, worstExitCode } from '../../model/report.js';
import { renderJson, renderJsonLine } from '../../report/json.js';
import { visible } from '../../safety/visible.js';
import { type CheckOptions, checkSettings } from '../../settings/settings.js';
import { UsageError } from '../../settings/usage-error.js';
import type { CheckArgs, Format } from '../check-options.js';
import { colorWanted, type Io } from '../io.js';
import { makeProgress, spinnersWanted } from '../progress.js';
import { checkReportPath, writeReportFile } from '../report-file.js';
import { errorText } from '../../model/errors.js';

export interface Output {
  format: Format;
  verbose: boolean;
  color: boolean;
  report: string | undefined;
}

async function writeHtml(report: Report, path: string, io: Io): Promise<boolean> {
  const { renderHtml } = await import('../../report/html.js');
  return writeReportFile(path, renderHtml(report), io);
}

/** Prints the report in its format and writes the --report file: the exit code, 3 if that file failed. */
export async function printOne(report: Report, out: Output, io: Io, width: number): Promise<number> {
  const written = out.report === undefined || (await writeHtml(report, out.report, io));
  await printFormat(report, out, io, width);
  return written ? report.exitCode : USAGE_EXIT_CODE;
}

async function printFormat(report: Report, out: Output, io: Io, width: number): Promise<void> {
  switch (out.format) {
    case 'json':
      io.stdout.write(renderJson(report));
      return;
    case 'jsonl':
      io.stdout.write(renderJsonLine(report));
      return;
    case 'nagios': {
      const { renderNagios } = await import('../../report/nagios.js');
      io.stdout.write(renderNagios([report]));
      return;
    }
    case 'human': {
      // cli-table3 is needed only for people's output.
      const { renderHuman } = await import('../../report/human.js');
      io.stdout.write(renderHuman(report, { color: colorWanted(out.color, io), verbose: out.verbose, width }));
    }
  }
}

/** The options of every check of this run, without the target. */
export async function baseOptions(args: CheckArgs, io: Io): Promise<Omit<CheckOptions, 'target'>> {
  const stdinPassword = args.passwordStdin ? await io.readPassword() : undefined;
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
    transferBytes: args.transferBytes,
    download: args.download,
    upload: args.upload,
    audit: args.audit,
    certWarnDays: args.certWarnDays,
    expectFiles: args.expectFiles,
    maxSessions: args.maxSessions,
    onWarning: (line) => io.stderr.write(`${line}\n`),
  };
}

export async function runCheck(args: CheckArgs, io: Io, width: number): Promise<number> {
  for (const note of args.notes) io.stderr.write(`${visible(note)}\n`);
  // Several vantages (--from): loaded only then, so an ordinary check starts as fast as before.
  if (args.from.length > 0) return (await import('./from.js')).runFrom(args, io, width);
  const targets = [...args.targets, ...(args.targetsFile === undefined ? [] : await readTargets(args.targetsFile))];
  if (targets.length === 0) throw new UsageError(`no targets${args.targetsFile ? ` in ${args.targetsFile}` : ''}`);
  if (args.report !== undefined) {
    if (targets.length > 1)
      throw new UsageError('--report writes the report of one target; check one target at a time');
    await checkReportPath(args.report);
  }
  const base = await baseOptions(args, io);
  // Every target is checked for mistakes before any network traffic; the longest deadline bounds the run.
  // With several targets, their warnings (no password for a user, a password in a URL) are given here,
  // each once; the checks themselves then stay quiet. One target's check gives its own.
  const warned = new Set<string>();
  const warnOnce = (line: string): void => {
    if (warned.has(line)) return;
    warned.add(line);
    base.onWarning?.(line);
  };
  const onWarning = targets.length > 1 ? warnOnce : undefined;
  const deadlines = targets.map((target) => checkSettings({ ...base, target, onWarning }).deadlineMs);
  const rounds = Math.ceil(targets.length / args.concurrency);
  // Every wait is bounded, so this never fires; if a bug ever proves that wrong, fail loudly, never hang.
  const watchdog = setTimeout(
    () => {
      io.stderr.write('ftpcheck: internal error: the check overran its deadline\n');
      process.exit(USAGE_EXIT_CODE);
    },
    rounds * Math.max(...deadlines) + WATCHDOG_GRACE_MS,
  );
  watchdog.unref();
  const out: Output = { format: args.format, verbose: args.verbose, color: args.color, report: args.report };
  try {
    if (targets.length === 1) {
      const progress = await makeProgress(io.stderr, {
        enabled: args.format === 'human' && spinnersWanted(io.stderr, io.env),
        color: colorWanted(args.color, io),
      });
      try {
        const report = await check({ ...base, target: targets[0] ?? '' }, progress);
        progress.stop();
        return await printOne(report, out, io, width);
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
async function runMany(
  targets: string[],
  base: Omit<CheckOptions, 'target'>,
  args: CheckArgs,
  out: Output,
  io: Io,
  width: number,
): Promise<number> {
  const results: Report[] = new Array<Report>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const report = await check({ ...base, target: targets[index] ?? '', onWarning: warnedAlready });
      results[index] = report;
      if (out.format === 'jsonl') io.stdout.write(renderJsonLine(report));
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, targets.length) }, worker));
  switch (out.format) {
    case 'json':
      io.stdout.write(renderJson({ schema: REPORT_SCHEMA, results }));
      break;
    case 'nagios': {
      const { renderNagios } = await import('../../report/nagios.js');
      io.stdout.write(renderNagios(results));
      break;
    }
    case 'human': {
      const { renderSummary } = await import('../../report/summary.js');
      io.stdout.write(renderSummary(results, { color: colorWanted(out.color, io), verbose: out.verbose, width }));
      break;
    }
    case 'jsonl':
      break;
  }
  return worstExitCode(results);
}

const WATCHDOG_GRACE_MS = 3_000;

function warnedAlready(): void {
  // The URL warning was given once already, when the targets were checked for mistakes.
}

/** One target per line; blank lines and # comments are skipped. */
async function readTargets(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--targets ${path}: ${errorText(err)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

/** The --ca file's PEM text; a missing or non-PEM file is the user's mistake (exit 3). */
export async function readCa(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${path}: not a PEM certificate file`);
    return pem;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--ca ${path}: ${errorText(err)}`);
  }
}
