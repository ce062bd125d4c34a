// The flags of a check, declared once: yargs builds its parser and help from this table, and the
// fast path (fast-args.ts) parses the common case with node:util without loading yargs. What each
// check option accepts is the schema's (settings/check-schema.ts): a flag's text is read through it.
import type { Mode } from '../model/settings.js';
import { type CheckField, fromText, MODES } from '../settings/check-schema.js';
import type { CheckOptions } from '../settings/check-options.js';
import { type ExpectFileOption, fileExpectations } from '../settings/amounts.js';
import { UsageError } from '../settings/usage-error.js';
import { readTypedTargets } from './typed-targets.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  alias?: string;
  /** Repeatable: every occurrence is kept. */
  array?: boolean;
  default?: string | boolean;
  choices?: readonly string[];
  /** The values a message names when the option is given without one (the schema judges them). */
  values?: readonly string[];
  describe: string;
}

export const CHECK_OPTIONS = {
  port: { type: 'string', alias: 'p', describe: 'control port (default 21)' },
  user: { type: 'string', alias: 'u', describe: 'user name (default anonymous)' },
  'password-stdin': {
    type: 'boolean',
    default: false,
    describe: 'read the password from standard input (on a terminal: a prompt, not echoed)',
  },
  mode: {
    type: 'string',
    alias: 'm',
    default: 'both',
    // The schema judges the value (the same message as everywhere); the help lists the choices.
    values: MODES,
    describe: `data connection modes to test: ${MODES.join(', ')}`,
  },
  timeout: { type: 'string', alias: 't', default: '5', describe: 'seconds to wait for each network step' },
  deadline: { type: 'string', describe: 'seconds for the whole run (default 6 × timeout + 5)' },
  ipv4: { type: 'boolean', alias: '4', describe: 'use IPv4 only' },
  ipv6: { type: 'boolean', alias: '6', describe: 'use IPv6 only' },
  tls: {
    type: 'boolean',
    default: false,
    describe: 'explicit FTPS: AUTH TLS, then TLS on every data connection (ftps:// targets use implicit TLS)',
  },
  'tls-strict': {
    type: 'boolean',
    default: false,
    describe: 'certificate problems are errors, not warnings (implies --tls)',
  },
  ca: { type: 'string', describe: 'PEM file with an extra trusted certificate authority' },
  'plain-fallback': {
    type: 'boolean',
    default: true,
    describe: 'with TLS, repeat failed data steps over plain FTP to compare (--no-plain-fallback turns it off)',
  },
  json: { type: 'boolean', default: false, describe: 'print one JSON document (schema ftpcheck/1)' },
  jsonl: { type: 'boolean', default: false, describe: 'print one JSON report per line, as each target finishes' },
  format: {
    type: 'string',
    choices: ['human', 'json', 'jsonl', 'nagios'],
    describe: 'output format (nagios: the monitoring-plugin status line and perfdata)',
  },
  targets: {
    type: 'string',
    describe: 'file with one target per line (# comments; ftp://user@host:port for per-target user and port)',
  },
  concurrency: { type: 'string', default: '32', describe: 'how many targets to check at once' },
  'sweep-pasv-range': {
    type: 'string',
    describe:
      'connect to every port of the passive range MIN-MAX (or "auto": infer it from repeated PASV replies) and show which are filtered',
  },
  report: {
    type: 'string',
    describe: 'also write a self-contained HTML report (with a connection diagram) to this file',
  },
  'transfer-bytes': {
    type: 'string',
    default: '262144',
    describe: 'after each working listing, download this many bytes of a file (full-size packets); 0 turns it off',
  },
  download: {
    type: 'string',
    describe: 'the file to download as the bulk sample (default: the smallest listed file of at least 64 KiB)',
  },
  upload: {
    type: 'boolean',
    default: false,
    describe: 'also upload a small, uniquely named file and delete it again (writes on the server)',
  },
  audit: {
    type: 'boolean',
    default: false,
    describe: 'security posture: PORT bounce, anonymous access and writable directories, cleartext logins',
  },
  'cert-warn-days': {
    type: 'string',
    default: '21',
    describe: 'warn when the server certificate ends within this many days',
  },
  'expect-file': {
    type: 'string',
    describe: 'a file that must exist on the server (repeatable); with --max-age and --min-size, fresh and big enough',
  },
  'max-age': {
    type: 'string',
    describe: 'an expected file older than this is stale: 90m, 26h, 7d',
  },
  'min-size': {
    type: 'string',
    describe: 'an expected file smaller than this is too small: 512, 10k, 2M (k = 1024 bytes)',
  },
  'max-sessions': {
    type: 'string',
    describe:
      'control sessions open at once to the server (1 to 8; default 3 when the server is not on loopback and a round trip takes 5 ms or more, else 1); 1 runs every probe one after another',
  },
  from: {
    type: 'string',
    describe:
      'run the check from here and/or from agents (repeatable): "here", or an agent\'s URL (token in FTPCHECK_AGENT_TOKEN)',
  },
  me: {
    type: 'boolean',
    default: false,
    describe: 'with --from URL and no target: the agent checks the address it sees this machine come from',
  },
  module: {
    type: 'string',
    describe: "with --from URL: the agent's config module whose passwordEnv supplies the password",
  },
  verbose: { type: 'boolean', alias: 'v', default: false, describe: 'show the protocol transcript' },
  color: { type: 'boolean', default: true, describe: 'colour output (--no-color, or NO_COLOR=1, turns it off)' },
} as const satisfies Record<string, OptionSpec>;

