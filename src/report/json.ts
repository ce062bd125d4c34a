// The report for machines: exactly one JSON document, no colour codes. Server text in it has its
// control characters escaped, and the writer escapes C1 controls and U+2028/U+2029 on top of what
// JSON.stringify does, so that a consumer that prints strings raw (`jq -r`) replays nothing.
import type { Report, REPORT_SCHEMA, VantageComparison } from '../model/report.js';
import { safeJson, visibleStrings } from '../safety/visible.js';

/** Several targets, or one target from several vantages (--from, with their comparison), in one document. */
export interface ReportSet {
  schema: typeof REPORT_SCHEMA;
  results: Report[];
  comparison?: VantageComparison;
}

export function renderJson(document: Report | ReportSet): string {
  return `${safeJson(visibleStrings(document, { newlines: true }), 2)}\n`;
}

/** One report on one line, for JSON Lines. */
export function renderJsonLine(report: Report): string {
  return `${safeJson(visibleStrings(report, { newlines: true }))}\n`;
}
