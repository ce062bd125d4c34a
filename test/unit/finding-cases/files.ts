// The canned cases of the expected-file codes: a file the server does not have (by MLST or by MDTM,
// SIZE and CWD), a directory given as a file, a file older than allowed (with and without a seen clock
// skew), a file smaller than allowed. Silent: a fresh, big enough file; limits the server's answers
// cannot judge (no time, no size given); a server that could not be asked.
import type { ClockSkew, FileLookup, FileMethod } from '../../../src/model/files.js';
import type { FindingCode } from '../../../src/model/findings.js';
import type { Observations } from '../../../src/model/observations.js';
import type { CodeCases } from './index.js';
import { answered, healthy } from '../observations.js';

type FileCode = Extract<FindingCode, 'file-missing' | 'file-stale' | 'file-too-small'>;

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const HOUR = 3_600_000;

/** A healthy check that looked for one file, `path`, with these limits and found `lookup`. */
function withFile(
  lookup: FileLookup,
  limits: { maxAgeMs?: number; minBytes?: number } = {},
  clock?: ClockSkew,
): Observations {
  const expected = { path: 'exports/daily report é.csv', maxAgeMs: limits.maxAgeMs, minBytes: limits.minBytes };
  return { ...healthy(), files: { kind: 'ran', connection: 'check', clock, checks: [{ expected, lookup }] } };
}

const file = (
  modifiedMs: number | undefined,
  size: number | undefined,
  method: FileMethod = 'MDTM+SIZE',
): FileLookup => ({
  kind: 'file',
  method,
  size,
  modifiedMs,
  coarse: undefined,
  observedAtMs: NOW,
  exchanges: [],
});

/** A file as LIST showed it: the time to the minute or the day, in the server's local time. */
const listed = (modifiedMs: number, precision: 'minute' | 'day'): FileLookup => ({
  kind: 'file',
  method: 'LIST',
  size: 5000,
  modifiedMs,
  coarse: { precision, yearInferred: precision === 'minute' },
  observedAtMs: NOW,
  exchanges: [],
});

const refused = (command: string, code = 550): { command: string; result: ReturnType<typeof answered> } => ({
  command,
  result: answered(code, 'No such file or directory.'),
});

