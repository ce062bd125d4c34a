// The checks the agent runs for its callers (POST /api/check, the web page, the exporter's /probe):
// the request read strictly, the target vetted against the policy (policy.ts) on the addresses the
// check will actually connect to, the limits applied, and the report marked with the agent's vantage.
import { type PreparedCheck, prepareCheck } from '../check.js';
import { type Module, moduleNamed } from '../exporter/config.js';
import type { DnsObservation } from '../model/observations.js';
import type { Report } from '../model/report.js';
import { readCheckFields } from '../settings/check-schema.js';
import type { CheckOptions } from '../settings/check-options.js';
import { parseTarget, type Target } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { AGENT_CAPS, type AgentConfig } from './config.js';
import { callerKey, Gate, GateRefused, PerKey, RateLimit } from './limits.js';
import { refusal, type TargetPolicy } from './policy.js';
import { type AgentAnswer, type Caller, type CheckOutcome, jsonError, type CheckForCaller } from './route.js';

/** The fields of a check request, as POST /api/check takes them; anything else is refused. */
const REQUEST_FIELDS = [
  'target',
  'port',
  'mode',
  'tls',
  'tlsStrict',
  'user',
  'module',
  'timeout',
  'deadline',
  'sweepPasvRange',
  'transferBytes',
  'audit',
  'me',
] as const;

type CheckField = Exclude<(typeof REQUEST_FIELDS)[number], 'module' | 'me'>;

/** A request read: check options without a password, the module to take one from, and `me`. */
export interface CheckRequest {
  options: Pick<CheckOptions, CheckField>;
  module: string | undefined;
  me: boolean;
}

/** Seconds a caller refused for concurrency is told to wait: about one short check. */
const BUSY_RETRY_SECONDS = 5;

/** How many /probe requests may wait for each of the agent's check slots; more are answered 429. */
const QUEUE_PER_SLOT = 4;

/**
 * Reads a check request strictly: an object with known fields of the right types and ranges. A
 * UsageError names the field. With `me`, the target is the caller's own address.
 */
export function readCheckRequest(body: unknown, caller: Caller): CheckRequest {
  return readRequest(body, caller).request;
}

/** A check request read, and its target parsed (once: the check runs on this parse). */
function readRequest(body: unknown, caller: Caller): { request: CheckRequest; target: Target } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new UsageError('expected a JSON object with the check\'s options, e.g. {"target": "ftp.example.com"}');
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (name === 'password')
      throw new UsageError(
        'password: passwords are never sent to the agent; name a module of its config whose passwordEnv holds one',
      );
    if (!(REQUEST_FIELDS as readonly string[]).includes(name))
      throw new UsageError(`unknown field "${name}" (known: ${REQUEST_FIELDS.join(', ')})`);
  }
  const { module, me, ...rest } = fields;
  if (module !== undefined && typeof module !== 'string') throw new UsageError('invalid module: expected a string');
  if (me !== undefined && typeof me !== 'boolean') throw new UsageError('invalid me: expected true or false');
  if (me === true && rest.target !== undefined)
    throw new UsageError('target and me: give one (me checks the address the agent sees you come from)');
  const withTarget = me === true ? { ...rest, target: hostOf(caller.address) } : rest;
  if (withTarget.target === undefined)
    throw new UsageError('missing target: give a host name, an address or an ftp:// URL (or me: true)');
  // The schema's bounds, with the agent's caps on top.
  const options = readCheckFields(withTarget, AGENT_CAPS);
  const target = parseTarget(options.target);
  if (target.urlPassword !== undefined)
    throw new UsageError(
      'target: passwords are never sent to the agent, not in a URL either; name a module of its config whose passwordEnv holds one',
    );
  return { request: { options, module, me: me === true }, target };
}

/** An address as a target: IPv6 in brackets, so that a port may follow. */
const hostOf = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** The addresses a check will connect to: those the name resolved to, or the address itself. */
export function addressesOf(resolved: DnsObservation): string[] {
  switch (resolved.kind) {
    case 'literal':
      return [resolved.address];
    case 'resolved':
      return resolved.addresses.map((a) => a.address);
    case 'failed':
      return [];
  }
}

/** The agent's side of a report: its name and the local address of its control connection. */
function withVantage(report: Report, name: string): Report {
  const control = report.connections.find((c) => c.kind === 'control' && c.status === 'ok');
  return { ...report, vantage: { name, address: control?.from.address ?? null } };
}

export interface CheckServiceOptions {
  config: AgentConfig;
  policy: TargetPolicy;
  /** The vantage's name in reports. */
  name: string;
  env: NodeJS.ProcessEnv;
}

/** The checks of one agent: for the API (limited per caller, refused when busy) and for /probe (waits). */
export interface CheckService {
  /** The API's and the web page's check: the request read strictly, then rate, concurrency, policy. */
  checkForCaller: CheckForCaller;
  /**
   * The exporter's /probe: options a module built, the policy, a slot waited for in a bounded queue (no
   * rate limit); a `signal` that aborts while it waits takes it out of the queue.
   */
  probe(options: CheckOptions, module: Module, target: Target, signal?: AbortSignal): Promise<CheckOutcome>;
  /** Checks running now. */
  running(): number;
  /** /probe checks waiting for a slot now. */
  waiting(): number;
}

