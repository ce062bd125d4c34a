// `ftpcheck exporter`: a Prometheus exporter in the multi-target style. GET /probe?target=HOST[:PORT]
// &module=NAME runs one check and answers its metrics; /metrics has the exporter's own. Probes run a
// bounded number at a time, each within its own deadline; allowTargets can limit the targets.
// Safe by default beyond loopback, like the agent, and judged by the agent's target policy: a token
// (FTPCHECK_EXPORTER_TOKEN) on every request, no loopback, private or link-local address unless an
// address pattern names it (its addresses vetted once and then connected to, so a name cannot rebind),
// and a module's password only where allowTargets allows it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { addressesOf } from '../agent/checks.js';
import { parseTargetPatterns } from '../agent/patterns.js';
import { isLoopbackListener, ownAddresses, refusal, type TargetPolicy } from '../agent/policy.js';
import { authProblem, tokenCheck } from '../agent/auth.js';
import { prepareCheck } from '../check.js';
import { Secrets } from '../safety/secrets.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import type { ExporterConfig } from './config.js';
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

function answer(
  res: ServerResponse,
  { status, body, type = 'text/plain; charset=utf-8' }: Answer,
  secrets: Secrets,
): void {
  res.writeHead(status, {
    'content-type': type,
    ...(status === 401 && { 'www-authenticate': 'Basic realm="ftpcheck exporter", charset="UTF-8"' }),
  });
  // Whatever a request made the exporter say (an unknown module's name, a target) may repeat the token.
  res.end(secrets.redact(body));
}

/** The environment variable of the exporter's token. */
export const EXPORTER_TOKEN_ENV = 'FTPCHECK_EXPORTER_TOKEN';

export interface ExporterSecurity {
  /** The token every request must carry (Bearer, or Basic with it as the password). */
  token: string | undefined;
  /** Beyond loopback without a token, knowingly. */
  noAuth: boolean;
}

export async function startExporter(
  config: ExporterConfig,
  listen: { host: string; port: number },
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  security: ExporterSecurity = { token: undefined, noAuth: false },
): Promise<Exporter> {
  const { token, noAuth } = security;
  const problem = authProblem(listen.host, token, noAuth, false, EXPORTER_TOKEN_ENV);
  if (problem !== undefined) throw new UsageError(problem);
  const authorized = token === undefined ? () => true : tokenCheck(token);
  const secrets = new Secrets([token]);
  const limit = limiter(config.concurrency);
  // The agent's policy: beyond loopback its address rules, lifted only by allowTargets' address
  // patterns; with allowTargets, only the targets it names; a module's password only where it allows.
  const policy: TargetPolicy = {
    enforced: !isLoopbackListener(listen.host),
    allowTargets: config.allowTargets && parseTargetPatterns(config.allowTargets),
    onlyAllowTargets: config.allowTargets !== undefined,
    own: ownAddresses(),
  };
  const { probe, metrics, moduleNames } = exporterRoutes(config, env, (options, { module }) =>
    limit(async () => {
      // Resolved once here; run() connects to exactly the addresses vetted.
      const prepared = await prepareCheck(options);
      const why = refusal(policy, {
        host: prepared.host,
        port: prepared.port,
        addresses: addressesOf(prepared.resolved),
        sendsPassword: module.passwordEnv !== undefined,
      });
      return why === undefined ? { report: await prepared.run() } : { refused: text(403, `${why}\n`) };
    }),
  );

  const route = async (req: IncomingMessage): Promise<Answer> => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (!authorized(req.headers.authorization))
      return text(
        401,
        `this exporter needs its token: Authorization: Bearer TOKEN (Prometheus: authorization.credentials)\n`,
      );
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
      (a) => answer(res, a, secrets),
      (err: unknown) => answer(res, text(500, `${visible(String(err))}\n`), secrets),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const urlHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const addressRules = policy.enforced ? '; loopback, private and link-local addresses refused' : '';
  const allowedTargets = config.allowTargets
    ? `targets allowed: ${config.allowTargets.join(', ')}${policy.enforced ? '; loopback, private and link-local addresses only where an address pattern names them' : ''}`
    : policy.enforced
      ? `any public target${addressRules}`
      : 'any target';
  const auth = token !== undefined ? `token required (${EXPORTER_TOKEN_ENV})` : 'no token';
  if (token === undefined && !isLoopbackListener(listen.host))
    log(
      `warning: --no-auth: anyone who reaches the exporter can run probes from this machine; set ${EXPORTER_TOKEN_ENV} instead`,
    );
  log(
    `ftpcheck exporter listening on http://${urlHost}:${port}/ (modules: ${moduleNames}; ${allowedTargets}; ${auth})`,
  );
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
