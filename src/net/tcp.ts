// Outgoing TCP connections, with the way they fail classified from the socket error and its timing.
import { Socket } from 'node:net';
import { errnoOf, ignoreError } from '../model/errors.js';
import type { ConnectResult, Endpoint } from '../model/connections.js';
import type { Family } from '../model/observations.js';

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EPERM', 'EACCES']);

export interface Connected {
  result: Extract<ConnectResult, { kind: 'connected' }>;
  socket: Socket;
}

export type ConnectOutcome = Connected | { result: Exclude<ConnectResult, { kind: 'connected' }>; socket?: undefined };

/**
 * One connection attempt, waiting at most `timeoutMs`. An attempt given up through `signal` (another one
 * won a race) ends as the timeout it was: no answer for that long.
 */
export function connectTcp(
  to: Endpoint,
  family: Family,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnectOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (outcome: ConnectOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', giveUp);
      socket.removeAllListeners('connect');
      socket.removeAllListeners('error');
      if (!outcome.socket) socket.destroy();
      resolve(outcome);
    };
    // A silently dropped SYN produces no error for minutes (the kernel retries); our timer decides.
    const giveUp = (): void => finish({ result: { kind: 'timeout', ms: elapsed() } });
    const timer = setTimeout(giveUp, timeoutMs);
    if (signal?.aborted) {
      giveUp();
      return;
    }
    signal?.addEventListener('abort', giveUp, { once: true });
    socket.once('connect', () => {
      // Keep an error listener so a later reset is not an uncaught exception; readers attach their own.
      socket.on('error', ignoreError);
      finish({
        socket,
        result: {
          kind: 'connected',
          ms: elapsed(),
          local: { address: socket.localAddress ?? '', port: socket.localPort ?? 0 },
          remote: { address: socket.remoteAddress ?? to.address, port: socket.remotePort ?? to.port },
        },
      });
    });
    socket.once('error', (err: Error) => {
      const errno = errnoOf(err) ?? 'UNKNOWN';
      if (errno === 'ECONNREFUSED') finish({ result: { kind: 'refused', ms: elapsed() } });
      else if (errno === 'ETIMEDOUT') finish({ result: { kind: 'timeout', ms: elapsed() } });
      else if (UNREACHABLE.has(errno)) finish({ result: { kind: 'unreachable', ms: elapsed(), errno } });
      else finish({ result: { kind: 'error', ms: elapsed(), errno } });
    });
    socket.connect({ host: to.address, port: to.port, family });
  });
}
