// The exporter's configuration file (JSON): modules that set how a target is checked, an optional
// allow-list of targets, and the concurrency. Passwords come from environment variables the modules
// name, never from the file or a URL. A module's check settings are read through the one schema of a
// check's options (settings/check-schema.ts), with a service's caps when it has any.
import { readFileSync } from 'node:fs';
import type { Mode } from '../model/settings.js';
import { type Caps, type CheckField, readField } from '../settings/check-schema.js';
import type { CheckOptions } from '../settings/check-options.js';
import type { ExpectFileOption } from '../settings/amounts.js';
import { UsageError } from '../settings/usage-error.js';
import { errorText } from '../model/errors.js';
import { parseTargetPatterns } from '../settings/target-patterns.js';

export interface Module {
  mode?: Mode;
  /** Seconds for each network wait. */
  timeout?: number;
  user?: string;
  /** Name of the environment variable holding the password. */
  passwordEnv?: string;
  tls?: boolean;
  tlsStrict?: boolean;
  plainFallback?: boolean;
  /** Warn when the server's certificate ends within this many days (default 21). */
  certWarnDays?: number;
  /** Files that must be on the server: `{ path, maxAge: "26h", minSize: "10k" }`, as --expect-file takes. */
  expectFiles?: ExpectFileOption[];
}

export interface ExporterConfig {
  modules: Record<string, Module>;
  /**
   * Patterns of "host:port" (settings/target-patterns.ts): the exporter probes only the targets they name, and
   * both the exporter and the agent lift the address rules only for addresses an address pattern names.
   */
  allowTargets?: string[];
  /** Probes running at once; more wait their turn. */
  concurrency: number;
}

export const DEFAULT_CONFIG: ExporterConfig = { modules: { default: {} }, concurrency: 16 };

/** The check options a module may set; passwordEnv is the module's own (the name of a variable). */
const MODULE_FIELDS = [
  'mode',
  'timeout',
  'user',
  'tls',
  'tlsStrict',
  'plainFallback',
  'certWarnDays',
  'expectFiles',
] as const satisfies readonly CheckField[];
const MODULE_KEYS = [...MODULE_FIELDS, 'passwordEnv'];

function parseModule(name: string, raw: unknown, caps: Caps | undefined): Module {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`module "${name}" must be an object`);
  const m = Object.fromEntries(Object.entries(raw)) as Record<string, unknown>;
  for (const key of Object.keys(m))
    if (!MODULE_KEYS.includes(key))
      throw new UsageError(`module "${name}": unknown setting "${key}" (known: ${MODULE_KEYS.join(', ')})`);
  const value = <F extends (typeof MODULE_FIELDS)[number]>(field: F): NonNullable<CheckOptions[F]> | undefined =>
    m[field] === undefined ? undefined : readField(field, m[field], field, caps);
  try {
    if (m.passwordEnv !== undefined && typeof m.passwordEnv !== 'string')
      throw new UsageError(`invalid passwordEnv: expected the name of an environment variable (a string)`);
    return {
      mode: value('mode'),
      timeout: value('timeout'),
      user: value('user'),
      passwordEnv: m.passwordEnv,
      tls: value('tls'),
      tlsStrict: value('tlsStrict'),
      plainFallback: value('plainFallback'),
      certWarnDays: value('certWarnDays'),
      expectFiles: value('expectFiles'),
    };
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`module "${name}": ${err.message}`) : err;
  }
}

export function loadConfig(path: string | undefined, caps?: Caps): ExporterConfig {
  if (path === undefined) return DEFAULT_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `--config ${path}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : errorText(err)}`,
    );
  }
  if (typeof raw !== 'object' || raw === null) throw new UsageError(`--config ${path}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  const modules = o.modules ?? { default: {} };
  if (typeof modules !== 'object' || Array.isArray(modules))
    throw new UsageError(`--config ${path}: "modules" must be an object of named modules`);
  const allow = o.allowTargets;
  if (allow !== undefined && (!Array.isArray(allow) || !allow.every((p) => typeof p === 'string')))
    throw new UsageError(`--config ${path}: "allowTargets" must be a list of "host:port" patterns`);
  try {
    if (allow !== undefined) parseTargetPatterns(allow);
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`--config ${path}: ${err.message}`) : err;
  }
  const concurrency = o.concurrency ?? DEFAULT_CONFIG.concurrency;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--config ${path}: "concurrency" must be a whole number above 0`);
  return {
    modules: Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, parseModule(name, m, caps)])),
    allowTargets: allow,
    concurrency,
  };
}

/**
 * The module of this name: an own property of the config's modules only, so that a name such as
 * "__proto__", "constructor" or "toString" is an unknown module, not something every object inherits.
 */
export function moduleNamed(modules: Record<string, Module>, name: string): Module | undefined {
  return Object.hasOwn(modules, name) ? modules[name] : undefined;
}

/** A module's settings as check options for one target; the password is read from the environment now. */
export function moduleOptions(module: Module, target: string, env: NodeJS.ProcessEnv): CheckOptions {
  return {
    target,
    mode: module.mode,
    timeout: module.timeout,
    user: module.user,
    password: module.passwordEnv === undefined ? undefined : env[module.passwordEnv],
    tls: module.tls,
    tlsStrict: module.tlsStrict,
    plainFallback: module.plainFallback,
    certWarnDays: module.certWarnDays,
    expectFiles: module.expectFiles,
  };
}
