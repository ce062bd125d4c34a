// The agent's configuration file: the exporter's (modules, allowTargets, concurrency; see
// exporter/config.ts), the agent's own limit on how many checks one caller may start a minute, and how
// long and how many of the web page's results are kept for their links.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type ExporterConfig, loadConfig } from '../exporter/config.js';
import type { Caps } from '../settings/check-schema.js';
import { UsageError } from '../settings/usage-error.js';

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
  /** Checks one caller address may start within any minute (API and web page; not /probe). */
  checksPerMinute: number;
  /** Hours a web page result stays reachable at /r/ID. */
  keepResultsHours: number;
  /** Web page results kept at most (the oldest dropped first); 0 keeps none and gives no links. */
  keepResultsCount: number;
}

export const DEFAULT_CHECKS_PER_MINUTE = 30;
export const DEFAULT_KEEP_RESULTS = { keepResultsHours: 24, keepResultsCount: 100 } as const;
/** A week, and a number whose reports (tens of KiB each) stay well within memory. */
const KEEP_LIMITS = { keepResultsHours: 168, keepResultsCount: 10_000 } as const;

const KNOWN = new Set(['modules', 'allowTargets', 'concurrency', 'checksPerMinute', ...Object.keys(KEEP_LIMITS)]);

export function loadAgentConfig(path: string | undefined): AgentConfig {
  if (path === undefined)
    return { ...DEFAULT_CONFIG, checksPerMinute: DEFAULT_CHECKS_PER_MINUTE, ...DEFAULT_KEEP_RESULTS };
  const base = loadConfig(path, AGENT_CAPS);
  // loadConfig has read the file and found a JSON object.
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!KNOWN.has(key))
      throw new UsageError(`--config ${path}: unknown setting "${key}" (known: ${[...KNOWN].join(', ')})`);
  const perMinute = raw.checksPerMinute ?? DEFAULT_CHECKS_PER_MINUTE;
  if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1)
    throw new UsageError(`--config ${path}: "checksPerMinute" must be a whole number above 0`);
  const hours = raw.keepResultsHours ?? DEFAULT_KEEP_RESULTS.keepResultsHours;
  if (typeof hours !== 'number' || !(hours > 0) || hours > KEEP_LIMITS.keepResultsHours)
    throw new UsageError(
      `--config ${path}: "keepResultsHours" must be a number above 0 and at most ${KEEP_LIMITS.keepResultsHours}`,
    );
  const count = raw.keepResultsCount ?? DEFAULT_KEEP_RESULTS.keepResultsCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > KEEP_LIMITS.keepResultsCount)
    throw new UsageError(
      `--config ${path}: "keepResultsCount" must be a whole number from 0 to ${KEEP_LIMITS.keepResultsCount}`,
    );
  return { ...base, checksPerMinute: perMinute, keepResultsHours: hours, keepResultsCount: count };
}