export type CheckOptionName = keyof typeof CHECK_OPTIONS;

export type Format = 'human' | 'json' | 'jsonl' | 'nagios';

/** A check option's flag text read through the schema: `--transfer-bytes` reads transferBytes. */
const flagValue = <F extends CheckField>(field: F, text: string): NonNullable<CheckOptions[F]> =>
  fromText(field, text, `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);

/** One run of checks, as both parsers produce it. */
export interface CheckArgs {
  kind: 'check';
  /** Targets on the command line; more may come from `targetsFile`. */
  targets: string[];
  /** What was read differently from the letter of the command line (HOST PORT), for stderr. */
  notes: string[];
  targetsFile: string | undefined;
  concurrency: number;
  format: Format;
  port: number | undefined;
  user: string | undefined;
  passwordStdin: boolean;
  mode: Mode;
  timeout: number;
  deadline: number | undefined;
  family: 4 | 6 | undefined;
  verbose: boolean;
  color: boolean;
  tls: boolean;
  tlsStrict: boolean;
  ca: string | undefined;
  plainFallback: boolean;
  /** Path of an HTML report to write. */
  report: string | undefined;
  /** --sweep-pasv-range as given: "auto" or "MIN-MAX". */
  sweep: string | undefined;
  transferBytes: number;
  download: string | undefined;
  upload: boolean;
  audit: boolean;
  certWarnDays: number;
  /** --expect-file, each with --max-age and --min-size. */
  expectFiles: ExpectFileOption[];
  maxSessions: number | undefined;
  /** --from, as given: "here" or agent URLs, in order; empty for an ordinary check from here. */
  from: string[];
  /** --me: the agent checks the caller's own address. */
  me: boolean;
  module: string | undefined;
}

/** Parsed values by option name, as either parser produced them. */
export type RawValues = Partial<Record<CheckOptionName, unknown>>;

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A string option that may be repeated (yargs gives an array then). */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : [];
}

function flag(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** The output format from --json, --jsonl and --format, which must agree. */
export function formatOf(v: RawValues): Format {
  const format = text(v.format);
  const chosen = [flag(v.json, false) && 'json', flag(v.jsonl, false) && 'jsonl', format].filter(
    (f): f is string => typeof f === 'string',
  );
  if (new Set(chosen).size > 1) throw new UsageError(`choose one output format: ${[...new Set(chosen)].join(' or ')}`);
  const f = chosen[0] ?? 'human';
  if (f !== 'human' && f !== 'json' && f !== 'jsonl' && f !== 'nagios')
    throw new UsageError(`invalid --format "${f}": choose human, json, jsonl or nagios`);
  return f;
}

/** Checks and converts parsed values into the arguments of one run (one or more targets). */
export function toCheckArgs(typed: string[], v: RawValues): CheckArgs {
  const { targets, port, notes } = readTypedTargets(typed, text(v.port));
  const mode = flagValue('mode', text(v.mode) ?? 'both');
  const ipv4 = flag(v.ipv4, false);
  const ipv6 = flag(v.ipv6, false);
  if (ipv4 && ipv6) throw new UsageError('-4 and -6 exclude each other');
  const deadline = text(v.deadline);
  const maxSessions = text(v['max-sessions']);
  const tlsStrict = flag(v['tls-strict'], false);
  const concurrencyText = text(v.concurrency) ?? '32';
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024)
    throw new UsageError(`invalid --concurrency "${concurrencyText}": expected a whole number from 1 to 1024`);
  return {
    kind: 'check',
    targets,
    notes,
    targetsFile: text(v.targets),
    concurrency,
    format: formatOf(v),
    port: port === undefined ? undefined : flagValue('port', port),
    user: text(v.user),
    passwordStdin: flag(v['password-stdin'], false),
    mode,
    timeout: flagValue('timeout', text(v.timeout) ?? '5'),
    deadline: deadline === undefined ? undefined : flagValue('deadline', deadline),
    family: ipv4 ? 4 : ipv6 ? 6 : undefined,
    verbose: flag(v.verbose, false),
    color: flag(v.color, true),
    tls: flag(v.tls, false) || tlsStrict,
    tlsStrict,
    ca: text(v.ca),
    plainFallback: flag(v['plain-fallback'], true),
    report: text(v.report),
    sweep: text(v['sweep-pasv-range']),
    transferBytes: flagValue('transferBytes', text(v['transfer-bytes']) ?? '262144'),
    download: text(v.download),
    upload: flag(v.upload, false),
    audit: flag(v.audit, false),
    certWarnDays: flagValue('certWarnDays', text(v['cert-warn-days']) ?? '21'),
    expectFiles: expectFilesOf(v),
    maxSessions: maxSessions === undefined ? undefined : flagValue('maxSessions', maxSessions),
    ...vantageArgs(targets, v),
  };
}

/** --expect-file (repeatable), each with the one --max-age and --min-size, checked now. */
function expectFilesOf(v: RawValues): ExpectFileOption[] {
  const maxAge = text(v['max-age']);
  const minSize = text(v['min-size']);
  const paths = texts(v['expect-file']);
  if (paths.length === 0 && (maxAge !== undefined || minSize !== undefined))
    throw new UsageError('--max-age and --min-size apply to --expect-file: name the file');
  const files = paths.map((path) => ({ path, maxAge, minSize }));
  fileExpectations(files);
  return files;
}

/** --from, --me and --module, and what they exclude. */
function vantageArgs(targets: string[], v: RawValues): Pick<CheckArgs, 'from' | 'me' | 'module'> {
  const from = texts(v.from);
  const me = flag(v.me, false);
  const module = text(v.module);
  if (from.length === 0) {
    if (me) throw new UsageError('--me needs --from URL: the agent that checks the address it sees you come from');
    if (module !== undefined) throw new UsageError('--module needs --from URL: it names a module of the agent');
    return { from, me, module };
  }
  if (new Set(from).size !== from.length) throw new UsageError('--from: each vantage once');
  if (me) {
    if (targets.length > 0 || text(v.targets) !== undefined)
      throw new UsageError('--me checks your own address as the agent sees it: give no target');
    if (from.includes('here')) throw new UsageError('--me is for agents: --from here cannot see your public address');
  } else if (targets.length !== 1 || text(v.targets) !== undefined) {
    throw new UsageError('--from checks one target from several vantages: give exactly one target');
  }
  return { from, me, module };
}
