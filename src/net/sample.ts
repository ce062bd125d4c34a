// The data connections of the bulk sample and the upload: reading up to a number of bytes while
// watching for a stall (no byte for a whole wait), and writing a few kilobytes.
import type { Socket } from 'node:net';

/**
 * Why reading a sample ended: the size was reached, time ran out while bytes still came, the server
 * closed or reset the connection, or nothing came for a whole idle wait (a stall).
 */
export type SampleEnd = 'size' | 'time' | 'eof' | 'reset' | 'idle';

export interface SampleWaits {
  /** Nothing for this long is a stall. */
  idleMs: number;
  /** The sample ends after this long even while bytes still come (a slow path). */
  totalMs: number;
}

/** Counts a download's bytes from the moment its connection exists, keeping none, up to `limit`. */
export class SampleReceiver {
  bytes = 0;
  /** performance.now() of the last byte, or undefined while none came. */
  lastByteAt: number | undefined;
  readonly #socket: Socket;
  readonly #limit: number;
  #end: SampleEnd | undefined;
  #wake: (() => void) | undefined;

  constructor(socket: Socket, limit: number) {
    this.#socket = socket;
    this.#limit = limit;
    socket.on('data', (chunk: Buffer) => {
      // A chunk may run past the limit: the sample is the first `limit` bytes, the rest is dropped.
      this.bytes = Math.min(this.bytes + chunk.length, this.#limit);
      this.lastByteAt = performance.now();
      if (this.bytes >= this.#limit) this.#settle('size');
    });
    socket.on('end', () => this.#settle('eof'));
    socket.on('error', () => this.#settle('reset'));
    socket.on('close', () => this.#settle('eof'));
    // A callback socket waits paused until it is taken; start the flow now that its bytes are counted.
    socket.resume();
  }

  #settle(end: SampleEnd): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    // Stop reading at once: what the server still sends is not part of the sample.
    if (end === 'size') this.#socket.pause();
    this.#wake?.();
  }

  /** Waits until the sample ends; `since` is when the transfer was asked for (performance.now()). */
  finished(waits: SampleWaits, since: number): Promise<SampleEnd> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (end: SampleEnd): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(end);
      };
      // One timer, re-armed for the next moment that could end the wait, rather than one per chunk.
      const check = (): void => {
        const now = performance.now();
        const quietSince = this.lastByteAt ?? since;
        if (now - quietSince >= waits.idleMs) return done('idle');
        if (now - since >= waits.totalMs) return done('time');
        timer = setTimeout(check, Math.max(1, Math.min(quietSince + waits.idleMs, since + waits.totalMs) - now));
      };
      if (this.#end !== undefined) return done(this.#end);
      this.#wake = () => {
        if (this.#end !== undefined) done(this.#end);
      };
      check();
    });
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/**
 * Writes `data` and closes the sending side (the end of an upload, as FTP's stream mode marks it).
 * Resolves when the kernel has taken it all, when the connection fails, or when the wait runs out.
 */
export function sendAll(socket: Socket, data: Buffer, waitMs: number): Promise<'sent' | 'failed' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish('timeout'), waitMs);
    function finish(outcome: 'sent' | 'failed' | 'timeout'): void {
      clearTimeout(timer);
      resolve(outcome);
    }
    socket.once('error', () => finish('failed'));
    socket.once('close', () => finish('failed'));
    socket.end(data, () => finish('sent'));
  });
}
