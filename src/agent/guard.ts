// What the agent refuses before a JSON route sees a POST, beyond the token: one that a browser could
// have been made to send from another site's page, and a body that is not JSON. (The web form's route
// has rules of its own: a form token, Sec-Fetch-Site, its form type, all answered as a page.) Pure
// functions over the request's headers, so that the rules read (and are tested) as a table.
import type { IncomingHttpHeaders } from 'node:http';
import { type AgentAnswer, jsonError } from './route.js';

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Whether `origin` is the agent's own: the same host and port as the request's Host header, over
 * http or https (a reverse proxy in front may speak TLS). "null" (a sandboxed or privacy-hidden
 * origin) is never the agent's own.
 */
function ownOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  const asHost = (name: string, port: string): string => `${name}:${port || defaultPort}`.toLowerCase();
  const hostUrl = URL.canParse(`${url.protocol}//${host}`) ? new URL(`${url.protocol}//${host}`) : undefined;
  return hostUrl !== undefined && asHost(url.hostname, url.port) === asHost(hostUrl.hostname, hostUrl.port);
}

/**
 * A POST that a browser sent from another site's page: its Sec-Fetch-Site says so, or its Origin is
 * not the agent's. Requests without either (curl, scripts, Prometheus, `ftpcheck --from`) pass: they
 * carry the token themselves, so no one else's credentials are being borrowed.
 */
export function crossSiteRefusal(headers: IncomingHttpHeaders): AgentAnswer | undefined {
  const site = single(headers['sec-fetch-site'])?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site')
    return jsonError(403, `refused: a request sent by another site's page (Sec-Fetch-Site: ${site})`);
  const origin = single(headers.origin);
  if (origin !== undefined && !ownOrigin(origin, headers.host))
    return jsonError(403, "refused: a request sent by another site's page (its Origin is not this agent's)");
  return undefined;
}

/** Whether the request has a body: a non-zero Content-Length, or a chunked one. */
const hasBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * A JSON route's body must come as `application/json`, a type no HTML form can send (a form's
 * text/plain can be made to look like JSON); a POST without a body and without a type passes.
 */
export function bodyTypeRefusal(headers: IncomingHttpHeaders): AgentAnswer | undefined {
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' || (type === undefined && !hasBody(headers))) return undefined;
  return jsonError(415, `the body must be sent as Content-Type: application/json${type ? `, not ${type}` : ''}`);
}
