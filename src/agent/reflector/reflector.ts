// The reflector: a small FTP endpoint for one test only, the active-mode test from behind the caller's
// router (`ftpcheck reflect`). Anonymous, nothing to read or write. A session logs in with a one-time
// nonce (USER anonymous, PASS <nonce>), tells its address and data port in hex (SITE CLIENT, wire form
// in protocol/reflect.ts) and then sends PORT/EPRT as usual: the reflector answers what it received,
// compares it with the hex form and with the control connection's source, and on LIST connects back —
// only ever to the control connection's source address, from port 20 when it may bind it — and sends
// the nonce. A PASV/EPSV round sends it again the other way. Everything it saw is kept under the nonce
// (nonces.ts) for the client to read through the agent's API. Only logged-in sessions count against the
// session limit (admission.ts), and what a session may send ahead of the replies is capped in bytes.
// This module starts the listener and admits connections; a session's work is session.ts's.
import { createServer, type Server } from 'node:net';
import { createSecureContext } from 'node:tls';
import { ignoreError } from '../../model/errors.js';
import type { Endpoint } from '../../model/connections.js';
import { canonicalAddress } from '../../protocol/address.js';
import { callerKey, DEFAULT_IPV6_PREFIX } from '../limits.js';
import { Admission } from './admission.js';
import { NonceBook } from './nonces.js';
import { ReflectorSession, type SessionSettings } from './session.js';

export interface ReflectorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM certificate and key for AUTH TLS; without them AUTH TLS is refused (534). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  book?: NonceBook;
  /** A whole session at most. */
  sessionMs?: number;
  /** Each wait for a data connection or a TLS handshake: below the clients' usual step timeout (5 s). */
  waitMs?: number;
  /** The longest silence between commands. */
  idleMs?: number;
  /** From connecting to logging in at most: a client with a nonce logs in at once. */
  loginMs?: number;
  /** Logged-in sessions at once. */
  maxSessions?: number;
  /** Logged-in sessions at once per caller (an address, or an IPv6 prefix, /64 by default). */
  maxSessionsPerCaller?: number;
  /** Sessions not logged in yet, per caller (an address, or an IPv6 prefix, /64 by default). */
  maxUnauthenticatedPerCaller?: number;
  /** Sessions not logged in yet, over all callers: the oldest is closed to make room. */
  maxUnauthenticated?: number;
  /** Commands per session at most. */
  maxCommands?: number;
  /** Connect back from port 20 when allowed (default true). */
  port20?: boolean;
  /** The IPv6 prefix length that counts as one caller (the agent's ipv6CallerPrefix). */
  ipv6CallerPrefix?: number;
}

export interface Reflector {
  address: Endpoint;
  book: NonceBook;
  /** AUTH TLS is offered (a certificate was given). */
  tls: boolean;
  /** The key a caller's nonces and sessions are counted under (callerKey with the configured prefix). */
  callerKey(address: string): string;
  close(): Promise<void>;
}

export async function startReflector(options: ReflectorOptions): Promise<Reflector> {
  const book = options.book ?? new NonceBook();
  const secure = options.tls ? createSecureContext({ cert: options.tls.cert, key: options.tls.key }) : undefined;
  const settings: SessionSettings = {
    book,
    secure,
    sessionMs: options.sessionMs ?? 60_000,
    waitMs: options.waitMs ?? 4_000,
    idleMs: options.idleMs ?? 30_000,
    loginMs: options.loginMs ?? 10_000,
    maxCommands: options.maxCommands ?? 40,
    port20: options.port20 ?? true,
  };
  const prefix = options.ipv6CallerPrefix ?? DEFAULT_IPV6_PREFIX;
  const keyOf = (address: string): string => callerKey(address, prefix);
  const admission = new Admission<ReflectorSession>({
    loggedIn: options.maxSessions,
    loggedInPerCaller: options.maxSessionsPerCaller,
    unauthenticatedPerCaller: options.maxUnauthenticatedPerCaller,
    unauthenticated: options.maxUnauthenticated,
  });
  const server: Server = createServer((socket) => {
    socket.on('error', ignoreError);
    const key = keyOf(canonicalAddress(socket.remoteAddress ?? ''));
    if (!admission.mayConnect(key)) {
      socket.end('421 Too many connections from your address that have not logged in; log in on one of them.\r\n');
      socket.setTimeout(settings.waitMs, () => socket.destroy());
      return;
    }
    const session: ReflectorSession = new ReflectorSession(socket, settings, {
      logIn: () => admission.logIn(session),
      leave: () => admission.leave(session),
    });
    admission.enter(session, key);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', ignoreError);
  const bound = server.address();
  const address =
    typeof bound === 'object' && bound ? { address: bound.address, port: bound.port } : { address: '', port: 0 };
  return {
    address,
    book,
    tls: secure !== undefined,
    callerKey: keyOf,
    close: () =>
      new Promise((resolve) => {
        for (const session of admission.all()) session.end();
        server.close(() => resolve());
      }),
  };
}
