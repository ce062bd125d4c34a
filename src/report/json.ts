// The report for machines: exactly one JSON document, no colour codes.
import type { ExitCode, Report, REPORT_SCHEMA } from '../model/report.js';

/** Several targets in one document. */
export interface ReportSet {
  schema: typeof REPORT_SCHEMA;
  results: Report[];
}

export function renderJson(document: Report | ReportSet): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The exit code of a run over many targets: the worst of theirs. */
export function worstExitCode(reports: Report[]): ExitCode {
  return reports.reduce<ExitCode>((worst, r) => (r.exitCode > worst ? r.exitCode : worst), 0);
}