export const FILE_CASES: Record<FileCode, CodeCases> = {
  'file-missing': {
    fires: [
      {
        name: 'MDTM, SIZE and CWD are refused (vsftpd, ftp-srv)',
        findings: ['file-missing:error'],
        build: () =>
          withFile({
            kind: 'missing',
            method: 'MDTM+SIZE',
            exchanges: [refused('MDTM x'), refused('SIZE x'), refused('CWD x')],
          }),
      },
      {
        name: 'MLST answers 550',
        findings: ['file-missing:error'],
        build: () => withFile({ kind: 'missing', method: 'MLST', exchanges: [refused('MLST x')] }),
      },
      {
        name: 'a 450 (unavailable) is as absent as a 550',
        findings: ['file-missing:error'],
        build: () => withFile({ kind: 'missing', method: 'MDTM+SIZE', exchanges: [refused('MDTM x', 450)] }),
      },
      {
        name: 'the path is a directory',
        findings: ['file-missing:error'],
        build: () => withFile({ kind: 'directory', method: 'MDTM+SIZE', exchanges: [] }),
      },
      {
        name: "not in its directory's listing (LIST, on a server without MLST, MDTM and SIZE)",
        findings: ['file-missing:error'],
        build: () =>
          withFile({
            kind: 'missing',
            method: 'LIST',
            exchanges: [
              refused('MDTM x', 502),
              refused('SIZE x', 502),
              { command: 'LIST', result: answered(226, 'Directory send OK.') },
            ],
          }),
      },
      {
        name: 'LIST shows the path as a directory',
        findings: ['file-missing:error'],
        build: () => withFile({ kind: 'directory', method: 'LIST', exchanges: [] }),
      },
    ],
    silent: [
      { name: 'no file was expected', findings: [], build: healthy },
      { name: 'the file is there', findings: [], build: () => withFile(file(NOW - HOUR, 5000)) },
      {
        name: 'the server supports no way to ask',
        findings: [],
        build: () => withFile({ kind: 'unknown', reason: 'neither MLST nor MDTM and SIZE', exchanges: [] }),
      },
      {
        name: 'the check could not ask at all',
        findings: [],
        build: () => ({
          ...healthy(),
          files: {
            kind: 'not-run',
            reason: 'the login failed',
            expected: [{ path: 'x', maxAgeMs: undefined, minBytes: undefined }],
          },
        }),
      },
    ],
  },
  'file-stale': {
    fires: [
      {
        name: 'older than --max-age by MDTM',
        findings: ['file-stale:warning'],
        build: () => withFile(file(NOW - 30 * HOUR, 5000), { maxAgeMs: 26 * HOUR }),
      },
      {
        name: 'older than --max-age by LIST, beyond its precision and any time zone',
        findings: ['file-stale:warning'],
        build: () => withFile(listed(Date.UTC(2024, 0, 31), 'day'), { maxAgeMs: 7 * 24 * HOUR }),
      },
      {
        name: 'older than --max-age by MLST',
        findings: ['file-stale:warning'],
        build: () => withFile(file(NOW - 8 * 24 * HOUR, 5000, 'MLST'), { maxAgeMs: 7 * 24 * HOUR }),
      },
      {
        name: "fresh by this machine's clock, stale by the server's (its clock runs 2 h ahead)",
        findings: ['file-stale:warning'],
        build: () =>
          withFile(
            file(NOW - HOUR, 5000),
            { maxAgeMs: 90 * 60_000 },
            { skewMs: 2 * HOUR, source: 'MDTM of the upload' },
          ),
      },
    ],
    silent: [
      {
        name: 'within --max-age',
        findings: [],
        build: () => withFile(file(NOW - 25 * HOUR, 5000), { maxAgeMs: 26 * HOUR }),
      },
      {
        name: "over --max-age by LIST's time, but by less than its minute and the server's zone can account for",
        findings: [],
        build: () => withFile(listed(NOW - 30 * HOUR, 'minute'), { maxAgeMs: 26 * HOUR }),
      },
      {
        name: 'a LIST time to the day: a day and 12 h of slack',
        findings: [],
        build: () => withFile(listed(NOW - 3 * 24 * HOUR, 'day'), { maxAgeMs: 2 * 24 * HOUR }),
      },
      { name: 'no --max-age', findings: [], build: () => withFile(file(NOW - 1000 * HOUR, 5000)) },
      {
        name: 'the server gave no time',
        findings: [],
        build: () => withFile(file(undefined, 5000), { maxAgeMs: HOUR }),
      },
      {
        name: "stale by this machine's clock, fresh by the server's (its clock runs 2 h behind)",
        findings: [],
        build: () =>
          withFile(
            file(NOW - 3 * HOUR, 5000),
            { maxAgeMs: 2 * HOUR },
            { skewMs: -2 * HOUR, source: 'MDTM of the upload' },
          ),
      },
      {
        name: 'a missing file is file-missing, not stale',
        findings: ['file-missing:error'],
        build: () => withFile({ kind: 'missing', method: 'MLST', exchanges: [] }, { maxAgeMs: HOUR }),
      },
    ],
  },
  'file-too-small': {
    fires: [
      {
        name: 'smaller than --min-size by SIZE',
        findings: ['file-too-small:warning'],
        build: () => withFile(file(NOW, 120), { minBytes: 10 * 1024 }),
      },
      {
        name: 'an empty file by MLST',
        findings: ['file-too-small:warning'],
        build: () => withFile(file(NOW, 0, 'MLST'), { minBytes: 1 }),
      },
    ],
    silent: [
      {
        name: 'exactly --min-size',
        findings: [],
        build: () => withFile(file(NOW, 10 * 1024), { minBytes: 10 * 1024 }),
      },
      { name: 'no --min-size', findings: [], build: () => withFile(file(NOW, 0)) },
      { name: 'the server gave no size', findings: [], build: () => withFile(file(NOW, undefined), { minBytes: 10 }) },
    ],
  },
};
