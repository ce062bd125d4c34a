// TLS on the reflector's connections, where the reflector is always the TLS server (RFC 4217): the
// control connection after AUTH TLS, a data connection after PROT P. A handshake gets one wait.
import type { Server, Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';

/**
 * Serves TLS on `socket`: the TLS socket once its handshake completed within `waitMs`, else undefined
 * (and it is destroyed). It joins `open`, the session's set of what it closes when it ends.
 */
export async function serveTls(
  socket: Socket,
  secure: SecureContext,
  ctx: { waitMs: number; open: Set<Socket | Server> },
  onError: (err: Error) => void,
): Promise<TLSSocket | undefined> {
  const tls = new TLSSocket(socket, { isServer: true, secureContext: secure });
  ctx.open.add(tls);
  tls.on('error', onError);
  if (await handshake(tls, ctx.waitMs)) return tls;
  tls.destroy();
  return undefined;
}

function handshake(socket: TLSSocket, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    socket.once('secure', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
