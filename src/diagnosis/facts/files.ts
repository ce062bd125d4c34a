// The expected files judged (--expect-file): present or not, how old by the server's clock, big enough
// or not. Shared by the three file rules and the report's `files` section, so both say the same. Pure.
import type { ClockSkew, CoarseTime, FileCheck } from '../../model/files.js';
import type { Observations } from '../../model/observations.js';

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

export function judgeFile(check: FileCheck, clock: ClockSkew | undefined): JudgedFile {
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
/** How much younger a file can be than a LIST time says. */
export function latenessMs(coarse: CoarseTime | undefined): number {
  if (coarse === undefined) return 0;
  return ZONE_LATE_MS + (coarse.precision === 'minute' ? 60_000 : 86_400_000);
}
