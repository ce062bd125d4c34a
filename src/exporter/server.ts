// `ftpcheck exporter`: a Prometheus exporter in the multi-target style. GET /probe?target=HOST[:PORT]
// &module=NAME runs one check and answers its metrics; /metrics has the exporter's own. Probes run a
// bounded number at a time, each within its own deadline; an allow-list can limit the targets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { check } from '../check.js';
import { visible } from '../safety/visible.js';
import { allowed, type ExporterConfig } from './config.js';
import { type Answer, exporterRoutes, text } from './routes.js';

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
  const limit = limiter(config.concurrency);
  const { probe, metrics, moduleNames } = exporterRoutes(config, env, async (options, { hostPort }) =>
    allowed(hostPort, config.allowTargets)
      ? { report: await limit(() => check(options)) }
      : { refused: text(403, `target ${hostPort} is not in allowTargets\n`) },
  );

  const route = async (req: IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (req.method !== 'GET') return text(405, 'GET only\n');
    if (url.pathname === '/probe') return probe(url);
    if (url.pathname === '/metrics') return metrics();
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
