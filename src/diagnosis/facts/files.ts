// The expected files judged (--expect-file): present or not, how old by the server's clock, big enough
// or not. Shared by the three file rules and the report's `files` section, so both say the same. Pure.
import type { ClockSkew, CoarseTime, FileCheck, FileLookup } from '../../model/files.js';
import type { Observations } from '../../model/observations.js';
import type { FileReport } from '../../model/report.js';
import { describeBytes } from '../rules/wording/data-checks.js';
import { describeExchange } from '../rules/wording/replies.js';

export interface JudgedFile {
  check: FileCheck;
  /** undefined: the server's answers do not say. */
  present: boolean | undefined;
  /** The server's clock when it answered, minus the file's modification time (the skew applied). */
  ageMs: number | undefined;
  /** Older than the limit by the age as given, but not beyond what a LIST time can be off by. */
  overWithinPrecision: boolean;
  stale: boolean;
  tooSmall: boolean;
}

export function expectedFiles(o: Observations): { judged: JudgedFile[]; clock: ClockSkew | undefined } {
  if (o.files?.kind !== 'ran') return { judged: [], clock: undefined };
  const { clock } = o.files;
  return { judged: o.files.checks.map((check) => judgeFile(check, clock)), clock };
}

function judgeFile(check: FileCheck, clock: ClockSkew | undefined): JudgedFile {
  const { lookup, expected } = check;
  if (lookup.kind !== 'file')
    return {
      check,
      present: lookup.kind === 'unknown' ? undefined : false,
      ageMs: undefined,
      overWithinPrecision: false,
      stale: false,
      tooSmall: false,
    };
  const ageMs =
    lookup.modifiedMs === undefined ? undefined : lookup.observedAtMs + (clock?.skewMs ?? 0) - lookup.modifiedMs;
  const over = ageMs !== undefined && expected.maxAgeMs !== undefined && ageMs > expected.maxAgeMs;
  // Stale only when the file is older than the limit even at the latest its coarse time can stand for.
  const stale = over && ageMs - latenessMs(lookup.coarse) > (expected.maxAgeMs ?? 0);
  return {
    check,
    present: true,
    ageMs,
    overWithinPrecision: over && !stale,
    stale,
    tooSmall: lookup.size !== undefined && expected.minBytes !== undefined && lookup.size < expected.minBytes,
  };
}

/** Zones run from UTC−12 to UTC+14: a local time read as UTC is up to 12 h before the true moment. */
const ZONE_LATE_MS = 12 * 3_600_000;

/**
 * How much later than the time as read the file can have been modified: nothing for MLST and MDTM
 * (UTC, to the second); for a LIST time, the rest of its minute or day, and the server's zone.
 */
function latenessMs(coarse: CoarseTime | undefined): number {
  if (coarse === undefined) return 0;
  return ZONE_LATE_MS + (coarse.precision === 'minute' ? 60_000 : 86_400_000);
}

/** For evidence: what a LIST time is worth. */
export function describeCoarse(coarse: CoarseTime): string {
  const year = coarse.yearInferred ? ', the year inferred' : '';
  return (
    `LIST times are to the ${coarse.precision}${year}, in the server's local time of an unknown zone: ` +
    `the file can be up to ${describeAge(latenessMs(coarse))} younger, and it is stale only when older than the limit by more than that`
  );
}

/** `3 d 4 h`, `5 h 12 min`, `42 min`, `30 s`: an age or a limit, to the unit that matters. */
export function describeAge(ms: number): string {
  // Rounded to the smallest unit shown: 1 h 59 min 59.6 s is 2 h.
  const exact = Math.abs(ms) / 1000;
  const unit = exact >= 86_400 ? 3600 : exact >= 3600 ? 60 : 1;
  const s = Math.round(exact / unit) * unit;
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return m > 0 ? `${m} min` : `${s} s`;
}

/** The path as it is shown: quoted, so that spaces and odd characters are plain to see. */
export const quotedPath = (path: string): string => JSON.stringify(path);

/** How the server answered, for evidence: `MDTM x: "550 …"; SIZE x: "550 …"`. */
export function describeLookup(lookup: FileLookup): string {
  return lookup.exchanges.map((e) => describeExchange(e.command, e.result)).join('; ');
}

/** Where the age's clock came from, for evidence: nothing when no skew could be seen. */
export function describeClock(clock: ClockSkew | undefined): string {
  if (clock === undefined) return "the server's clock is taken to agree with this machine's (no skew could be seen)";
  if (clock.skewMs === 0) return `the server's clock agrees with this machine's (${clock.source})`;
  const ahead = clock.skewMs >= 0 ? 'ahead of' : 'behind';
  return `the server's clock is ${describeAge(clock.skewMs)} ${ahead} this machine's (${clock.source}), and the age allows for it`;
}

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
