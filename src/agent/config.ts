// The agent's configuration file: the exporter's (modules, allowTargets, concurrency; see
// exporter/config.ts) and the agent's own limits on what one caller may do.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type ExporterConfig, loadConfig } from '../exporter/config.js';
import { UsageError } from '../settings/usage-error.js';
import { DEFAULT_IPV6_PREFIX } from './limits.js';

export interface AgentConfig extends ExporterConfig {
  /** Checks one caller may start within any minute (API and web page; not /probe). */
  checksPerMinute: number;
  /** Checks one caller may have running at once (API and web page; not /probe). */
  checksPerCaller: number;
  /** Open connections one address may hold; more are closed as they arrive (trusted proxies excepted). */
  connectionsPerAddress: number;
  /** How many leading bits of an IPv6 address make one caller for the limits (64: a host's usual share). */
  ipv6CallerPrefix: number;
}

export const DEFAULT_CHECKS_PER_MINUTE = 30;

/** The agent's defaults for its own limits. */
export const AGENT_LIMITS = {
  checksPerMinute: DEFAULT_CHECKS_PER_MINUTE,
  checksPerCaller: 4,
  connectionsPerAddress: 64,
  ipv6CallerPrefix: DEFAULT_IPV6_PREFIX,
} as const;

const BOUNDS: Record<keyof typeof AGENT_LIMITS, { min: number; max: number }> = {
  checksPerMinute: { min: 1, max: 100_000 },
  checksPerCaller: { min: 1, max: 1024 },
  connectionsPerAddress: { min: 1, max: 65_535 },
  ipv6CallerPrefix: { min: 32, max: 128 },
};

const KNOWN = new Set(['modules', 'allowTargets', 'concurrency', ...Object.keys(AGENT_LIMITS)]);

export function loadAgentConfig(path: string | undefined): AgentConfig {
  if (path === undefined) return { ...DEFAULT_CONFIG, ...AGENT_LIMITS };
  const base = loadConfig(path);
  // loadConfig has read the file and found a JSON object.
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!KNOWN.has(key))
      throw new UsageError(`--config ${path}: unknown setting "${key}" (known: ${[...KNOWN].join(', ')})`);
  const limit = (key: keyof typeof AGENT_LIMITS): number => {
    const value = raw[key] ?? AGENT_LIMITS[key];
    const { min, max } = BOUNDS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new UsageError(`--config ${path}: "${key}" must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    ...base,
    checksPerMinute: limit('checksPerMinute'),
    checksPerCaller: limit('checksPerCaller'),
    connectionsPerAddress: limit('connectionsPerAddress'),
    ipv6CallerPrefix: limit('ipv6CallerPrefix'),
  };
}
