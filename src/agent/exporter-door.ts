// `ftpcheck exporter` as the agent's server sees it (server.ts, kind "exporter"): the exporter's routes
// only (/, /probe, /metrics), its own token variable, and the agent's target policy with one addition:
// with allowTargets, only the targets it names. Beyond loopback the address rules hold either way,
// lifted only by allowTargets' address patterns, and a module's password goes only where they allow.
import type { ExporterConfig } from '../exporter/config.js';
import { type Answer, exporterRoutes, type ProbeCheck, text } from '../exporter/routes.js';
import { EXPORTER_TOKEN_ENV } from './auth.js';
import type { CheckService } from './checks.js';
import { AGENT_LIMITS, type AgentConfig, DEFAULT_KEEP_RESULTS } from './config.js';
import { parseTargetPatterns } from '../settings/target-patterns.js';
import type { AddressBook, TargetPolicy } from './policy.js';
import type { AgentAnswer, Route } from './route.js';

/** How many probes one Prometheus may have open at once: all it can have running or waiting, at least 64. */
const connectionsFor = (config: ExporterConfig): number => Math.max(64, config.concurrency * 5);

/** The exporter's configuration as the agent's: its own limits are the agent's defaults. */
export const exporterAsAgentConfig = (config: ExporterConfig): AgentConfig => ({
  ...AGENT_LIMITS,
  ...config,
  connectionsPerAddress: connectionsFor(config),
  // It has no web page, so no results to keep.
  keepResultsHours: DEFAULT_KEEP_RESULTS.keepResultsHours,
  keepResultsCount: 0,
});

/** The exporter's target policy: the agent's, and with allowTargets only the targets it names. */
export const exporterPolicy = (config: ExporterConfig, beyondLoopback: boolean, own: AddressBook): TargetPolicy => ({
  enforced: beyondLoopback,
  allowTargets: config.allowTargets && parseTargetPatterns(config.allowTargets),
  onlyAllowTargets: config.allowTargets !== undefined,
  own,
});

const asAnswer = ({ status, body, type }: Answer): AgentAnswer => ({ status, body, type });

/** The exporter's /probe check run by the agent's check service (its limits and target policy). */
export const probeThrough =
  (service: CheckService): ProbeCheck =>
  async (options, { module, target, signal }) => {
    const outcome = await service.probe(options, module, target, signal);
    if (outcome.kind === 'report') return { report: outcome.report };
    const { status, body, type } = outcome.answer;
    return { refused: { status, body: body.toString(), type } };
  };

export function exporterDoorRoutes(config: ExporterConfig, env: NodeJS.ProcessEnv, service: CheckService): Route[] {
  const { probe, metrics, moduleNames } = exporterRoutes(config, env, probeThrough(service));
  const help = [
    'ftpcheck exporter',
    '',
    `GET /probe?target=HOST[:PORT]&module=NAME  one check, as metrics (modules: ${moduleNames})`,
    "GET /metrics                              the exporter's own metrics",
    '',
  ].join('\n');
  return [
    { method: 'GET', path: '/', handle: () => Promise.resolve(asAnswer(text(200, help))) },
    { method: 'GET', path: '/probe', handle: async ({ url, signal }) => asAnswer(await probe(url, signal)) },
    { method: 'GET', path: '/metrics', handle: async () => asAnswer(await metrics()) },
  ];
}

/** The exporter's start-up line. */
export function exporterStartLine(url: string, config: ExporterConfig, policy: TargetPolicy, token: boolean): string {
  const addressRules = '; loopback, private and link-local addresses only where an address pattern names them';
  const targets = config.allowTargets
    ? `targets allowed: ${config.allowTargets.join(', ')}${policy.enforced ? addressRules : ''}`
    : policy.enforced
      ? 'any public target; loopback, private and link-local ones refused'
      : 'any target';
  const auth = token ? `token required (${EXPORTER_TOKEN_ENV})` : 'no token';
  const modules = Object.keys(config.modules).join(', ');
  return `ftpcheck exporter listening on ${url} (modules: ${modules}; ${targets}; ${auth})`;
}
