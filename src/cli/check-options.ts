// The options of a check, declared once: yargs builds its parser and help from this table, and the
// fast path (fast-args.ts) parses the common case with node:util without loading yargs.
import type { Mode } from '../model/settings.js';
import { parsePort } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { MAX_TRANSFER_BYTES } from '../settings/options.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  alias?: string;
  default?: string | boolean;
  choices?: readonly string[];
  describe: string;
}

export const CHECK_OPTIONS = {
  port: { type: 'string', alias: 'p', describe: 'control port (default 21)' },
  user: { type: 'string', alias: 'u', describe: 'user name (default anonymous)' },
  'password-stdin': { type: 'boolean', default: false, describe: 'read the password from standard input' },
  mode: {
    type: 'string',
    alias: 'm',
    choices: ['passive', 'active', 'both'],
    default: 'both',
    describe: 'data connection modes to test',
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

/** A whole number from 0 to `max`, as typed after --NAME. */
function wholeNumber(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max)
    throw new UsageError(`invalid --${name} "${value}": expected a whole number from 0 to ${max}`);
  return n;
}

/** One run of checks, as both parsers produce it. */
export interface CheckArgs {
  kind: 'check';
  /** Targets on the command line; more may come from `targetsFile`. */
  targets: string[];
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

function seconds(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new UsageError(`invalid --${what} "${value}": expected seconds, more than 0 and at most 3600`);
  return n;
}

function formatOf(v: RawValues): Format {
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
export function toCheckArgs(targets: string[], v: RawValues): CheckArgs {
  const mode = text(v.mode) ?? 'both';
  if (mode !== 'passive' && mode !== 'active' && mode !== 'both')
    throw new UsageError(`invalid --mode "${mode}": choose passive, active or both`);
  const ipv4 = flag(v.ipv4, false);
  const ipv6 = flag(v.ipv6, false);
  if (ipv4 && ipv6) throw new UsageError('-4 and -6 exclude each other');
  const port = text(v.port);
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
    targetsFile: text(v.targets),
    concurrency,
    format: formatOf(v),
    port: port === undefined ? undefined : parsePort(port),
    user: text(v.user),
    passwordStdin: flag(v['password-stdin'], false),
    mode,
    timeout: seconds(text(v.timeout) ?? '5', 'timeout'),
    deadline: deadline === undefined ? undefined : seconds(deadline, 'deadline'),
    family: ipv4 ? 4 : ipv6 ? 6 : undefined,
    verbose: flag(v.verbose, false),
    color: flag(v.color, true),
    tls: flag(v.tls, false) || tlsStrict,
    tlsStrict,
    ca: text(v.ca),
    plainFallback: flag(v['plain-fallback'], true),
    report: text(v.report),
    sweep: text(v['sweep-pasv-range']),
    transferBytes: wholeNumber(text(v['transfer-bytes']) ?? '262144', 'transfer-bytes', MAX_TRANSFER_BYTES),
    download: text(v.download),
    upload: flag(v.upload, false),
    audit: flag(v.audit, false),
    certWarnDays: wholeNumber(text(v['cert-warn-days']) ?? '21', 'cert-warn-days', 3650),
    maxSessions: maxSessions === undefined ? undefined : Math.max(1, wholeNumber(maxSessions, 'max-sessions', 8)),
    ...vantageArgs(targets, v),
  };
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
