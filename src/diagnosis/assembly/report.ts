// The report of one probe run: diagnosis, verdict, stage and connection lines, every section the
// outputs render. Pure. check() loads this module while the first connections are under way.
import { EXIT_CODES, REPORT_SCHEMA, type Report, type StageReport } from '../../model/report.js';
import type { Mode, Observations } from '../../model/observations.js';
import type { FindingCode } from '../../model/findings.js';
import type { ProbeRun, ReflectRun } from '../../model/run.js';
import type { StageName } from '../../model/stages.js';
import { serverKind } from '../../protocol/banner.js';
import { visibleStrings } from '../../safety/visible.js';
import { clientVerdicts } from '../rules/clients/verdicts.js';
import { connectionReports } from './connections.js';
import { diagnose } from '../rules/diagnose.js';
import { serverSoftwareOf } from '../facts/common.js';
import { plainComparisonSummary, stageReports } from './stages.js';
import { sweepReport } from './sweep.js';
import { fileReports } from './files.js';
import { verdictOf } from '../rules/verdict.js';

/** What the report says of the check itself: the target as given, and how it was asked. */
export interface CheckedAs {
  input: string;
  host: string;
  port: number;
  credentials: { user: string };
  mode: Mode;
}

/**
 * The report of one probe run: diagnosis, verdict and every section the outputs render. Pure. `only`
 * keeps the findings of some codes (`ftpcheck reflect` leaves out those about the reflector's own setup).
 */
export function reportOf(settings: CheckedAs, run: ProbeRun, only?: (code: FindingCode) => boolean): Report {
  const o = run.observations;
  const findings = only ? diagnose(o).filter((f) => only(f.code)) : diagnose(o);
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
    ...(o.files && { files: fileReports(o) }),
    findings,
    clients: clientVerdicts(o),
    transcript: run.transcript,
  };
  // The diagnosis saw the server's text as it came; the report shows its control characters escaped.
  return visibleStrings(report, { newlines: true });
}

/**
 * One stage's line as the run stands when the stage ends, for progress displays: diagnosed on the
 * observations so far, so that a stage that worked with a warning ends as `warn`, not `pass`.
 */
export function stageLineSoFar(observations: Observations, stage: StageName): StageReport | undefined {
  const line = stageReports(observations, diagnose(observations)).find((r) => r.name === stage);
  return line && visibleStrings(line, { newlines: true });
}

// `ftpcheck reflect`'s report: the usual report of a session with the agent's reflector, diagnosed with
// the rules that speak of this machine's side. Findings about how the reflector itself is set up (it is
// ours, anonymous on purpose, maybe without port 20) are left out.

/** Codes that judge the server's configuration: about the reflector, they would say nothing of this side. */
export const NOT_ABOUT_THIS_SIDE: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'active-source-port-not-20',
  'anonymous-allowed',
  'anonymous-writable',
  'cleartext-login',
  'tls-offered',
  'tls-certificate-expiring',
  'tls-legacy-version',
  'pasv-low-port',
  'pasv-range-small',
  'port-bounce-allowed',
  'epsv-unsupported',
]);

export function reflectReport(input: string, result: Extract<ReflectRun, { kind: 'ran' }>): Report {
  const { run, host, port } = result;
  return reportOf(
    { input, host, port, credentials: { user: 'anonymous' }, mode: 'both' },
    run,
    (code) => !NOT_ABOUT_THIS_SIDE.has(code),
  );
}
