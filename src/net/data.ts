// Data connections: reading a listing with a byte cap, the listener that waits for an active-mode
// callback, and the wait for that callback or the server's reply, whichever comes first.
import { createServer, type Server, type Socket } from 'node:net';
import type { CallbackResult, Endpoint, KeptListing } from '../model/connections.js';
import { ignoreError } from '../model/errors.js';
import type { Family } from '../model/observations.js';
import type { ReplyResult } from '../model/exchanges.js';
import { canonicalAddress } from '../protocol/address.js';
import type { ControlChannel, Wait } from './control.js';

export type DataEnd = 'eof' | 'reset' | 'capped';

/** Collects a data connection's bytes from the moment it exists, counting them and keeping the first `keepBytes`. */
export class DataReceiver {
  bytes = 0;
  readonly #socket: Socket;
  readonly #done: Promise<DataEnd>;
  readonly #kept: Buffer[] = [];
  readonly #keepBytes: number;

  constructor(socket: Socket, maxBytes: number, keepBytes = 0) {
    this.#socket = socket;
    this.#keepBytes = keepBytes;
    this.#done = new Promise((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        if (this.bytes < keepBytes) this.#kept.push(chunk.subarray(0, keepBytes - this.bytes));
        this.bytes += chunk.length;
        if (this.bytes > maxBytes) {
          socket.destroy();
          resolve('capped');
        }
      });
      socket.on('end', () => resolve('eof'));
      socket.on('error', () => resolve('reset'));
      socket.on('close', () => resolve('eof'));
    });
    // A callback socket waits paused until it is accepted; start the flow only now that we listen.
    socket.resume();
  }

  /** Waits until the server has finished sending (or the cap was hit), or the wait runs out. */
  async finished(wait: Wait): Promise<DataEnd | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), wait.ms);
    });
    try {
      return await Promise.race([this.#done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The bytes kept, as text; undefined when nothing was to be kept. */
  kept(): KeptListing | undefined {
    if (this.#keepBytes === 0) return undefined;
    return { text: Buffer.concat(this.#kept).toString('utf8'), cut: this.bytes > this.#keepBytes };
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

export interface CallbackListener {
  local: Endpoint;
  /** Waits for the server to connect back. */
  accept(wait: Wait): Promise<{ result: CallbackResult; socket: Socket | undefined }>;
  close(): void;
}

export function listenForCallback(address: string, family: Family): Promise<CallbackListener> {
  const queue: Socket[] = [];
  const all = new Set<Socket>();
  let closed = false;
  let wake: (() => void) | undefined;
  const server: Server = createServer((socket) => {
    all.add(socket);
    // A connection reset before a reader takes it just closes ('close' forgets it); the reader listens itself.
    socket.on('error', ignoreError);
    socket.on('close', () => all.delete(socket));
    // Stop reading until we decide whether to keep it; the bytes wait in the kernel meanwhile.
    socket.pause();
    queue.push(socket);
    wake?.();
  });
  server.maxConnections = 4;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port: 0, ipv6Only: family === 6, exclusive: true }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : 0;
      resolve({
        local: { address, port },
        accept: (wait) =>
          acceptFrom(
            queue,
            wait,
            () => closed,
            (fn) => (wake = fn),
          ),
        close: () => {
          closed = true;
          server.close();
          for (const socket of all) socket.destroy();
          wake?.();
        },
      });
    });
  });
}

function acceptFrom(
  queue: Socket[],
  wait: Wait,
  isClosed: () => boolean,
  onEvent: (fn: (() => void) | undefined) => void,
): Promise<{ result: CallbackResult; socket: Socket | undefined }> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const take = (): boolean => {
      const socket = queue.shift();
      if (socket) {
        // Taken from whichever address it comes: the diagnosis reports one that is not the server's.
        // Only its byte count is kept, so a stranger racing the server learns and changes nothing.
        const from = { address: canonicalAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
        resolve({ result: { kind: 'arrived', ms: elapsed(), from }, socket });
        return true;
      }
      if (!isClosed()) return false;
      resolve({ result: { kind: 'none', ms: elapsed() }, socket: undefined });
      return true;
    };
    if (take()) return;
    const timer = setTimeout(() => {
      onEvent(undefined);
      resolve({ result: { kind: 'none', ms: elapsed() }, socket: undefined });
    }, wait.ms);
    onEvent(() => {
      if (!take()) return;
      clearTimeout(timer);
      onEvent(undefined);
    });
  });
}

/** What came of a data command in active mode: the server's connection back, if any, and its first reply. */
export interface CallbackOrReply {
  callback: CallbackResult;
  socket: Socket | undefined;
  reply: ReplyResult;
}

/**
 * After a data command was sent in active mode: the server may answer before or after it connects, so
 * both are watched within one wait. A refusal that comes first (a 4xx or 5xx: 425, 550, 553) means no
 * connection is coming, and the listener is closed rather than waited on. The reply is always read to
 * its end, so that the control connection is never read twice at once.
 */
export async function callbackOrReply(
  listener: CallbackListener,
  control: ControlChannel,
  wait: Wait,
): Promise<CallbackOrReply> {
  const accepting = listener.accept(wait);
  let early: ReplyResult | undefined;
  const replied = control.read(wait).then((r) => (early = r));
  const first = await Promise.race([accepting.then(() => 'callback' as const), replied.then(() => 'reply' as const)]);
  if (first === 'reply' && early?.kind === 'reply' && early.reply.code >= 400) listener.close();
  const { result: callback, socket } = await accepting;
  return { callback, socket, reply: await replied };
}
