// One complete check: probes, then diagnosis, then the report that every output format renders.
import { diagnose } from './diagnosis/diagnose.js';
import { connectionReports } from './diagnosis/connections.js';
import { serverSoftwareOf } from './diagnosis/facts.js';
import { plainComparisonSummary, stageReports } from './diagnosis/stages.js';
import { sweepReport } from './diagnosis/sweep.js';
import { serverKind } from './protocol/banner.js';
import { EXIT_CODES, verdictOf } from './diagnosis/verdict.js';
import { REPORT_SCHEMA, type Report } from './model/report.js';
import { type CheckSettings, runProbes, type StageEvents } from './probes/pipeline.js';

export type { CheckSettings, StageEvents };

export async function check(settings: CheckSettings & { input: string }, events?: StageEvents): Promise<Report> {
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
