// The report's `files` section: every expected file (--expect-file), judged, with one line for people. Pure.
import type { Observations } from '../../model/observations.js';
import type { FileReport } from '../../model/report.js';
import { expectedFiles, judgeFile, type JudgedFile } from '../facts/files.js';
import { describeBytes } from '../rules/wording/data-checks.js';
import { describeAge } from '../rules/wording/files.js';

/** The report's `files` section: every expected file, judged, with one line for people. */
export function fileReports(o: Observations): FileReport[] | undefined {
  if (o.files === undefined) return undefined;
  if (o.files.kind === 'not-run') {
    const reason = o.files.reason;
    return o.files.expected.map((expected) =>
      fileReport(judgeFile({ expected, lookup: { kind: 'unknown', reason, exchanges: [] } }, undefined)),
    );
  }
  return expectedFiles(o).judged.map(fileReport);
}

function fileReport(j: JudgedFile): FileReport {
  const { expected, lookup } = j.check;
  const file = lookup.kind === 'file' ? lookup : undefined;
  return {
    path: expected.path,
    present: j.present ?? null,
    kind: lookup.kind,
    method: lookup.kind === 'unknown' ? null : lookup.method,
    sizeBytes: file?.size ?? null,
    modified: file?.modifiedMs === undefined ? null : new Date(file.modifiedMs).toISOString(),
    ageSeconds: j.ageMs === undefined ? null : Math.round(j.ageMs / 1000),
    maxAgeSeconds: expected.maxAgeMs === undefined ? null : Math.round(expected.maxAgeMs / 1000),
    minBytes: expected.minBytes ?? null,
    stale: j.stale,
    tooSmall: j.tooSmall,
    detail: fileDetail(j),
  };
}

function fileDetail(j: JudgedFile): string {
  const { lookup } = j.check;
  switch (lookup.kind) {
    case 'unknown':
      return `not known: ${lookup.reason}`;
    case 'missing':
      return 'missing';
    case 'directory':
      return 'a directory, not a file';
    case 'file': {
      const parts = [
        lookup.size === undefined ? 'size not given' : describeBytes(lookup.size),
        j.ageMs === undefined ? 'time not given' : `modified ${describeAge(j.ageMs)} ago`,
      ];
      if (j.stale) parts.push('stale');
      if (j.overWithinPrecision) parts.push("over the limit by less than LIST's precision: not counted stale");
      if (j.tooSmall) parts.push('too small');
      return `${parts.join(', ')} (${lookup.method})`;
    }
  }
}
