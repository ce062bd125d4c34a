// The reflector's part of the agent's API: a nonce to log in with, and what the reflector saw of the
// session that used it. The nonce is the key to its view: whoever holds it ran the session.
import { json, jsonError, type Route } from '../route.js';
import { isNonceShaped } from './nonces.js';
import type { Reflector } from './reflector.js';

/** What `POST /api/reflect` answers. */
export interface IssuedNonce {
  nonce: string;
  /** The reflector's FTP port on the agent's host. */
  port: number;
  expiresInSeconds: number;
  /** Whether AUTH TLS is offered (the agent has a certificate for the reflector). */
  tls: boolean;
}

const VIEW_PATH = /^\/api\/reflect\/([^/]+)$/;

export function reflectorRoutes(reflector: Reflector): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/reflect',
      handle({ caller }) {
        const outcome = reflector.book.issue(reflector.callerKey(caller.address));
        if (outcome.kind === 'caller-full')
          return Promise.resolve(
            jsonError(
              429,
              `${outcome.limit} reflector nonces issued to ${caller.address} are unused; use one, or wait until they expire`,
              { 'Retry-After': String(reflector.book.ttlSeconds) },
            ),
          );
        if (outcome.kind === 'full')
          return Promise.resolve(
            jsonError(429, 'too many reflector sessions at once; try again later', { 'Retry-After': '30' }),
          );
        const issued: IssuedNonce = {
          nonce: outcome.nonce,
          port: reflector.address.port,
          expiresInSeconds: reflector.book.ttlSeconds,
          tls: reflector.tls,
        };
        return Promise.resolve(json(200, issued));
      },
    },
    {
      method: 'GET',
      path: VIEW_PATH,
      handle(request) {
        const nonce = VIEW_PATH.exec(request.url.pathname)?.[1]?.toLowerCase() ?? '';
        if (!isNonceShaped(nonce)) return Promise.resolve(jsonError(400, 'not a nonce: 32 hexadecimal digits'));
        const view = reflector.book.view(nonce);
        if (view) return Promise.resolve(json(200, view));
        return Promise.resolve(
          reflector.book.known(nonce)
            ? jsonError(409, 'no session has logged in with this nonce yet')
            : jsonError(404, 'unknown or expired nonce'),
        );
      },
    },
  ];
}
