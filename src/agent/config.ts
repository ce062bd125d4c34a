// The agent's configuration file: the exporter's (modules, allowTargets, concurrency; see
// exporter/config.ts), the agent's own limits on what one caller may do, and how long and how many of
// the web page's results are kept for their links.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type ExporterConfig, loadConfig } from '../exporter/config.js';
import type { Caps } from '../settings/check-schema.js';
import { UsageError } from '../settings/usage-error.js';
import { DEFAULT_IPV6_PREFIX } from './limits.js';

/**
 * What a check on the agent may ask for, beyond what the library allows: a check holds one of the
 * agent's few slots for as long as it runs, and its bulk sample is the agent's bandwidth, so neither a
 * request nor a module can make it run for an hour or download 64 MiB.
 */
export const AGENT_CAPS: Caps = {
  limits: { timeout: 30, deadline: 300, transferBytes: 4 * 1024 * 1024 },
  where: 'on an agent',
};

export interface AgentConfig extends ExporterConfig {
  /** Checks one caller may start within any minute (API and web page; not /probe). */
  checksPerMinute: number;
  /** Checks one caller may have running at once (API and web page; not /probe). */
  checksPerCaller: number;
  /** Open connections one address may hold; more are closed as they arrive (trusted proxies excepted). */
  connectionsPerAddress: number;
  /** How many leading bits of an IPv6 address make one caller for the limits (64: a host's usual share). */
  ipv6CallerPrefix: number;
  /** Hours a web page result stays reachable at /r/ID. */
  keepResultsHours: number;
  /** Web page results kept at most (the oldest dropped first); 0 keeps none and gives no links. */
  keepResultsCount: number;
}

export const DEFAULT_CHECKS_PER_MINUTE = 30;
export const DEFAULT_KEEP_RESULTS = { keepResultsHours: 24, keepResultsCount: 100 } as const;
/** A week, and a number whose reports (tens of KiB each) stay well within memory. */
const KEEP_LIMITS = { keepResultsHours: 168, keepResultsCount: 10_000 } as const;

/** The agent's defaults for its own limits. */
export const AGENT_LIMITS = {
  checksPerMinute: DEFAULT_CHECKS_PER_MINUTE,
  checksPerCaller: 4,
  connectionsPerAddress: 64,
  ipv6CallerPrefix: DEFAULT_IPV6_PREFIX,
} as const;

/** The settings that are whole numbers: their defaults and bounds. */
const WHOLE = {
  ...AGENT_LIMITS,
  keepResultsCount: DEFAULT_KEEP_RESULTS.keepResultsCount,
} as const;
const BOUNDS: Record<keyof typeof WHOLE, { min: number; max: number }> = {
  checksPerMinute: { min: 1, max: 100_000 },
  checksPerCaller: { min: 1, max: 1024 },
  connectionsPerAddress: { min: 1, max: 65_535 },
  ipv6CallerPrefix: { min: 32, max: 128 },
  keepResultsCount: { min: 0, max: KEEP_LIMITS.keepResultsCount },
};

const KNOWN = new Set([
  'modules',
  'allowTargets',
  'concurrency',
  ...Object.keys(AGENT_LIMITS),
  ...Object.keys(KEEP_LIMITS),
]);

export function loadAgentConfig(path: string | undefined): AgentConfig {
  if (path === undefined) return { ...DEFAULT_CONFIG, ...AGENT_LIMITS, ...DEFAULT_KEEP_RESULTS };
  const base = loadConfig(path, AGENT_CAPS);
  // loadConfig has read the file and found a JSON object.
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!KNOWN.has(key))
      throw new UsageError(`--config ${path}: unknown setting "${key}" (known: ${[...KNOWN].join(', ')})`);
  const limit = (key: keyof typeof WHOLE): number => {
    const value = raw[key] ?? WHOLE[key];
    const { min, max } = BOUNDS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new UsageError(`--config ${path}: "${key}" must be a whole number from ${min} to ${max}`);
    return value;
  };
  const hours = raw.keepResultsHours ?? DEFAULT_KEEP_RESULTS.keepResultsHours;
  if (typeof hours !== 'number' || !(hours > 0) || hours > KEEP_LIMITS.keepResultsHours)
    throw new UsageError(
      `--config ${path}: "keepResultsHours" must be a number above 0 and at most ${KEEP_LIMITS.keepResultsHours}`,
    );
  const count = limit('keepResultsCount');
  return {
    ...base,
    checksPerMinute: limit('checksPerMinute'),
    checksPerCaller: limit('checksPerCaller'),
    connectionsPerAddress: limit('connectionsPerAddress'),
    ipv6CallerPrefix: limit('ipv6CallerPrefix'),
    keepResultsHours: hours,
    keepResultsCount: count,
  };
}