export function checkService({ config, policy, name, env }: CheckServiceOptions): CheckService {
  const rate = new RateLimit(config.checksPerMinute);
  const gate = new Gate(config.concurrency, config.concurrency * QUEUE_PER_SLOT);
  const perCaller = new PerKey(config.checksPerCaller);

  /** A module's defaults under the request's own choices; its password only from its passwordEnv. */
  const optionsFor = (request: CheckRequest): { options: CheckOptions; module: Module | undefined } => {
    const moduleName = request.module ?? (moduleNamed(config.modules, 'default') ? 'default' : undefined);
    const module = moduleName === undefined ? undefined : moduleNamed(config.modules, moduleName);
    if (moduleName !== undefined && !module)
      throw new UsageError(
        `unknown module "${moduleName}" (known: ${Object.keys(config.modules).join(', ') || 'none'})`,
      );
    const { options } = request;
    if (module?.passwordEnv !== undefined && options.user !== undefined && options.user !== module.user)
      throw new UsageError(
        `user: module "${moduleName ?? ''}" holds a password for its own user; leave user out of the request`,
      );
    return {
      module,
      options: {
        mode: module?.mode,
        timeout: module?.timeout,
        user: module?.user,
        tls: module?.tls,
        tlsStrict: module?.tlsStrict,
        plainFallback: module?.plainFallback,
        certWarnDays: module?.certWarnDays,
        ...options,
        target: options.target,
        password: module?.passwordEnv === undefined ? undefined : env[module.passwordEnv],
      },
    };
  };

  /** Resolves once, vets every address, then checks exactly those addresses; `target` is options.target parsed. */
  const vetAndRun = async (
    options: CheckOptions,
    module: Module | undefined,
    target: Target,
    signal: AbortSignal | undefined,
  ): Promise<CheckOutcome> => {
    let prepared: PreparedCheck;
    try {
      prepared = await prepareCheck(options, target);
    } catch (err) {
      if (err instanceof UsageError) return refused(jsonError(400, err.message));
      throw err;
    }
    const { host, port, resolved } = prepared;
    const sendsPassword = module?.passwordEnv !== undefined;
    const why = refusal(policy, { host, port, addresses: addressesOf(resolved), sendsPassword });
    if (why !== undefined) return refused(jsonError(403, why));
    if (signal?.aborted) return refused(gone);
    return { kind: 'report', report: withVantage(await prepared.run(signal), name) };
  };

  const checkForCaller: CheckForCaller = async (body, caller, signal) => {
    let read: ReturnType<typeof readRequest>;
    let built: ReturnType<typeof optionsFor>;
    try {
      read = readRequest(body, caller);
      built = optionsFor(read.request);
    } catch (err) {
      if (err instanceof UsageError) return refused(jsonError(400, err.message));
      throw err;
    }
    const release = gate.tryEnter();
    if (!release)
      return refused(
        jsonError(429, `the agent is running ${gate.limit} checks, its limit; try again shortly`, {
          'retry-after': String(BUSY_RETRY_SECONDS),
        }),
      );
    const key = callerKey(caller.address, config.ipv6CallerPrefix);
    const own = perCaller.take(key);
    try {
      if (!own)
        return refused(
          jsonError(429, `at most ${perCaller.limit} checks at once from ${key}; try again when one has ended`, {
            'retry-after': String(BUSY_RETRY_SECONDS),
          }),
        );
      const wait = rate.take(key);
      if (wait !== undefined)
        return refused(
          jsonError(429, `rate limit: at most ${rate.limit} checks a minute from ${key}; try again in ${wait} s`, {
            'retry-after': String(wait),
          }),
        );
      return await vetAndRun(built.options, built.module, read.target, signal);
    } finally {
      own?.();
      release();
    }
  };

  const probe = async (
    options: CheckOptions,
    module: Module,
    target: Target,
    signal?: AbortSignal,
  ): Promise<CheckOutcome> => {
    let release: () => void;
    try {
      release = await gate.enter(signal);
    } catch (err) {
      if (!(err instanceof GateRefused)) throw err;
      if (err.reason === 'abandoned') return refused(gone);
      return refused(
        jsonError(
          429,
          `the agent is running ${gate.limit} checks and ${gate.maxWaiting} more wait, its limit; try again shortly`,
          { 'retry-after': String(BUSY_RETRY_SECONDS) },
        ),
      );
    }
    try {
      return await vetAndRun(options, module, target, signal);
    } finally {
      release();
    }
  };

  return { checkForCaller, probe, running: () => gate.running, waiting: () => gate.waiting };
}

const refused = (answer: AgentAnswer): CheckOutcome => ({ kind: 'refused', answer });

/**
 * The answer for a caller that has gone (nobody reads it; the request log shows the status). 499 is
 * the status proxies log for "client closed request".
 */
const gone: AgentAnswer = jsonError(499, 'the caller left before its check ran');
