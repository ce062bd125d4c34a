// The agent's HTTP server, the one front door of `ftpcheck agent` and `ftpcheck exporter` (the same
// server with the exporter's routes only). This module owns the listener, the token, the limits that
// hold against one abusive client (connections per address: connection-caps.ts), the cross-site
// rules, the body limit (request-body.ts), the routing and the request log; the features are routes
// (route.ts): the API (api.ts), the exporter's /probe and /metrics, and whatever other parts mount
// through `routes` (the web page, the reflector's nonces).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorText } from '../model/errors.js';
import { canonicalAddress } from '../protocol/address.js';
import { ipVersion } from '../protocol/ip.js';
import { Secrets } from '../safety/secrets.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import { apiRoutes } from './api.js';
import { authProblem, EXPORTER_TOKEN_ENV, REALM, TOKEN_ENV, tokenCheck } from './auth.js';
import { type CheckService, checkService } from './checks.js';
import type { AgentConfig } from './config.js';
import { exporterDoorRoutes, exporterPolicy, exporterStartLine } from './exporter-door.js';
import { bodyTypeRefusal, crossSiteRefusal } from './guard.js';
import { parseTargetPatterns } from '../settings/target-patterns.js';
import { addressRule, ownAddresses, type TargetPolicy } from './policy.js';
import { unauthorized } from './unauthorized.js';
import { capConnections } from './connection-caps.js';
import { bodyReader } from './request-body.js';
import {
  type AgentAnswer,
  type AgentRequest,
  BodyTooLarge,
  type Caller,
  json,
  jsonError,
  type Route,
  type AgentContext,
} from './route.js';

/** The largest request body the agent reads. */
export const BODY_LIMIT = 16 * 1024;

/**
 * How long a client may take to send a request's headers, and the whole request (16 KiB at most). Not
 * the answer: a check's long poll (up to its 300 s deadline) runs after the request has arrived, and
 * node:http's requestTimeout ends with the request's last byte.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 20_000;

/** What the server is: the agent, or `ftpcheck exporter` (its metric routes, its token variable). */
export type DoorKind = 'agent' | 'exporter';

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
  /** The agent (default), or the exporter: only /, /probe and /metrics, FTPCHECK_EXPORTER_TOKEN. */
  kind?: DoorKind;
}

export interface Agent {
  host: string;
  port: number;
  /** The base URL, e.g. http://127.0.0.1:9821/ */
  url: string;
  close(): Promise<void>;
}

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
  // One spelling per address (an IPv4-mapped peer as its IPv4 address), as `trusted` holds them.
  const address = canonicalAddress(peer.address);
  if (!trusted.has(address) || forwardedFor === undefined) return { address, port: peer.port };
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  const last = canonicalAddress((hops.at(-1) ?? '').trim());
  return ipVersion(last) === 0 ? { address, port: peer.port } : { address: last, port: 0 };
}

/** The path as logged: a reflector nonce in it (it opens that session's view for a while) is left out. */
export const loggedPath = (path: string): string => path.replace(/^\/api\/reflect\/[^/]+/, '/api/reflect/…');

const pathMatches = (route: Route, path: string): boolean =>
  typeof route.path === 'string' ? route.path === path : route.path.test(path);

/** The address and port node:http actually bound: the address decides "loopback or not" (a name may map anywhere). */
function bound(server: Server, listen: { host: string; port: number }): { address: string; port: number } {
  const address = server.address();
  return typeof address === 'object' && address ? address : { address: listen.host, port: listen.port };
}

