// The reflector's data connections, one per LIST: connecting back to the client (active mode), only
// ever to the control connection's source address and from port 20 when it may bind it, or a passive
// listener that only that address may take; then the nonce written on it, over TLS with PROT P. Every
// socket and listener goes into the session's `open` set, so that ending the session closes them all.
import { createServer, type Server, Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { errnoOf, ignoreError } from '../../model/errors.js';
import type { Endpoint } from '../../model/connections.js';
import type { ReflectorCallback, ReflectorPassive } from '../../model/reflect.js';
import { canonicalAddress, sameAddress } from '../../protocol/address.js';
import { serveTls } from './tls.js';

const DATA_PORT = 20;

/** What a session's data connections share: each wait's limit, and everything the session opened. */
export interface DataContext {
  waitMs: number;
  open: Set<Socket | Server>;
}

/** A passive listener waiting for LIST, the record the client reads, and who arrived. */
export interface PassivePending {
  kind: 'passive';
  server: Server;
  record: ReflectorPassive;
  arrived: Socket[];
  wake: (() => void) | undefined;
}

/** A data connection waiting for LIST: where to connect back, or the passive listener. */
export type Pending = { kind: 'active'; to: Endpoint; family: 4 | 6 } | PassivePending;

/** A passive listener on `local` that only `peer` may connect to; undefined when no port could be opened. */
export async function openPassive(
  command: 'PASV' | 'EPSV',
  local: string,
  peer: string,
  ctx: DataContext,
): Promise<PassivePending | undefined> {
  const arrived: Socket[] = [];
  const pending: PassivePending = {
    kind: 'passive',
    server: createServer((socket) => {
      socket.on('error', ignoreError);
      ctx.open.add(socket);
      // Only the control connection's peer may take the data connection (no theft of it).
      if (!sameAddress(socket.remoteAddress ?? '', peer) || arrived.length > 0) {
        socket.destroy();
        return;
      }
      arrived.push(socket);
      pending.wake?.();
    }),
    record: { command, port: 0, from: null, sent: false },
    arrived,
    wake: undefined,
  };
  pending.server.maxConnections = 4;
  ctx.open.add(pending.server);
  const port = await new Promise<number>((resolve) => {
    pending.server.once('error', () => resolve(0));
    pending.server.listen({ host: local, port: 0 }, () => {
      const a = pending.server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  if (port === 0) {
    pending.server.close();
    return undefined;
  }
  pending.record.port = port;
  return pending;
}

/** Closes a passive listener nobody will use, and wakes a LIST waiting on it. */
export function dropPassive(p: PassivePending): void {
  p.server.close();
  for (const s of p.arrived) s.destroy();
  p.wake?.();
}

/** The client's connection to the passive listener, waited for at most one wait. */
export async function acceptedSocket(p: PassivePending, ctx: DataContext): Promise<Socket | undefined> {
  if (p.arrived.length === 0)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ctx.waitMs);
      p.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  p.wake = undefined;
  const socket = p.arrived[0];
  if (socket) p.record.from = { address: canonicalAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
  return socket;
}

/**
 * Connects to the peer's address and the port it named: from port 20 when allowed, else any port. The
 * callback says how it went, for the view.
 */
export async function connectBack(
  to: Endpoint,
  localAddress: string,
  port20: boolean,
  ctx: DataContext,
): Promise<{ socket: Socket | undefined; callback: ReflectorCallback }> {
  let notFromPort20: string | null = port20 ? null : 'not asked to';
  let outcome = port20 ? await connect(to, localAddress, DATA_PORT, ctx) : undefined;
  if (outcome?.errno === 'EACCES' || outcome?.errno === 'EPERM' || outcome?.errno === 'EADDRINUSE') {
    notFromPort20 =
      outcome.errno === 'EADDRINUSE'
        ? 'port 20 was busy'
        : 'no permission to bind port 20 (needs root or CAP_NET_BIND_SERVICE)';
    outcome = undefined;
  }
  outcome ??= await connect(to, localAddress, undefined, ctx);
  const s = outcome.socket;
  return {
    socket: s,
    callback: {
      to,
      from: s ? { address: canonicalAddress(s.localAddress ?? ''), port: s.localPort ?? 0 } : null,
      notFromPort20,
      outcome: outcome.kind,
      sent: false,
    },
  };
}

function connect(
  to: Endpoint,
  localAddress: string,
  localPort: number | undefined,
  ctx: DataContext,
): Promise<{ kind: ReflectorCallback['outcome']; socket?: Socket; errno?: string }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    ctx.open.add(socket);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'timeout' });
    }, ctx.waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.on('error', ignoreError);
      resolve({ kind: 'connected', socket });
    });
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      const errno = errnoOf(err) ?? 'UNKNOWN';
      const kind =
        errno === 'ECONNREFUSED'
          ? 'refused'
          : ['EHOSTUNREACH', 'ENETUNREACH'].includes(errno)
            ? 'unreachable'
            : 'error';
      resolve({ kind, errno });
    };
    socket.once('error', onError);
    socket.connect({ host: to.address, port: to.port, localAddress, localPort });
  });
}

/**
 * Writes the nonce and closes: over TLS when `secure` is given (PROT P; the reflector is the TLS
 * server, RFC 4217). True when all of it was written within one wait.
 */
export async function sendNonce(
  socket: Socket,
  nonce: string,
  secure: SecureContext | undefined,
  ctx: DataContext,
): Promise<boolean> {
  let out: Socket = socket;
  if (secure) {
    const tls = await serveTls(socket, secure, ctx, ignoreError);
    if (!tls) return false;
    out = tls;
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      out.destroy();
      resolve(false);
    }, ctx.waitMs);
    out.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    out.end(`${nonce}\r\n`, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
