// One complete check: probes, then diagnosis, then the report that every output format renders.
// `check()` is the library's entry point (src/index.ts); the CLI calls the same function.
import { diagnose } from './diagnosis/diagnose.js';
import { connectionReports } from './diagnosis/connections.js';
import { serverSoftwareOf } from './diagnosis/facts.js';
import { plainComparisonSummary, stageReports } from './diagnosis/stages.js';
import { sweepReport } from './diagnosis/sweep.js';
import { serverKind } from './protocol/banner.js';
import { EXIT_CODES, verdictOf } from './diagnosis/verdict.js';
import { REPORT_SCHEMA, type Report } from './model/report.js';
import { runProbes, type StageEvents } from './probes/pipeline.js';
import { type CheckOptions, checkSettings } from './settings/settings.js';
import type { StageName } from './model/stages.js';
import type { StageReport } from './model/report.js';

/** Progress while a check runs: a stage begins, a stage ends with its line of the report. */
export interface CheckHooks {
  onStageStart?(stage: StageName): void;
  onStageEnd?(stage: StageReport): void;
}

/**
 * Checks FTP to one server, stage by stage, and returns the report that `ftpcheck --json` prints.
 * Invalid options throw a UsageError; network failures never throw, they are findings in the report.
 */
export async function check(options: CheckOptions, hooks: CheckHooks = {}): Promise<Report> {
  const settings = checkSettings(options);
  const events: StageEvents = {
    started: (stage) => hooks.onStageStart?.(stage),
    finished: (stage, observations) => {
      const line = stageReports(observations, []).find((r) => r.name === stage);
      if (line) hooks.onStageEnd?.(line);
    },
  };
  const run = await runProbes(settings, events);
  const o = run.observations;
  const findings = diagnose(o);
  const verdict = verdictOf(o, findings);
  const greeting = o.greeting?.kind === 'greeted' ? o.greeting : undefined;
  const login = o.login?.kind === 'logged-in' ? o.login : undefined;
  return {
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
}
