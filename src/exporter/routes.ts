// The exporter's two pages, /probe and /metrics, as plain functions from a request URL to an answer,
// which the agent's server serves for `ftpcheck agent` and `ftpcheck exporter` alike. How a probe's
// check runs (the target policy, the queue, the limits) is the server's.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { errorText } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { visible } from '../safety/visible.js';
import type { CheckOptions } from '../settings/check-options.js';
import { parseTarget, type Target } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { type ExporterConfig, type Module, moduleNamed, moduleOptions } from './config.js';
import { probeMetrics } from './metrics.js';

/** What a request is answered with: plain text unless `type` says otherwise. */
export interface Answer {
  status: number;
  body: string;
  type?: string;
}

export const text = (status: number, body: string): Answer => ({ status, body });

/** One probe's check as its server runs it: a report, or the answer that refuses it. */
export type ProbeCheck = (
  options: CheckOptions,
  /** `target` is options.target as parsed when the request was read: the check does not parse it again. */
  probe: { module: Module; target: Target; signal: AbortSignal | undefined },
) => Promise<{ report: Report } | { refused: Answer }>;

export interface ExporterRoutes {
  /** GET /probe?target=HOST[:PORT]&module=NAME; `signal` aborts when the caller has gone. */
  probe: (url: URL, signal?: AbortSignal) => Promise<Answer>;
  /** GET /metrics: the exporter's own metrics. */
  metrics: () => Promise<Answer>;
  /** The modules' names, for a help page. */
  moduleNames: string;
}

export function exporterRoutes(config: ExporterConfig, env: NodeJS.ProcessEnv, runProbe: ProbeCheck): ExporterRoutes {
  const own = new Registry();
  collectDefaultMetrics({ register: own, prefix: 'ftpcheck_exporter_' });
  const probes = new Counter({
    name: 'ftpcheck_exporter_probes_total',
    help: 'Probes answered, by module and verdict (or error)',
    labelNames: ['module', 'result'],
    registers: [own],
  });
  const durations = new Histogram({
    name: 'ftpcheck_exporter_probe_duration_seconds',
    help: 'Time to answer a probe, waiting included',
    labelNames: ['module'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [own],
  });
  const inFlight = new Gauge({
    name: 'ftpcheck_exporter_probes_in_flight',
    help: 'Probes running or waiting',
    registers: [own],
  });
  const moduleNames = Object.keys(config.modules).join(', ');

  const probe = async (url: URL, signal?: AbortSignal): Promise<Answer> => {
    const target = url.searchParams.get('target');
    const moduleName = url.searchParams.get('module') ?? 'default';
    const module = moduleNamed(config.modules, moduleName);
    if (!target) return text(400, 'missing ?target=HOST[:PORT]\n');
    if (!module) return text(400, `unknown module "${moduleName}"; known: ${moduleNames}\n`);
    let parsed;
    try {
      parsed = parseTarget(target);
    } catch (err) {
      return text(400, `${err instanceof UsageError ? visible(err.message) : 'invalid target'}\n`);
    }
    if (parsed.urlPassword !== undefined)
      return text(
        400,
        'passwords are not taken from the URL: name an environment variable in the module (passwordEnv)\n',
      );
    const started = performance.now();
    inFlight.inc();
    try {
      const outcome = await runProbe(moduleOptions(module, target, env), { module, target: parsed, signal });
      if ('refused' in outcome) {
        probes.inc({ module: moduleName, result: 'error' });
        return outcome.refused;
      }
      probes.inc({ module: moduleName, result: outcome.report.verdict });
      const { contentType, body } = await probeMetrics(outcome.report);
      return { status: 200, body, type: contentType };
    } catch (err) {
      probes.inc({ module: moduleName, result: 'error' });
      return text(err instanceof UsageError ? 400 : 500, `${visible(errorText(err))}\n`);
    } finally {
      inFlight.dec();
      durations.observe({ module: moduleName }, (performance.now() - started) / 1000);
    }
  };

  return {
    probe,
    metrics: async () => ({ status: 200, body: await own.metrics(), type: own.contentType }),
    moduleNames,
  };
}
