// The exporter's configuration file (JSON): modules that set how a target is checked, an optional
// allow-list of targets, and the concurrency. Passwords come from environment variables the modules
// name, never from the file or a URL.
import { readFileSync } from 'node:fs';
import type { Mode } from '../model/settings.js';
import type { CheckOptions } from '../settings/settings.js';
import { type ExpectFileOption, fileExpectations } from '../settings/amounts.js';
import { UsageError } from '../settings/usage-error.js';
import { errorText } from '../model/errors.js';

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
  /** Patterns of "host:port" a probe may target, with * as a wildcard; absent: any target. */
  allowTargets?: string[];
  /** Probes running at once; more wait their turn. */
  concurrency: number;
}

export const DEFAULT_CONFIG: ExporterConfig = { modules: { default: {} }, concurrency: 16 };

const MODULE_KEYS = new Set([
  'mode',
  'timeout',
  'user',
  'passwordEnv',
  'tls',
  'tlsStrict',
  'plainFallback',
  'certWarnDays',
  'expectFiles',
]);

function parseModule(name: string, raw: unknown): Module {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`module "${name}" must be an object`);
  const entries = Object.entries(raw);
  for (const [key] of entries)
    if (!MODULE_KEYS.has(key))
      throw new UsageError(`module "${name}": unknown setting "${key}" (known: ${[...MODULE_KEYS].join(', ')})`);
  const m = Object.fromEntries(entries) as Record<string, unknown>;
  const mode = m.mode;
  if (mode !== undefined && mode !== 'passive' && mode !== 'active' && mode !== 'both')
    throw new UsageError(`module "${name}": mode must be passive, active or both`);
  const num = (k: string): number | undefined => {
    const v = m[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v > 0)) throw new UsageError(`module "${name}": ${k} must be a positive number`);
    return v;
  };
  const str = (k: string): string | undefined => {
    const v = m[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new UsageError(`module "${name}": ${k} must be a string`);
    return v;
  };
  const bool = (k: string): boolean | undefined => {
    const v = m[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw new UsageError(`module "${name}": ${k} must be true or false`);
    return v;
  };
  return {
    mode,
    timeout: num('timeout'),
    user: str('user'),
    passwordEnv: str('passwordEnv'),
    tls: bool('tls'),
    tlsStrict: bool('tlsStrict'),
    plainFallback: bool('plainFallback'),
    certWarnDays: wholeDays(name, m.certWarnDays),
    expectFiles: expectFiles(name, m.expectFiles),
  };
}

/** expectFiles: a list of { path, maxAge?, minSize? }, checked now so that a typo stops the start. */
function expectFiles(name: string, v: unknown): ExpectFileOption[] | undefined {
  if (v === undefined) return undefined;
  const files = Array.isArray(v) ? (v as unknown[]) : [];
  const ok = (f: unknown): f is ExpectFileOption =>
    typeof f === 'object' &&
    f !== null &&
    typeof (f as { path?: unknown }).path === 'string' &&
    Object.keys(f).every((k) => ['path', 'maxAge', 'minSize'].includes(k)) &&
    ['maxAge', 'minSize'].every((k) => ['undefined', 'string', 'number'].includes(typeof Reflect.get(f, k)));
  if (!Array.isArray(v) || !files.every(ok))
    throw new UsageError(`module "${name}": expectFiles must be a list of { "path", "maxAge", "minSize" }`);
  try {
    fileExpectations(files);
  } catch (err) {
    throw new UsageError(`module "${name}": expectFiles: ${errorText(err)}`);
  }
  return files;
}

/** certWarnDays: a whole number of days, 0 (never warn) up to ten years, as --cert-warn-days takes. */
function wholeDays(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 3650)
    throw new UsageError(`module "${name}": certWarnDays must be a whole number of days from 0 to 3650`);
  return v;
}

export function loadConfig(path: string | undefined): ExporterConfig {
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
  const concurrency = o.concurrency ?? DEFAULT_CONFIG.concurrency;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--config ${path}: "concurrency" must be a whole number above 0`);
  return {
    modules: Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, parseModule(name, m)])),
    allowTargets: allow,
    concurrency,
  };
}

/** "host:port" against patterns such as "*.example.com:21" or "127.0.0.1:*". */
export function allowed(hostPort: string, patterns: string[] | undefined): boolean {
  if (patterns === undefined) return true;
  return patterns.some((p) =>
    new RegExp(
      `^${p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^\\s]*')}$`,
      'i',
    ).test(hostPort),
  );
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
