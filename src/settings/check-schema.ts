// The options a check accepts, declared once: each one's type, its bounds and the words that say what
// it accepts. Every way a check is asked for reads its options through here — the command line's
// flags and the web form's fields as text (fromText), the library's check(), the agent's API and the
// modules of a config file as values (readField, readCheckFields) — so a wrong value gets the same
// message everywhere ("invalid timeout 0: expected …", the field named as that entrance names it),
// and the same limits. A service that allows less (the agent) passes its caps: one policy on top of
// the same bounds, named in the message. Pure.
import { type ExpectFileOption, fileExpectations } from './amounts.js';
import type { CheckOptions } from './check-options.js';
import { UsageError } from './usage-error.js';

/** What one option accepts. */
export type Rule =
  | { kind: 'text'; expected: string; nonEmpty?: true }
  | { kind: 'boolean' }
  | { kind: 'choice'; choices: readonly (string | number)[] }
  /** A number from min (or above it, when `above`) to max; `whole` for integers; `unit` for the words. */
  | { kind: 'number'; whole: boolean; min: number; above?: true; max: number; unit?: string; zero?: string }
  | { kind: 'function' }
  /** Files that must be on the server: a list of { path, maxAge?, minSize? }, their limits readable. */
  | { kind: 'files' };

/** The largest bulk sample: enough for any path, small enough to stay a check. */
export const MAX_TRANSFER_BYTES = 64 * 1024 * 1024;
export const MAX_SECONDS = 3600;
export const MAX_CERT_WARN_DAYS = 3650;
export const MODES = ['passive', 'active', 'both'] as const;

const seconds: Rule = { kind: 'number', whole: false, min: 0, above: true, max: MAX_SECONDS, unit: 'seconds' };
const boolean: Rule = { kind: 'boolean' };

/** Every option of check(); `satisfies` makes the compiler demand each one. */
export const CHECK_FIELDS = {
  target: {
    kind: 'text',
    nonEmpty: true,
    expected: 'a string: host, host:port, [ipv6]:port or ftp://[user@]host[:port]',
  },
  port: { kind: 'number', whole: true, min: 1, max: 65535 },
  user: { kind: 'text', expected: 'a string' },
  password: { kind: 'text', expected: 'a string' },
  mode: { kind: 'choice', choices: MODES },
  timeout: seconds,
  deadline: seconds,
  family: { kind: 'choice', choices: [4, 6] },
  tls: boolean,
  tlsStrict: boolean,
  ca: { kind: 'text', expected: 'PEM text (a string)' },
  plainFallback: boolean,
  sweepPasvRange: { kind: 'text', expected: '"MIN-MAX" or "auto"' },
  transferBytes: { kind: 'number', whole: true, min: 0, max: MAX_TRANSFER_BYTES, unit: 'bytes', zero: 'off' },
  download: { kind: 'text', expected: 'the path of a file on the server' },
  upload: boolean,
  audit: boolean,
  maxSessions: { kind: 'number', whole: true, min: 1, max: 8 },
  certWarnDays: { kind: 'number', whole: true, min: 0, max: MAX_CERT_WARN_DAYS, unit: 'days' },
  expectFiles: { kind: 'files' },
  onWarning: { kind: 'function' },
} as const satisfies Record<keyof CheckOptions, Rule>;

export type CheckField = keyof typeof CHECK_FIELDS;
export const CHECK_FIELD_NAMES = Object.keys(CHECK_FIELDS) as CheckField[];

/** Lower maxima a service sets on top of the library's, and how its messages name it ("on an agent"). */
export interface Caps {
  limits: Partial<Record<CappedField, number>>;
  where: string;
}

/** The fields a service may cap: how long a check may hold it, and how much it may download. */
type CappedField = 'timeout' | 'deadline' | 'transferBytes';
const isCapped = (field: CheckField): field is CappedField =>
  field === 'timeout' || field === 'deadline' || field === 'transferBytes';

const ruleOf = (field: CheckField): Rule => CHECK_FIELDS[field];

/** The most a field accepts here: the library's bound, or a service's cap when lower. */
function maxOf(field: CheckField, rule: Extract<Rule, { kind: 'number' }>, caps: Caps | undefined): number {
  const cap = isCapped(field) ? caps?.limits[field] : undefined;
  return cap !== undefined && cap < rule.max ? cap : rule.max;
}

/** What a field accepts, in the words every entrance uses. */
export function expectedOf(field: CheckField, caps?: Caps): string {
  const rule = ruleOf(field);
  switch (rule.kind) {
    case 'text':
      return `expected ${rule.expected}`;
    case 'boolean':
      return 'expected true or false';
    case 'choice':
      return `expected ${rule.choices.join(', ').replace(/, ([^,]*)$/, ' or $1')}`;
    case 'function':
      return 'expected a function';
    case 'files':
      return 'expected a list of { path, maxAge?, minSize? } (maxAge such as "26h", minSize such as "10k")';
    case 'number': {
      const max = maxOf(field, rule, caps);
      const capped = max < rule.max && caps ? ` ${caps.where}` : '';
      if (!rule.whole)
        return `expected a number of ${rule.unit ?? ''}, more than ${rule.min} and at most ${max}${capped}`;
      const unit = rule.unit === undefined ? '' : ` of ${rule.unit}`;
      const min = rule.zero === undefined ? String(rule.min) : `${rule.min} (${rule.zero})`;
      return `expected a whole number${unit} from ${min} to ${max}${capped}`;
    }
  }
}

