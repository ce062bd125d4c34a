// The duration and size syntax of --max-age and --min-size, and of a module's expectFiles: `90m`,
// `26h`, `7d` (s, m, h, d, w; a bare number is seconds) and `10k`, `2M` (k, M, G in powers of 1024, as
// ftpcheck prints sizes; a bare number is bytes). Numbers given as numbers mean seconds and bytes. Pure.
import type { FileExpectation } from '../model/files.js';
import { UsageError } from './usage-error.js';

const SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const BYTES: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** Ten years, and a terabyte: beyond either, a typo is likelier than a wish. */
const MAX_MS = 3650 * 86_400_000;
const MAX_BYTES = 1024 ** 4;

function amount(value: string | number, units: Record<string, number>, name: string, expected: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return value;
    throw new UsageError(`invalid ${name} ${value}: expected ${expected}`);
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]?)$/.exec(value.trim());
  const unit = m ? units[(m[2] ?? '').toLowerCase()] : undefined;
  const n = m ? Number(m[1]) * (unit ?? Number.NaN) : Number.NaN;
  if (!(n > 0)) throw new UsageError(`invalid ${name} "${value.slice(0, 20)}": expected ${expected}`);
  return n;
}

/** `90m` → 5 400 000 ms. */
export function parseDurationMs(value: string | number, name = '--max-age'): number {
  const ms = Math.round(amount(value, SECONDS, name, 'a duration such as 90m, 26h or 7d') * 1000);
  if (ms > MAX_MS) throw new UsageError(`invalid ${name}: at most 3650 days`);
  return ms;
}

/** `10k` → 10 240 bytes. */
export function parseBytes(value: string | number, name = '--min-size'): number {
  const bytes = Math.ceil(amount(value, BYTES, name, 'a size such as 512, 10k or 2M'));
  if (bytes > MAX_BYTES) throw new UsageError(`invalid ${name}: at most 1T`);
  return bytes;
}

/** One expected file as the library and the modules take it. */
export interface ExpectFileOption {
  path: string;
  /** A duration (`26h`) or seconds. */
  maxAge?: string | number;
  /** A size (`10k`) or bytes. */
  minSize?: string | number;
}

/** At most this many files per check: each costs a few commands on the control connection. */
export const MAX_EXPECT_FILES = 50;

export function fileExpectations(files: readonly ExpectFileOption[] | undefined): FileExpectation[] {
  if (files === undefined) return [];
  if (files.length > MAX_EXPECT_FILES)
    throw new UsageError(`at most ${MAX_EXPECT_FILES} expected files per check (got ${files.length})`);
  return files.map((f) => {
    if (f.path === '' || /[\r\n\0]/.test(f.path) || f.path.length > 1024)
      throw new UsageError(
        'invalid --expect-file path: it must not be empty, longer than 1024 characters, or contain line breaks',
      );
    return {
      path: f.path,
      maxAgeMs: f.maxAge === undefined ? undefined : parseDurationMs(f.maxAge),
      minBytes: f.minSize === undefined ? undefined : parseBytes(f.minSize),
    };
  });
}
