// The expected files (--expect-file) in words, for the file rules' evidence and the report's files section.
import type { ClockSkew, CoarseTime, FileLookup } from '../../../model/files.js';
import { latenessMs } from '../../facts/files.js';
import { describeExchange } from './replies.js';

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
export function describeFileLookup(lookup: FileLookup): string {
  return lookup.exchanges.map((e) => describeExchange(e.command, e.result)).join('; ');
}

/** Where the age's clock came from, for evidence: nothing when no skew could be seen. */
export function describeClock(clock: ClockSkew | undefined): string {
  if (clock === undefined) return "the server's clock is taken to agree with this machine's (no skew could be seen)";
  if (clock.skewMs === 0) return `the server's clock agrees with this machine's (${clock.source})`;
  const ahead = clock.skewMs >= 0 ? 'ahead of' : 'behind';
  return `the server's clock is ${describeAge(clock.skewMs)} ${ahead} this machine's (${clock.source}), and the age allows for it`;
}
