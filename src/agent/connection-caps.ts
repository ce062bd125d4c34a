// The agent's connections before any request is read: at most `limit` open ones from one address (a
// client that opens many holds the agent's sockets from everyone else), and none that stays silent
// past the time a request's headers may take, which node:http itself would wait for without end.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { canonicalAddress } from '../protocol/address.js';
import { PerKey } from './limits.js';

/**
 * Closes each new connection beyond `limit` open ones from its address (trusted proxies, which carry
 * everyone's, excepted), and one that sends no request in time.
 */
export function capConnections(
  server: Server,
  { limit, trusted, firstRequestMs }: { limit: number; trusted: ReadonlySet<string>; firstRequestMs: number },
): void {
  const open = new PerKey(limit);
  server.on('connection', (socket: Socket) => {
    const address = canonicalAddress(socket.remoteAddress ?? '');
    if (!trusted.has(address)) {
      const release = open.take(address);
      if (!release) {
        socket.destroy();
        return;
      }
      socket.once('close', release);
    }
    // node:http itself never closes a connection that has not begun a request.
    socket.setTimeout(firstRequestMs, () => socket.destroy());
  });
  server.on('request', (req: IncomingMessage) => req.socket.setTimeout(0));
}
