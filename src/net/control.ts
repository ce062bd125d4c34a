// The control connection: one command at a time and one reader at a time, every reply wait bounded,
// every byte read capped.
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { TLSSocket } from 'node:tls';
import type { Endpoint, HandshakeResult } from '../model/connections.js';
import type { Reply, ReplyResult, ViolationReason } from '../model/exchanges.js';
import { DEFAULT_REPLY_LIMITS, formatReply, parseReplies, type ReplyLimits } from '../protocol/reply.js';
import { startTls, type TlsSettings } from './tls.js';
import type { Transcript } from './transcript.js';

/** How long one wait may take, and whether the run's deadline (rather than the step's timeout) set it. */
export interface Wait {
  ms: number;
  cut: boolean;
}

type State = { kind: 'open' } | { kind: 'closed' } | { kind: 'reset' } | { kind: 'violation'; reason: ViolationReason };

const PARTIAL_SHOWN = 200;
/** Raw bytes kept from the start of the connection, to recognise other protocols (SSH, HTTP, TLS). */
const FIRST_BYTES = 64;

/** A TLS socket says so in `encrypted`; asking it this way keeps node:tls unloaded for plain FTP. */
function isTlsSocket(socket: Socket): socket is TLSSocket {
  return Reflect.get(socket, 'encrypted') === true;
}

export class ControlChannel {
  #socket: Socket;
  #session: Buffer | undefined;
  readonly #transcript: Transcript;
  readonly #limits: ReplyLimits;
  readonly #decoder = new StringDecoder('utf8');
  #buffer = '';
  #replies: Reply[] = [];
  #state: State = { kind: 'open' };
  #wake: (() => void) | undefined;
  #firstBytes = Buffer.alloc(0);

  constructor(socket: Socket, transcript: Transcript, limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {
    this.#socket = socket;
    this.#transcript = transcript;
    this.#limits = limits;
    this.#attach(socket);
  }

  /** The socket's listeners, attached and detached together. */
  readonly #handlers = {
    data: (chunk: Buffer) => this.#onData(chunk),
    end: () => this.#end({ kind: 'closed' }),
    close: () => this.#end({ kind: 'closed' }),
    error: () => this.#end({ kind: 'reset' }),
    // TLS 1.3 delivers resumable sessions after the handshake, and may send several: keep the newest.
    session: (session: Buffer) => {
      this.#session = session;
    },
  } satisfies Record<string, (...args: never[]) => void>;

