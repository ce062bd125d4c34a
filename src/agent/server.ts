// `ftpcheck agent`: the HTTP service that runs checks from where it stands. This module owns the
// listener, the token, the body limit, the routing and the request log; the features are routes
// (route.ts): the API (api.ts), the exporter's /probe and /metrics, and whatever other parts mount
// through `routes` (the web page, the reflector's nonces).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorText } from '../model/errors.js';
import { Secrets } from '../safety/secrets.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import { apiRoutes } from './api.js';
import { authProblem, REALM, TOKEN_ENV, tokenCheck } from './auth.js';
import { type CheckService, checkService } from './checks.js';
import type { AgentConfig } from './config.js';
import { canonicalAddress } from '../protocol/address.js';
import { isLoopbackListener, ownAddresses } from './policy.js';
import { ipVersion } from '../protocol/ip.js';
import {
  type AgentAnswer,
  type AgentRequest,
  BodyTooLarge,
  type Caller,
  json,
  jsonError,
  type Route,
  type RunCheck,
} from './route.js';

/** The largest request body the agent reads. */
export const BODY_LIMIT = 16 * 1024;

export interface AgentOptions {
  listen: { host: string; port: number };
  config: AgentConfig;
  /** The vantage's name in reports. */
  name: string;
  /** The token every request must carry; undefined only on loopback or with `noAuth`. */
  token: string | undefined;
  /** Listen beyond loopback without a token, knowingly (--no-auth). */
  noAuth?: boolean;
  /**
   * The addresses of reverse proxies in front (--trust-proxy). Requests from them name their caller in
   * X-Forwarded-For; and since the internet then reaches the agent through them, a loopback listener
   * is treated as one beyond loopback: token required, private targets refused.
   */
  trustProxy?: readonly string[];
  env: NodeJS.ProcessEnv;
  /** One line per request and the start-up line; never the token. */
  log: (line: string) => void;
  /** More routes, mounted after the agent's own (an exact path the agent has wins). */
  routes?: (context: AgentContext) => Route[];
}

/** What a part that mounts routes gets from the agent. */
export interface AgentContext {
  /** Runs one check for a caller: the request read strictly, limits, target policy, vantage. */
  runCheck: RunCheck;
  /** The vantage's name. */
  name: string;
  config: AgentConfig;
  /** The listener's address as given (the port may still be 0 when the routes are built). */
  listenHost: string;
}

export interface Agent {
  host: string;
  port: number;
  /** The base URL, e.g. http://127.0.0.1:9821/ */
  url: string;
  close(): Promise<void>;
}

const unmapped = (raw: string): string => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw)?.[1] ?? raw;

/**
 * Who called. From a trusted proxy, the last address of X-Forwarded-For: the one that proxy appended
 * for the connection it took (earlier entries are whatever the caller sent, and prove nothing). A
 * proxy that names no valid address leaves the proxy itself as the caller.
 */
export function callerOf(
  peer: { address: string; port: number },
  forwardedFor: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): Caller {
  const address = unmapped(peer.address);
  if (!trusted.has(canonicalAddress(address)) || forwardedFor === undefined) return { address, port: peer.port };
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  const last = unmapped((hops.at(-1) ?? '').trim());
  return ipVersion(last) === 0 ? { address, port: peer.port } : { address: last, port: 0 };
}

/** The body, at most `limit` bytes; a longer one rejects with BodyTooLarge and stops reading. */
function bodyReader(req: IncomingMessage, limit: number): () => Promise<Buffer> {
  let read: Promise<Buffer> | undefined;
  return () =>
    (read ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        reject(new BodyTooLarge(limit));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.removeAllListeners('data');
          req.pause();
          reject(new BodyTooLarge(limit));
          return;
        }
        chunks.push(chunk);
      });
      req.once('end', () => resolve(Buffer.concat(chunks)));
      req.once('error', reject);
    }));
}

/** The path as logged: a reflector nonce in it (it opens that session's view for a while) is left out. */
export const loggedPath = (path: string): string => path.replace(/^\/api\/reflect\/[^/]+/, '/api/reflect/…');

