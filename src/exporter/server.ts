// `ftpcheck exporter`: a Prometheus exporter in the multi-target style. GET /probe?target=HOST[:PORT]
// &module=NAME runs one check and answers its metrics; /metrics has the exporter's own. Probes run a
// bounded number at a time, each within its own deadline; an allow-list can limit the targets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { check } from '../check.js';
import { visible } from '../safety/visible.js';
import { parseTarget } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { allowed, type ExporterConfig, moduleOptions } from './config.js';
import { probeMetrics } from './metrics.js';
import { errorText } from '../model/errors.js';

export interface Exporter {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** A counting semaphore: at most `limit` probes run, the rest wait in order. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** What a request is answered with: plain text unless `type` says otherwise. */
interface Answer {
  status: number;
  body: string;
  type?: string;
}

const text = (status: number, body: string): Answer => ({ status, body });

function answer(res: ServerResponse, { status, body, type = 'text/plain; charset=utf-8' }: Answer): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

export async function startExporter(
  config: ExporterConfig,
  listen: { host: string; port: number },
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<Exporter> {
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
  const limit = limiter(config.concurrency);
  const moduleNames = Object.keys(config.modules).join(', ');

  const probe = async (url: URL): Promise<Answer> => {
    const target = url.searchParams.get('target');
    const moduleName = url.searchParams.get('module') ?? 'default';
    const module = config.modules[moduleName];
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
    const hostPort = `${parsed.host}:${parsed.port}`;
    if (!allowed(hostPort, config.allowTargets)) return text(403, `target ${hostPort} is not in allowTargets\n`);
    const started = performance.now();
    inFlight.inc();
    try {
      const report = await limit(() => check(moduleOptions(module, target, env)));
      probes.inc({ module: moduleName, result: report.verdict });
      const { contentType, body } = await probeMetrics(report);
      return { status: 200, body, type: contentType };
    } catch (err) {
      probes.inc({ module: moduleName, result: 'error' });
      return text(err instanceof UsageError ? 400 : 500, `${visible(errorText(err))}\n`);
    } finally {
      inFlight.dec();
      durations.observe({ module: moduleName }, (performance.now() - started) / 1000);
    }
  };

  const route = async (req: IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (req.method !== 'GET') return text(405, 'GET only\n');
    if (url.pathname === '/probe') return probe(url);
    if (url.pathname === '/metrics') return { status: 200, body: await own.metrics(), type: own.contentType };
    if (url.pathname === '/')
      return text(
        200,
        [
          'ftpcheck exporter',
          '',
          `GET /probe?target=HOST[:PORT]&module=NAME  one check, as metrics (modules: ${moduleNames})`,
          "GET /metrics                              the exporter's own metrics",
          '',
        ].join('\n'),
      );
    return text(404, 'not found\n');
  };

  const server: Server = createServer((req, res) => {
    route(req).then(
      (a) => answer(res, a),
      (err: unknown) => answer(res, text(500, `${visible(String(err))}\n`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const urlHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const allowedTargets = config.allowTargets ? `targets allowed: ${config.allowTargets.join(', ')}` : 'any target';
  log(`ftpcheck exporter listening on http://${urlHost}:${port}/ (modules: ${moduleNames}; ${allowedTargets})`);
  return {
    host: listen.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