  #attach(socket: Socket): void {
    for (const [event, handler] of Object.entries(this.#handlers)) socket.on(event, handler);
  }

  #detach(socket: Socket): void {
    for (const [event, handler] of Object.entries(this.#handlers)) socket.off(event, handler);
  }

  get isTls(): boolean {
    return isTlsSocket(this.#socket);
  }

  /** The control connection's TLS session, for data connections to resume. */
  get tlsSession(): Buffer | undefined {
    return this.#session ?? (isTlsSocket(this.#socket) ? this.#socket.getSession() : undefined);
  }

  /** Switches the control connection to TLS (after "234" to AUTH TLS). On failure the channel is closed. */
  async startTls(settings: TlsSettings, wait: Wait): Promise<HandshakeResult> {
    const raw = this.#socket;
    this.#detach(raw);
    const { result, socket } = await startTls(raw, settings, { timeoutMs: wait.ms, describeCertificate: true });
    this.#transcript.add(
      'control',
      'note',
      result.kind === 'established'
        ? `TLS established: ${result.protocol}, ${result.cipher}`
        : `TLS handshake ${result.kind}${result.kind === 'failed' ? `: ${result.error}` : ''}`,
    );
    if (!socket) {
      raw.destroy();
      this.#state = { kind: 'closed' };
      return result;
    }
    this.#socket = socket;
    this.#attach(socket);
    return result;
  }

  get local(): Endpoint {
    return { address: this.#socket.localAddress ?? '', port: this.#socket.localPort ?? 0 };
  }

  get peer(): Endpoint {
    return { address: this.#socket.remoteAddress ?? '', port: this.#socket.remotePort ?? 0 };
  }

  /** The first bytes the server sent, raw, for recognising a non-FTP service. */
  get firstBytes(): Buffer {
    return this.#firstBytes;
  }

  get isOpen(): boolean {
    return this.#state.kind === 'open';
  }

  /** Sends one command and waits for its reply. PASS is written to the transcript as "PASS ****". */
  async command(line: string, wait: Wait): Promise<ReplyResult> {
    this.#oneReader();
    this.send(line);
    return this.read(wait);
  }

  /**
   * Sends one command without waiting for a reply. On a connection that is closed or broken nothing is
   * written, and the transcript says so instead of showing the command as sent.
   */
  send(line: string): void {
    if (/[\r\n\0]/.test(line)) throw new Error('FTP command contains CR, LF or NUL');
    const shown = /^PASS /i.test(line) ? 'PASS ****' : line;
    if (this.#state.kind !== 'open' || !this.#socket.writable) {
      this.#transcript.add('control', 'note', `not sent, the connection is ${this.#stateText()}: ${shown}`);
      return;
    }
    this.#transcript.add('control', 'send', shown);
    this.#socket.write(`${line}\r\n`);
  }

  /**
   * Sends several commands in one write (pipelining): behind Nagle's algorithm, separate writes would
   * leave all but the first waiting a round trip for the server's acknowledgement.
   */
  sendTogether(lines: readonly string[]): void {
    this.#socket.cork();
    try {
      for (const line of lines) this.send(line);
    } finally {
      this.#socket.uncork();
    }
  }

  /**
   * Waits for the next complete reply, or for the connection to fail, or for the wait to run out.
   * One reader at a time: a second read while one is pending is a bug in the caller, and throws.
   */
  read(wait: Wait): Promise<ReplyResult> {
    this.#oneReader();
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      const check = (): boolean => {
        const reply = this.#replies.shift();
        if (reply) {
          resolve({ kind: 'reply', ms: elapsed(), reply });
          return true;
        }
        const s = this.#state;
        if (s.kind === 'open') return false;
        if (s.kind === 'closed') resolve({ kind: 'closed', ms: elapsed(), partial: this.#partial() });
        else if (s.kind === 'reset') resolve({ kind: 'reset', ms: elapsed() });
        else resolve({ kind: 'violation', ms: elapsed(), reason: s.reason, partial: this.#partial() });
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve(
          wait.cut ? { kind: 'deadline', ms: elapsed() } : { kind: 'timeout', ms: elapsed(), partial: this.#partial() },
        );
      }, wait.ms);
      this.#wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#wake = undefined;
      };
    });
  }

  /** Says goodbye politely when the connection still works, and always frees the socket. */
  close(): void {
    if (this.#state.kind === 'open' && this.#socket.writable) this.#socket.end('QUIT\r\n');
    // Don't wait for the server's 221: destroy soon so nothing outlives the run.
    setTimeout(() => this.#socket.destroy(), 50).unref();
    this.#state = this.#state.kind === 'open' ? { kind: 'closed' } : this.#state;
  }

  destroy(): void {
    this.#socket.destroy();
    if (this.#state.kind === 'open') this.#state = { kind: 'closed' };
  }

  /** A pending read's waker is set exactly while that read waits; replacing it would strand its caller. */
  #oneReader(): void {
    if (this.#wake) throw new Error('ControlChannel: read while another read is pending (one reader at a time)');
  }

  #stateText(): string {
    switch (this.#state.kind) {
      case 'open':
        return 'no longer writable';
      case 'closed':
        return 'closed';
      case 'reset':
        return 'reset';
      case 'violation':
        return `closed after a protocol violation (${this.#state.reason})`;
    }
  }

  #partial(): string {
    return this.#buffer.length > PARTIAL_SHOWN ? `${this.#buffer.slice(0, PARTIAL_SHOWN)}…` : this.#buffer;
  }

  #onData(chunk: Buffer): void {
    if (this.#state.kind !== 'open') return;
    if (this.#firstBytes.length < FIRST_BYTES) {
      this.#firstBytes = Buffer.concat([this.#firstBytes, chunk.subarray(0, FIRST_BYTES - this.#firstBytes.length)]);
    }
    this.#buffer += this.#decoder.write(chunk);
    const parsed = parseReplies(this.#buffer, this.#limits);
    for (const reply of parsed.replies) this.#transcript.add('control', 'recv', formatReply(reply));
    this.#replies.push(...parsed.replies);
    if (parsed.kind === 'violation') {
      this.#transcript.add('control', 'note', `reply broke the protocol (${parsed.reason}); connection closed`);
      this.#state = { kind: 'violation', reason: parsed.reason };
      this.#socket.destroy();
    } else {
      this.#buffer = parsed.rest;
    }
    this.#wake?.();
  }

  #end(state: State): void {
    if (this.#state.kind !== 'open') return;
    this.#state = state;
    this.#wake?.();
  }
}
