// What a caller asks for (the library's CheckOptions, which the CLI builds from its arguments) turned
// into the settings of one check: target, credentials, timeouts. Mistakes are UsageErrors.
import {
  ANONYMOUS_PASSWORD,
  type BulkRequest,
  DEFAULT_BULK_BYTES,
  DEFAULT_CERT_WARN_DAYS,
  type CheckSettings,
  PASS_GRACE_MS,
  SWEEP_CONCURRENCY,
  SWEEP_CONNECT_MS,
  SWEEP_MAX_PORTS,
  type SweepRequest,
} from '../model/settings.js';
import { fileExpectations } from './amounts.js';
import type { CheckOptions } from './check-options.js';
import { parsePortRange, parseTarget, type Target } from './target.js';
import { UsageError } from './usage-error.js';

export const MAX_DATA_BYTES = 1024 * 1024;

/** The warnings of a caller that gave no onWarning. */
function unheard(): void {
  // Deliberately nothing: the caller did not ask to hear them.
}

/** The settings of one check, and the target as written: what the check connects to, and how it reads. */
export type TargetSettings = CheckSettings & { input: string };

export function checkSettings(options: CheckOptions): TargetSettings {
  return settingsForTarget(parseTarget(options.target), options);
}

/**
 * The settings of one check whose target is parsed already: an entrance that needs the target before
 * the check (the command line, for its deadline and its warnings) parses it once and passes it here.
 */
export function settingsForTarget(target: Target, options: Omit<CheckOptions, 'target'>): TargetSettings {
  const warn = options.onWarning ?? unheard;
  // Each field's type and bounds were checked by the schema (check-schema.ts) at the entrance; here
  // only what depends on more than one field.
  const timeout = options.timeout ?? 5;
  if (options.port !== undefined && target.portGiven && target.port !== options.port) {
    throw new UsageError(`port given twice: ${target.port} in the target and ${options.port} with --port`);
  }
  const port = options.port ?? target.port;
  if (options.user !== undefined && target.user !== undefined && options.user !== target.user) {
    throw new UsageError(`user given twice: "${target.user}" in the URL and "${options.user}" with --user`);
  }
  const user = options.user ?? target.user ?? 'anonymous';
  if (/\p{Cc}/u.test(user) || user === '')
    throw new UsageError('invalid user name: it must not be empty or contain line breaks or other control characters');
  if (target.urlPassword !== undefined) {
    warn(
      'warning: a password in the URL is visible to other users of this machine (in the process list); use FTPCHECK_PASSWORD or --password-stdin',
    );
  }
  const anonymous = user === 'anonymous' || user === 'ftp';
  const password = options.password ?? target.urlPassword ?? (anonymous ? ANONYMOUS_PASSWORD : undefined);
  if (password === undefined)
    warn(`warning: no password for ${user}: set FTPCHECK_PASSWORD or use --password-stdin; trying an empty one`);
  if (password !== undefined && /[\r\n\0]/.test(password))
    throw new UsageError('invalid password: it must not contain line breaks');
  const timeoutMs = Math.round(timeout * 1000);
  const sweep = options.sweepPasvRange === undefined ? undefined : parseSweep(options.sweepPasvRange);
  const sweepMs = sweep === undefined ? 0 : sweepBudgetMs(sweep, timeoutMs);
  const deadlineMs =
    options.deadline === undefined ? timeoutMs * 6 + PASS_GRACE_MS + sweepMs : Math.round(options.deadline * 1000);
  if (deadlineMs < timeoutMs) throw new UsageError('--deadline must not be shorter than --timeout');
  const tlsMode = target.tls ?? (options.tls || options.tlsStrict ? 'explicit' : undefined);
  if (options.ca !== undefined && tlsMode === undefined)
    throw new UsageError('--ca needs TLS: add --tls, or use an ftps:// target');
  return {
    input: target.input + (options.port !== undefined && target.port !== options.port ? ` (port ${options.port})` : ''),
    host: target.host,
    port,
    credentials: { user, password: password ?? '' },
    mode: options.mode ?? 'both',
    timeoutMs,
    deadlineMs,
    family: options.family,
    maxDataBytes: MAX_DATA_BYTES,
    tls: tlsMode === undefined ? undefined : { mode: tlsMode, strict: options.tlsStrict ?? false, ca: options.ca },
    plainFallback: options.plainFallback ?? true,
    sweep,
    // The password the caller gave (not the anonymous default) is a secret, wherever it turns up.
    secrets: [options.password ?? target.urlPassword].filter((s): s is string => s !== undefined && s !== ''),
    bulk: bulkRequest(options.transferBytes, options.download),
    upload: options.upload ?? false,
    audit: options.audit ?? false,
    certWarnDays: options.certWarnDays ?? DEFAULT_CERT_WARN_DAYS,
    expectFiles: fileExpectations(options.expectFiles),
    maxSessions: options.maxSessions,
  };
}

function parseSweep(text: string): SweepRequest {
  if (text === 'auto') return { kind: 'auto' };
  const { min, max } = parsePortRange(text, '--sweep-pasv-range (or auto)');
  if (max - min + 1 > SWEEP_MAX_PORTS)
    throw new UsageError(
      `--sweep-pasv-range ${text} has ${max - min + 1} ports; at most ${SWEEP_MAX_PORTS} are swept in one run`,
    );
  return { kind: 'range', min, max };
}

/** The time a sweep may need on top of the check: rounds of parallel attempts, each one wait long. */
function sweepBudgetMs(sweep: SweepRequest, timeoutMs: number): number {
  const ports = sweep.kind === 'range' ? sweep.max - sweep.min + 1 : SWEEP_MAX_PORTS;
  return Math.ceil(ports / SWEEP_CONCURRENCY) * Math.min(timeoutMs, SWEEP_CONNECT_MS) + timeoutMs * 3;
}

/** The bulk sample asked for: none with 0 bytes; --download without bytes takes the default size. */
function bulkRequest(bytes: number | undefined, path: string | undefined): BulkRequest | undefined {
  if (path !== undefined && (path === '' || /[\r\n\0]/.test(path)))
    throw new UsageError('invalid --download path: it must not be empty or contain line breaks');
  if (bytes === 0) {
    if (path !== undefined) throw new UsageError('--download needs a sample size above 0 (--transfer-bytes)');
    return undefined;
  }
  return { bytes: bytes ?? DEFAULT_BULK_BYTES, path };
}
