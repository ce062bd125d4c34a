// A session's data rounds: PORT/EPRT (judged by port-command.ts) or PASV/EPSV prepare a data
// connection, and LIST (or NLST, RETR) makes it — connecting back, or taking the client's connection
// to the passive port — and sends the nonce on it. What happened goes into the session's view; the
// replies go to the session's control connection through `reply`.
import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Endpoint } from '../../model/connections.js';
import type { ReflectorView } from '../../model/reflect.js';
import type { DataAddress } from '../../protocol/reflect.js';
import {
  acceptedSocket,
  connectBack,
  type DataContext,
  dropPassive,
  openPassive,
  type Pending,
  sendNonce,
} from './data-connection.js';
import { judgePort } from './port-command.js';

export type Reply = (code: number, text: string) => void;

export interface DataRoundsOptions {
  view: ReflectorView;
  data: DataContext;
  /** Connect back from port 20 when allowed. */
  port20: boolean;
  reply: Reply;
  /** The session has ended: nothing more is sent. */
  ended: () => boolean;
}

export class DataRounds {
  readonly #o: DataRoundsOptions;
  #pending: Pending | undefined;

  constructor(options: DataRoundsOptions) {
    this.#o = options;
  }

  port(command: 'PORT' | 'EPRT', argument: string, parsed: DataAddress | undefined): void {
    this.drop();
    const { view } = this.#o;
    const judged = judgePort(command, argument, parsed, view.peer, view.announced?.parsed);
    view.ports.push(judged.seen);
    if (judged.connectBack) this.#pending = { kind: 'active', ...judged.connectBack };
    this.#o.reply(judged.reply.code, judged.reply.text);
  }

  async passive(command: 'PASV' | 'EPSV'): Promise<void> {
    this.drop();
    const { view, reply } = this.#o;
    const local = view.local.address;
    if (command === 'PASV' && local.includes(':')) {
      reply(522, 'PASV is IPv4 only; use EPSV.');
      return;
    }
    const pending = await openPassive(command, local, view.peer.address, this.#o.data);
    if (!pending || this.#o.ended()) {
      pending?.server.close();
      reply(425, 'Cannot open a passive port.');
      return;
    }
    view.passive.push(pending.record);
    this.#pending = pending;
    const port = pending.record.port;
    if (command === 'EPSV') {
      reply(229, `Entering Extended Passive Mode (|||${port}|)`);
      return;
    }
    reply(227, `Entering Passive Mode (${local.split('.').join(',')},${port >> 8},${port & 0xff})`);
  }

  /** Makes the prepared data connection and sends the nonce, over TLS when `secure` is given (PROT P). */
  async transfer(nonce: string, secure: SecureContext | undefined): Promise<void> {
    const { view, reply } = this.#o;
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) {
      reply(503, 'Send PORT, EPRT, PASV or EPSV first.');
      return;
    }
    const socket =
      pending.kind === 'active' ? await this.#connectBack(pending.to) : await acceptedSocket(pending, this.#o.data);
    if (this.#o.ended()) {
      // The client left while the data connection was being made.
      socket?.destroy();
      return;
    }
    if (!socket) {
      reply(425, "Can't open the data connection.");
      return;
    }
    reply(150, 'Sending the nonce.');
    const sent = await sendNonce(socket, nonce, secure, this.#o.data);
    const record = pending.kind === 'active' ? view.callbacks.at(-1) : pending.record;
    if (record) record.sent = sent;
    if (pending.kind === 'passive') pending.server.close();
    reply(sent ? 226 : 426, sent ? 'Nonce sent.' : 'The data connection failed.');
  }

  /** Forgets the prepared data connection: a new PORT or PASV replaces it, and the session's end. */
  drop(): void {
    const p = this.#pending;
    this.#pending = undefined;
    if (p?.kind === 'passive') dropPassive(p);
  }

  /** Connects back to the client and records how (the view's callbacks). */
  async #connectBack(to: Endpoint): Promise<Socket | undefined> {
    const { view, port20, data } = this.#o;
    const { socket, callback } = await connectBack(to, view.local.address, port20, data);
    view.callbacks.push(callback);
    return socket;
  }
}
