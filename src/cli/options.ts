// Turns parsed arguments into the settings of one check: target, credentials, timeouts.
import { PASS_GRACE_MS } from '../probes/context.js';
import { ANONYMOUS_PASSWORD, type CheckSettings } from '../probes/pipeline.js';
import type { CheckArgs } from './args.js';
import { SWEEP_CONCURRENCY, SWEEP_CONNECT_MS, SWEEP_MAX_PORTS, type SweepRequest } from '../probes/sweep.js';
import { parsePort, parseTarget } from './target.js';
import { UsageError } from './usage-error.js';

export const MAX_DATA_BYTES = 1024 * 1024;

export interface Secrets {
  /** FTPCHECK_PASSWORD from the environment. */
  envPassword: string | undefined;
  /** What --password-stdin read. */
  stdinPassword: string | undefined;
  /** The contents of the --ca file. */
  caPem: string | undefined;
}

export function checkSettings(args: CheckArgs, secrets: Secrets, warn: (line: string) => void): CheckSettings & { input: string } {
  const target = parseTarget(args.target);
  if (args.port !== undefined && target.port !== 21 && target.port !== args.port) {
    throw new UsageError(`port given twice: ${target.port} in the target and ${args.port} with --port`);
  }
  const port = args.port ?? target.port;
  if (args.user !== undefined && target.user !== undefined && args.user !== target.user) {
    throw new UsageError(`user given twice: "${target.user}" in the URL and "${args.user}" with --user`);
  }
  const user = args.user ?? target.user ?? 'anonymous';
  if (/[\r\n\0]/.test(user) || user === '') throw new UsageError('invalid user name: it must not be empty or contain line breaks');
  if (target.urlPassword !== undefined) {
    warn('warning: a password in the URL is visible to other users of this machine (in the process list); use FTPCHECK_PASSWORD or --password-stdin');
  }
  const anonymous = user === 'anonymous' || user === 'ftp';
  const password = secrets.stdinPassword ?? secrets.envPassword ?? target.urlPassword ?? (anonymous ? ANONYMOUS_PASSWORD : undefined);
  if (password === undefined) warn(`warning: no password for ${user}: set FTPCHECK_PASSWORD or use --password-stdin; trying an empty one`);
  if (password !== undefined && /[\r\n\0]/.test(password)) throw new UsageError('invalid password: it must not contain line breaks');
  const timeoutMs = Math.round(args.timeout * 1000);
  const sweep = args.sweep === undefined ? undefined : parseSweep(args.sweep);
  const sweepMs = sweep === undefined ? 0 : sweepBudgetMs(sweep, timeoutMs);
  const deadlineMs = args.deadline === undefined ? timeoutMs * 6 + PASS_GRACE_MS + sweepMs : Math.round(args.deadline * 1000);
  if (deadlineMs < timeoutMs) throw new UsageError('--deadline must not be shorter than --timeout');
  const tlsMode = target.tls ?? (args.tls ? 'explicit' : undefined);
  if (args.ca !== undefined && tlsMode === undefined) throw new UsageError('--ca needs TLS: add --tls, or use an ftps:// target');
  return {
    input: target.input + (args.port !== undefined && target.port !== args.port ? ` (port ${args.port})` : ''),
    host: target.host,
    port,
    credentials: { user, password: password ?? '' },
    mode: args.mode,
    timeoutMs,
    deadlineMs,
    family: args.family,
    maxDataBytes: MAX_DATA_BYTES,
    tls: tlsMode === undefined ? undefined : { mode: tlsMode, strict: args.tlsStrict, ca: secrets.caPem },
    plainFallback: args.plainFallback,
    sweep,
  };
}

function parseSweep(text: string): SweepRequest {
  if (text === 'auto') return { kind: 'auto' };
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (!m?.[1] || !m[2]) throw new UsageError(`invalid --sweep-pasv-range "${text}": write MIN-MAX (e.g. 50000-50100) or auto`);
  const min = parsePort(m[1], 'passive port');
  const max = parsePort(m[2], 'passive port');
  if (max < min) throw new UsageError(`invalid --sweep-pasv-range "${text}": the first port must not be larger than the second`);
  if (max - min + 1 > SWEEP_MAX_PORTS) throw new UsageError(`--sweep-pasv-range ${text} has ${max - min + 1} ports; at most ${SWEEP_MAX_PORTS} are swept in one run`);
  return { kind: 'range', min, max };
}

/** The time a sweep may need on top of the check: rounds of parallel attempts, each one wait long. */
function sweepBudgetMs(sweep: SweepRequest, timeoutMs: number): number {
  const ports = sweep.kind === 'range' ? sweep.max - sweep.min + 1 : SWEEP_MAX_PORTS;
  return Math.ceil(ports / SWEEP_CONCURRENCY) * Math.min(timeoutMs, SWEEP_CONNECT_MS) + timeoutMs * 3;
}