export async function startAgent(options: AgentOptions): Promise<Agent> {
  const { listen, config, name, token, noAuth = false, env, log, kind = 'agent' } = options;
  const tokenEnv = kind === 'agent' ? TOKEN_ENV : EXPORTER_TOKEN_ENV;
  const realm = kind === 'agent' ? REALM : 'ftpcheck exporter';
  const trusted = new Set((options.trustProxy ?? []).map(canonicalAddress));
  // First by the name given (a clear refusal before anything binds), then by the address bound below.
  const problem = authProblem(listen.host, token, noAuth, trusted.size > 0, tokenEnv);
  if (problem !== undefined) throw new UsageError(problem);

  const server: Server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // How often node:http looks for requests over those times (its default is 30 s).
    connectionsCheckingInterval: 1000,
  });
  capConnections(server, { limit: config.connectionsPerAddress, trusted, firstRequestMs: HEADERS_TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closeServer = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const { address: boundTo, port } = bound(server, listen);
  const beyondLoopback = addressRule(boundTo) !== 'loopback';
  if (beyondLoopback && token === undefined && !noAuth) {
    await closeServer();
    throw new UsageError(
      `listening on ${listen.host}, which is ${boundTo}, beyond loopback, needs a token: set ${tokenEnv} (or give --no-auth to run without one, knowingly)`,
    );
  }

  const secrets = new Secrets([token]);
  const authorized = token === undefined ? () => true : tokenCheck(token);
  const own = ownAddresses();
  const policy: TargetPolicy =
    kind === 'agent'
      ? {
          enforced: trusted.size > 0 || beyondLoopback,
          allowTargets: config.allowTargets && parseTargetPatterns(config.allowTargets),
          onlyAllowTargets: false,
          own,
        }
      : exporterPolicy(config, beyondLoopback, own);
  const service: CheckService = checkService({ config, name, env, policy });
  const context: AgentContext = { checkForCaller: service.checkForCaller, name, config, listenHost: listen.host };
  const routes =
    kind === 'agent'
      ? [...apiRoutes(context, service, env), ...(options.routes?.(context) ?? [])]
      : exporterDoorRoutes(config, env, service);

  const answerFor = async (req: IncomingMessage, url: URL, caller: Caller, signal: AbortSignal) => {
    if (!authorized(req.headers.authorization)) {
      // Liveness for orchestrators, whose probes carry no token (Kubernetes): that it is up, no more.
      if (kind === 'agent' && url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD'))
        return json(200, { status: 'ok' });
      return unauthorized(req.headers.accept, kind, realm);
    }
    const onPath = routes.filter((r) => pathMatches(r, url.pathname));
    if (onPath.length === 0) return jsonError(404, `no such page: ${url.pathname}`);
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? '');
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
      return jsonError(405, `${req.method ?? '?'} is not served here; use ${allow}`, { allow });
    }
    if (route.method === 'POST' && route.body !== 'form') {
      const refusal = crossSiteRefusal(req.headers) ?? bodyTypeRefusal(req.headers);
      if (refusal !== undefined) return refusal;
    }
    const request: AgentRequest = {
      method,
      url,
      headers: req.headers,
      caller,
      body: bodyReader(req, BODY_LIMIT),
      signal,
    };
    try {
      return await route.handle(request);
    } catch (err) {
      if (err instanceof BodyTooLarge) return jsonError(413, err.message);
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
    // A caller that leaves before its answer takes its check with it (aborted, or never started).
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const finish = (answer: AgentAnswer): void => {
      if (res.destroyed) return;
      const body = typeof answer.body === 'string' ? secrets.redact(answer.body) : answer.body;
      res.writeHead(answer.status, {
        'content-type': answer.type ?? 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...answer.headers,
        // After a refusal the connection ends with the answer: node:http then destroys the socket
        // instead of reading (or waiting for) the rest of a body nobody wants.
        ...(answer.status >= 400 && answer.status < 500 && { connection: 'close' }),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const logLine = (status: number): void => {
      const ms = Math.round(performance.now() - started);
      // The path only: a query may carry anything a caller typed.
      log(
        secrets.redact(
          `${visible(req.method ?? '?')} ${visible(loggedPath(url.pathname))} ${status} ${ms}ms ${caller.address}:${caller.port}`,
        ),
      );
    };
    answerFor(req, url, caller, gone.signal)
      .catch((err: unknown) => jsonError(500, `internal error: ${secrets.redact(visible(errorText(err)))}`))
      .then((answer) => {
        // 499, as proxies log it: the caller closed its connection before the answer.
        const status = gone.signal.aborted ? 499 : answer.status;
        finish(answer);
        logLine(status);
      })
      .catch(logError(log));
  };
  server.on('request', respond);

  const url = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}/`;
  if (kind === 'exporter') {
    if (token === undefined && beyondLoopback)
      log(
        `warning: --no-auth: anyone who reaches the exporter can run probes from this machine; set ${tokenEnv} instead`,
      );
    log(exporterStartLine(url, config, policy, token !== undefined));
  } else {
    const auth = token !== undefined ? `token required (${tokenEnv})` : 'no token (anyone who reaches it may use it)';
    const proxies = trusted.size > 0 ? `; callers named by the proxy at ${[...trusted].join(', ')}` : '';
    const rules = policy.enforced
      ? `private and loopback targets refused${config.allowTargets ? ` except where allowTargets names their addresses: ${config.allowTargets.join(', ')}` : ''}`
      : 'loopback listener: any target';
    if (token === undefined && policy.enforced)
      log(
        `warning: --no-auth: anyone who reaches ${url} can run checks from this machine and read its metrics; set ${tokenEnv} instead`,
      );
    log(`ftpcheck agent "${visible(name)}" listening on ${url} (${auth}; ${rules}${proxies})`);
  }
  return { host: listen.host, port, url, close: closeServer };
}

/** A failure while answering or logging, which must not go unhandled (it would end the process). */
const logError =
  (log: (line: string) => void) =>
  (err: unknown): void =>
    log(`internal error while answering: ${visible(errorText(err))}`);
