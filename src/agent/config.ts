// The agent's configuration file: the exporter's (modules, allowTargets, concurrency; see
// exporter/config.ts) and the agent's own limit on how many checks one caller may start a minute.
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
}

export const DEFAULT_CHECKS_PER_MINUTE = 30;

const KNOWN = new Set(['modules', 'allowTargets', 'concurrency', 'checksPerMinute']);

export function loadAgentConfig(path: string | undefined): AgentConfig {
  if (path === undefined) return { ...DEFAULT_CONFIG, checksPerMinute: DEFAULT_CHECKS_PER_MINUTE };
  const base = loadConfig(path, AGENT_CAPS);
  // loadConfig has read the file and found a JSON object.
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!KNOWN.has(key))
      throw new UsageError(`--config ${path}: unknown setting "${key}" (known: ${[...KNOWN].join(', ')})`);
  const perMinute = raw.checksPerMinute ?? DEFAULT_CHECKS_PER_MINUTE;
  if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1)
    throw new UsageError(`--config ${path}: "checksPerMinute" must be a whole number above 0`);
  return { ...base, checksPerMinute: perMinute };
}