const pathMatches = (route: Route, path: string): boolean =>
  typeof route.path === 'string' ? route.path === path : route.path.test(path);

export async function startAgent(options: AgentOptions): Promise<Agent> {
  const { listen, config, name, token, noAuth = false, env, log } = options;
  const trusted = new Set((options.trustProxy ?? []).map(canonicalAddress));
  const problem = authProblem(listen.host, token, noAuth, trusted.size > 0);
  if (problem !== undefined) throw new UsageError(problem);
  const secrets = new Secrets([token]);
  const authorized = token === undefined ? () => true : tokenCheck(token);
  const enforced = trusted.size > 0 || !isLoopbackListener(listen.host);
  const service: CheckService = checkService({
    config,
    name,
    env,
    policy: { enforced, allowTargets: config.allowTargets, own: ownAddresses() },
  });
  const context: AgentContext = { runCheck: service.runCheck, name, config, listenHost: listen.host };
  const routes = [...apiRoutes(context, service, env), ...(options.routes?.(context) ?? [])];

  const answerFor = async (req: IncomingMessage, url: URL, caller: Caller): Promise<AgentAnswer> => {
    if (!authorized(req.headers.authorization)) {
      // Liveness for orchestrators, whose probes carry no token (Kubernetes): that the agent is up, no more.
      if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD'))
        return json(200, { status: 'ok' });
      return jsonError(
        401,
        'this agent needs its token: Authorization: Bearer TOKEN, or HTTP Basic with the token as password',
        {
          'www-authenticate': `Basic realm="${REALM}", charset="UTF-8"`,
        },
      );
    }
    const onPath = routes.filter((r) => pathMatches(r, url.pathname));
    if (onPath.length === 0) return jsonError(404, `no such page: ${url.pathname}`);
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? '');
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
      return jsonError(405, `${req.method ?? '?'} is not served here; use ${allow}`, { allow });
    }
    const request: AgentRequest = {
      method,
      url,
      headers: req.headers,
      caller,
      body: bodyReader(req, BODY_LIMIT),
    };
    try {
      return await route.handle(request);
    } catch (err) {
      if (err instanceof BodyTooLarge) return jsonError(413, err.message, { connection: 'close' });
      return jsonError(500, `internal error: ${secrets.redact(visible(errorText(err)))}`);
    }
  };

  const respond = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const caller = callerOf(
      { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 },
      req.headers['x-forwarded-for'],
      trusted,
    );
    const url = new URL(req.url ?? '/', 'http://agent.invalid');
    const finish = (answer: AgentAnswer): void => {
      const body = typeof answer.body === 'string' ? secrets.redact(answer.body) : answer.body;
      res.writeHead(answer.status, {
        'content-type': answer.type ?? 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...answer.headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      const ms = Math.round(performance.now() - started);
      // The path only: a query may carry anything a caller typed.
      log(
        secrets.redact(
          `${visible(req.method ?? '?')} ${visible(loggedPath(url.pathname))} ${answer.status} ${ms}ms ${caller.address}:${caller.port}`,
        ),
      );
    };
    answerFor(req, url, caller).then(finish, (err: unknown) =>
      finish(jsonError(500, `internal error: ${secrets.redact(visible(errorText(err)))}`)),
    );
  };

  const server: Server = createServer(respond);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}/`;
  const auth = token !== undefined ? `token required (${TOKEN_ENV})` : 'no token (anyone who reaches it may use it)';
  const proxies = trusted.size > 0 ? `; callers named by the proxy at ${[...trusted].join(', ')}` : '';
  const policy = enforced
    ? `private and loopback targets refused${config.allowTargets ? ` except allowTargets: ${config.allowTargets.join(', ')}` : ''}`
    : 'loopback listener: any target';
  if (token === undefined && enforced)
    log(
      `warning: --no-auth: anyone who reaches ${url} can run checks from this machine and read its metrics; set ${TOKEN_ENV} instead`,
    );
  log(`ftpcheck agent "${visible(name)}" listening on ${url} (${auth}; ${policy}${proxies})`);
  return {
    host: listen.host,
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
