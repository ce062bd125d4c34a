// The library's input checked like the command line's: a program that calls check() with a wrong type,
// an unknown mode or a misspelt option gets a UsageError naming the field and what it accepts, never a
// TypeError from inside and never a silently different check. Pure.
import type { StageReport } from '../model/report.js';
import type { StageName } from '../model/stages.js';
import type { CheckOptions } from './settings.js';
import { UsageError } from './usage-error.js';

type Check = (value: unknown) => string | undefined;

const MODES = ['passive', 'active', 'both'] as const;
/** The largest bulk sample: enough for any path, small enough to stay a check. */
export const MAX_TRANSFER_BYTES = 64 * 1024 * 1024;

const string: Check = (v) => (typeof v === 'string' ? undefined : 'expected a string');
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'expected true or false');
const seconds: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 3600
    ? undefined
    : 'expected a number of seconds, more than 0 and at most 3600';
const port: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535
    ? undefined
    : 'expected a whole number from 1 to 65535';

/** Every option check() takes, with what each accepts; `satisfies` makes the compiler demand all of them. */
const FIELDS = {
  target: (v) =>
    typeof v !== 'string'
      ? 'expected a string: host, host:port, [ipv6]:port or ftp://[user@]host[:port]'
      : v.trim() === ''
        ? 'it is empty'
        : undefined,
  port,
  user: string,
  password: string,
  mode: (v) =>
    typeof v === 'string' && (MODES as readonly string[]).includes(v) ? undefined : `expected ${MODES.join(', ')}`,
  timeout: seconds,
  deadline: seconds,
  family: (v) => (v === 4 || v === 6 ? undefined : 'expected 4 or 6'),
  tls: boolean,
  tlsStrict: boolean,
  ca: (v) => (typeof v === 'string' ? undefined : 'expected PEM text (a string)'),
  plainFallback: boolean,
  sweepPasvRange: (v) => (typeof v === 'string' ? undefined : 'expected "MIN-MAX" or "auto"'),
  transferBytes: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TRANSFER_BYTES
      ? undefined
      : `expected a whole number of bytes from 0 (off) to ${MAX_TRANSFER_BYTES}`,
  download: (v) => (typeof v === 'string' ? undefined : 'expected the path of a file on the server'),
  upload: boolean,
  audit: boolean,
  maxSessions: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8
      ? undefined
      : 'expected a whole number from 1 to 8',
  certWarnDays: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3650
      ? undefined
      : 'expected a whole number of days from 0 to 3650',
  onWarning: (v) => (typeof v === 'function' ? undefined : 'expected a function'),
} satisfies Record<keyof CheckOptions, Check>;

const NAMES = Object.keys(FIELDS);

function shown(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'function':
      return 'a function';
    case 'object':
      return Array.isArray(value) ? 'an array' : value === null ? 'null' : 'an object';
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'symbol':
    case 'undefined':
      return String(value);
  }
}

/** The options of check(), verified field by field. Undefined values count as absent. */
export function readCheckOptions(input: unknown): CheckOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`check(): expected a target string or an options object with a target, not ${shown(input)}`);
  }
  const entries = Object.entries(input);
  for (const [name, value] of entries) {
    if (!Object.hasOwn(FIELDS, name))
      throw new UsageError(`check(): unknown option "${name}" (known: ${NAMES.join(', ')})`);
    if (value === undefined) continue;
    const problem = FIELDS[name as keyof typeof FIELDS](value);
    // A password is never repeated, not even a wrongly typed one.
    if (problem)
      throw new UsageError(`check(): invalid ${name}${name === 'password' ? '' : ` ${shown(value)}`}: ${problem}`);
  }
  if ((input as { target?: unknown }).target === undefined)
    throw new UsageError('check(): missing target: give a host name, an address or an ftp:// URL');
  return input as CheckOptions;
}

/** Progress while a check runs: a stage begins, a stage ends with its line of the report. */
export interface CheckHooks {
  onStageStart?(stage: StageName): void;
  onStageEnd?(stage: StageReport): void;
}

/**
 * The progress hooks of check(): an object whose hook members, when present, are functions. Other
 * members are the caller's own (a progress display with its own stop()) and are left out.
 */
export function readHooks(input: unknown): CheckHooks {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new UsageError(`check(): hooks must be an object with onStageStart and/or onStageEnd, not ${shown(input)}`);
  const caller = (name: keyof CheckHooks): ((arg: unknown) => void) | undefined => {
    const value: unknown = Reflect.get(input, name);
    if (value === undefined) return undefined;
    if (typeof value !== 'function')
      throw new UsageError(`check(): hook ${name} must be a function, not ${shown(value)}`);
    return (arg) => {
      Reflect.apply(value, input, [arg]);
    };
  };
  return { onStageStart: caller('onStageStart'), onStageEnd: caller('onStageEnd') };
}
