// The reflector and a small HTTP server that mounts its routes, as the agent does, for tests: both on
// loopback, port 0. The agent server itself (its token, limits, routing) is tested on its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reflectorRoutes } from '../../src/agent/reflector/routes.js';
import { type Reflector, type ReflectorOptions, startReflector } from '../../src/agent/reflector/reflector.js';
import type { AgentRequest } from '../../src/agent/route.js';

export interface ReflectorAgent {
  reflector: Reflector;
  /** The API's base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** A token the test API demands when given: `Authorization: Bearer TOKEN`. */
export async function startReflectorAgent(
  options: Partial<ReflectorOptions> & {
    token?: string;
    /** The FTP port the API hands out instead of the reflector's (a proxy in front of it). */
    advertise?: () => number;
  } = {},
): Promise<ReflectorAgent> {
  const host = options.host ?? '127.0.0.1';
  const reflector = await startReflector({ port: 0, ...options, host });
  const routes = reflectorRoutes(reflector);
  const http: Server = createServer((req, res) => {
    void (async () => {
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"token"}');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://agent');
      const route = routes.find(
        (r) =>
          r.method === req.method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)),
      );
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no route"}');
        return;
      }
      const request: AgentRequest = {
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        caller: { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 },
        body: () => Promise.resolve(Buffer.alloc(0)),
      };
      const answer = await route.handle(request);
      let body = answer.body;
      if (options.advertise && route.method === 'POST' && answer.status === 200)
        body = JSON.stringify({ ...(JSON.parse(body.toString()) as object), port: options.advertise() });
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain; charset=utf-8', ...answer.headers });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => http.listen({ host, port: 0 }, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    reflector,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await reflector.close();
    },
  };
}
