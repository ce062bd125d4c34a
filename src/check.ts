// One complete check: probes, then diagnosis, then the report that every output format renders.
// `check()` is the library's entry point (src/index.ts); the CLI calls the same function.
import { connectionReports } from './diagnosis/connections.js';
import { diagnose } from './diagnosis/diagnose.js';
import { serverSoftwareOf } from './diagnosis/facts.js';
import { plainComparisonSummary, stageReports } from './diagnosis/stages.js';
import { sweepReport } from './diagnosis/sweep.js';
import { verdictOf } from './diagnosis/verdict.js';
import { EXIT_CODES, REPORT_SCHEMA, type Report, type StageReport } from './model/report.js';
import type { Mode } from './model/observations.js';
import type { StageName } from './model/stages.js';
import { type ProbeRun, runProbes, type StageEvents } from './probes/pipeline.js';
import { serverKind } from './protocol/banner.js';
import { visibleStrings } from './safety/visible.js';
import { readCheckOptions, readHooks } from './settings/options.js';
import { type CheckOptions, checkSettings } from './settings/settings.js';
import { UsageError } from './settings/usage-error.js';

/** Progress while a check runs: a stage begins, a stage ends with its line of the report. */
export interface CheckHooks {
  onStageStart?(stage: StageName): void;
  onStageEnd?(stage: StageReport): void;
}

/**
 * Checks FTP to one server, stage by stage, and returns the report that `ftpcheck --json` prints.
 * `check('ftp.example.com')` and `check({ target: 'ftp.example.com', mode: 'passive' })` are the same.
 * Invalid options throw a UsageError; network failures never throw, they are findings in the report.
 * Server text in the report has its control characters escaped (`\x1b`), and the password is
 * replaced by **** wherever the server repeated it.
 */
export function check(target: string, options?: Omit<CheckOptions, 'target'>, hooks?: CheckHooks): Promise<Report>;
export function check(options: CheckOptions, hooks?: CheckHooks): Promise<Report>;
export async function check(first: unknown, second?: unknown, third?: unknown): Promise<Report> {
  const { options, hooks } = readArguments(first, second, third);
  return runCheck(options, hooks);
}

function readArguments(first: unknown, second: unknown, third: unknown): { options: CheckOptions; hooks: CheckHooks } {
  if (typeof first !== 'string') {
    if (third !== undefined) throw new UsageError('check(): with an options object, the second argument is the hooks and there is no third');
    return { options: readCheckOptions(first), hooks: readHooks<CheckHooks>(second) };
  }
  if (second !== undefined && (typeof second !== 'object' || second === null || Array.isArray(second))) {
    throw new UsageError('check(): the options after the target must be an object');
  }
  if (second !== undefined && 'target' in second) throw new UsageError('check(): target given twice: as the first argument and in the options');
  return { options: readCheckOptions({ ...second, target: first }), hooks: readHooks<CheckHooks>(third) };
}

async function runCheck(options: CheckOptions, hooks: CheckHooks): Promise<Report> {
  const settings = checkSettings(options);
  const events: StageEvents = {
    started: (stage) => hooks.onStageStart?.(stage),
    finished: (stage, observations) => {
      const line = stageReports(observations, []).find((r) => r.name === stage);
      if (line) hooks.onStageEnd?.(visibleStrings(line, { newlines: true }));
    },
  };
  return reportOf(settings, await runProbes(settings, events));
}

/** What the report says of the check itself: the target as given, and how it was asked. */
export interface CheckedAs {
  input: string;
  host: string;
  port: number;
  credentials: { user: string };
  mode: Mode;
}

/** The report of one probe run: diagnosis, verdict and every section the outputs render. Pure. */
export function reportOf(settings: CheckedAs, run: ProbeRun): Report {
  const o = run.observations;
  const findings = diagnose(o);
  const verdict = verdictOf(o, findings);
  const greeting = o.greeting?.kind === 'greeted' ? o.greeting : undefined;
  const login = o.login?.kind === 'logged-in' ? o.login : undefined;
  const report: Report = {
    schema: REPORT_SCHEMA,
    target: {
      input: settings.input,
      host: settings.host,
      port: settings.port,
      address: run.address?.address ?? null,
      family: run.address?.family ?? null,
    },
    user: settings.credentials.user,
    mode: settings.mode,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    verdict,
    exitCode: EXIT_CODES[verdict],
    server: {
      software: serverSoftwareOf(o) ?? null,
      kind: serverKind(serverSoftwareOf(o)) ?? 'unknown',
      greeting: greeting ? greeting.reply.lines.join('\n') : null,
      system: login?.system ?? null,
    },
    stages: stageReports(o, findings),
    connections: connectionReports(o),
    sweep: sweepReport(o),
    plainComparison: plainComparisonSummary(o),
    findings,
    transcript: run.transcript,
  };
  // The diagnosis saw the server's text as it came; the report shows its control characters escaped.
  return visibleStrings(report, { newlines: true });
}
