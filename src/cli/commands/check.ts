// `ftpcheck TARGET…`: one or more checks, printed in the format asked for.
import { readFile } from 'node:fs/promises';
import { checkWithSettings } from '../../check.js';
import { REPORT_SCHEMA, type Report, USAGE_EXIT_CODE, worstExitCode } from '../../model/report.js';
import { renderJson, renderJsonLine } from '../../report/json.js';
import { visible } from '../../safety/visible.js';
import { checkSettings, type TargetSettings } from '../../settings/settings.js';
import { UsageError } from '../../settings/usage-error.js';
import type { CheckArgs, Format } from '../check-options.js';
import { colorWanted, type Io } from '../io.js';
import { makeProgress, spinnersWanted } from '../progress.js';
import { baseOptions } from './shared-options.js';
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

export async function runCheckCommand(args: CheckArgs, io: Io, width: number): Promise<number> {
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
  // Every target is parsed here, once, and checked for mistakes before any network traffic; the
  // longest deadline bounds the run. Their warnings (no password for a user, a password in a URL) are
  // given now; with several targets each line once, however many targets it concerns.
  const warned = new Set<string>();
  const warnOnce = (line: string): void => {
    if (warned.has(line)) return;
    warned.add(line);
    base.onWarning?.(line);
  };
  const settings = targets.map((target) => checkSettings({ ...base, target, onWarning: warnOnce }));
  const rounds = Math.ceil(targets.length / args.concurrency);
  // Every wait is bounded, so this never fires; if a bug ever proves that wrong, fail loudly, never hang.
  const watchdog = setTimeout(
    () => {
      io.stderr.write('ftpcheck: internal error: the check overran its deadline\n');
      process.exit(USAGE_EXIT_CODE);
    },
    rounds * Math.max(...settings.map((s) => s.deadlineMs)) + WATCHDOG_GRACE_MS,
  );
  watchdog.unref();
  const out: Output = { format: args.format, verbose: args.verbose, color: args.color, report: args.report };
  try {
    const [only] = settings;
    if (only !== undefined && settings.length === 1) {
      const progress = await makeProgress(io.stderr, {
        enabled: args.format === 'human' && spinnersWanted(io.stderr, io.env),
        color: colorWanted(args.color, io),
      });
      try {
        const report = await checkWithSettings(only, progress);
        progress.stop();
        return await printOne(report, out, io, width);
      } finally {
        progress.stop();
      }
    }
    return await runMany(settings, args, out, io, width);
  } finally {
    clearTimeout(watchdog);
  }
}

/** Many targets, `concurrency` at a time; JSON Lines stream as each finishes, the rest print at the end. */
async function runMany(
  settings: TargetSettings[],
  args: CheckArgs,
  out: Output,
  io: Io,
  width: number,
): Promise<number> {
  const results: Report[] = new Array<Report>(settings.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < settings.length) {
      const index = next++;
      const one = settings[index];
      if (one === undefined) continue;
      const report = await checkWithSettings(one, {});
      results[index] = report;
      if (out.format === 'jsonl') io.stdout.write(renderJsonLine(report));
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, settings.length) }, worker));
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