/** Whether a value is one the field accepts (with a service's caps). */
export function accepts(field: CheckField, value: unknown, caps?: Caps): boolean {
  const rule = ruleOf(field);
  switch (rule.kind) {
    case 'text':
      return typeof value === 'string' && (!rule.nonEmpty || value.trim() !== '');
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return (rule.choices as readonly unknown[]).includes(value);
    case 'function':
      return typeof value === 'function';
    case 'files':
      return isFileList(value);
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!rule.whole || Number.isInteger(value)) &&
        (rule.above ? value > rule.min : value >= rule.min) &&
        value <= maxOf(field, rule, caps)
      );
  }
}

const FILE_KEYS = new Set(['path', 'maxAge', 'minSize']);

/** A list of expected files whose paths and limits all read (fileExpectations judges them). */
const isFileList = (value: unknown): value is ExpectFileOption[] =>
  isShapedFileList(value) && filesProblem(value) === undefined;

/** A list of { path, maxAge?, minSize? } objects, whatever their values say. */
function isShapedFileList(value: unknown): value is ExpectFileOption[] {
  return (
    Array.isArray(value) &&
    value.every(
      (f: unknown) =>
        typeof f === 'object' &&
        f !== null &&
        typeof (f as { path?: unknown }).path === 'string' &&
        Object.keys(f).every((k) => FILE_KEYS.has(k)) &&
        ['maxAge', 'minSize'].every((k) => ['undefined', 'string', 'number'].includes(typeof Reflect.get(f, k))),
    )
  );
}

/** Why a list of expected files does not read (a path, a duration, a size), or undefined. */
function filesProblem(value: ExpectFileOption[]): string | undefined {
  try {
    fileExpectations(value);
    return undefined;
  } catch (err) {
    return err instanceof UsageError ? err.message : String(err);
  }
}

/** A value as a message shows it: strings quoted and cut short, other kinds by name. */
export function shown(value: unknown): string {
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

/**
 * The one message for a refused value: `invalid LABEL VALUE: expected …`. The label is the field as
 * the entrance names it (`timeout`, `--timeout`); a password is never repeated, not even a wrong one.
 */
export function invalid(field: CheckField, value: unknown, label: string = field, caps?: Caps): UsageError {
  const what = field === 'password' ? '' : ` ${shown(value)}`;
  const prefix = field === 'target' && typeof value === 'string' && value.trim() === '' ? 'it is empty' : '';
  return new UsageError(`invalid ${label}${what}: ${prefix || expectedOf(field, caps)}`);
}

/** A value checked against its field: returned as it is, or a UsageError naming the field. */
export function readField<F extends CheckField>(
  field: F,
  value: unknown,
  label: string = field,
  caps?: Caps,
): NonNullable<CheckOptions[F]> {
  if (!accepts(field, value, caps)) {
    // A list of files of the right shape whose path or limit does not read: say which, in its words.
    const problem = ruleOf(field).kind === 'files' && isShapedFileList(value) ? filesProblem(value) : undefined;
    throw problem === undefined ? invalid(field, value, label, caps) : new UsageError(`invalid ${label}: ${problem}`);
  }
  return value as NonNullable<CheckOptions[F]>;
}

/** A number as people write one: judged (and shown) as that number, 2.5 and -1 included. */
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;

/**
 * A field typed as text (a command-line flag, a form field) read into its value: a number when it is
 * written as one (then judged, and shown, as a number), else the text itself.
 */
export function fromText<F extends CheckField>(
  field: F,
  text: string,
  label: string = field,
  caps?: Caps,
): NonNullable<CheckOptions[F]> {
  const rule = ruleOf(field);
  const numeric = rule.kind === 'number' || (rule.kind === 'choice' && rule.choices.some((c) => typeof c === 'number'));
  const value: unknown = numeric && DECIMAL.test(text) ? Number(text) : text;
  return readField(field, value, label, caps);
}

/** Object fields whose name or value is refused, before anything else is looked at. */
export function readCheckFields(input: object, caps?: Caps): CheckOptions {
  for (const [name, value] of Object.entries(input)) {
    if (!Object.hasOwn(CHECK_FIELDS, name))
      throw new UsageError(`unknown option "${name}" (known: ${CHECK_FIELD_NAMES.join(', ')})`);
    if (value !== undefined) readField(name as CheckField, value, name, caps);
  }
  if ((input as { target?: unknown }).target === undefined)
    throw new UsageError('missing target: give a host name, an address or an ftp:// URL');
  return input as CheckOptions;
}
