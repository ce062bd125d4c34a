// One FTP session with the reflector: the control connection read line by line within its caps
// (line-reader.ts), the commands answered one at a time, the login with a one-time nonce, AUTH TLS,
// SITE CLIENT (the hex form of the client's address); the data rounds (PORT/EPRT/PASV/EPSV, then
// LIST) are data-rounds.ts's. Everything seen goes into the view kept under the nonce. The session
// holds a seat in the admission while it lives, and its timers bound how long it may take.
import { type Server, Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ReflectorView } from '../../model/reflect.js';
import { canonicalAddress } from '../../protocol/address.js';
import { decodeClientHex, parseEprtArgument, parsePortArgument } from '../../protocol/reflect.js';
import type { Admitted, NoSeat } from './admission.js';
import type { DataContext } from './data-connection.js';
import { DataRounds } from './data-rounds.js';
import { LineReader, MAX_INPUT_BYTES } from './line-reader.js';
import type { NonceBook } from './nonces.js';
import { FIXED_REPLIES, featuresReply } from './fixed-replies.js';
import { endpointText, SHOWN, show } from './shown.js';
import { serveTls } from './tls.js';

export interface SessionSettings {
  book: NonceBook;
  secure: SecureContext | undefined;
  sessionMs: number;
  waitMs: number;
  idleMs: number;
  loginMs: number;
  maxCommands: number;
  port20: boolean;
}

/** The session's seat in the admission: a login takes a logged-in seat if one is free. */
export interface Seat {
  logIn(): NoSeat | undefined;
  leave(): void;
}

export class ReflectorSession implements Admitted {
  #socket: Socket;
  readonly #raw: Socket;
  readonly #settings: SessionSettings;
  readonly #seat: Seat;
  readonly #timer: NodeJS.Timeout;
  readonly #loginTimer: NodeJS.Timeout;
  readonly #data: DataContext;
  readonly #view: ReflectorView;
  readonly #input = new LineReader();
  readonly #rounds: DataRounds;
  #busy = false;
  #ended = false;
  #commands = 0;
  #user: string | undefined;
  #nonce: string | undefined;
  #protect = false;
  #idle: NodeJS.Timeout | undefined;

  constructor(socket: Socket, settings: SessionSettings, seat: Seat) {
    this.#socket = socket;
    this.#raw = socket;
    this.#settings = settings;
    this.#seat = seat;
    this.#data = { waitMs: settings.waitMs, open: new Set<Socket | Server>() };
    this.#view = {
      peer: { address: canonicalAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 },
      local: { address: canonicalAddress(socket.localAddress ?? ''), port: socket.localPort ?? 0 },
      tls: false,
      announced: null,
      ports: [],
      callbacks: [],
      passive: [],
    };
    this.#rounds = new DataRounds({
      view: this.#view,
      data: this.#data,
      port20: settings.port20,
      reply: (code, text) => this.#reply(code, text),
      ended: () => this.#ended,
    });
    this.#timer = setTimeout(() => this.#reply(421, 'Session time is up.', true), settings.sessionMs);
    this.#loginTimer = setTimeout(
      () => this.#reply(421, `Log in within ${Math.round(settings.loginMs / 1000)} s of connecting.`, true),
      settings.loginMs,
    );
    this.#listen(socket);
    socket.on('close', () => this.end());
    this.#reply(
      220,
      `ftpcheck reflector: log in with USER anonymous and PASS <nonce from POST /api/reflect>` +
        (settings.secure ? '; AUTH TLS offered' : ''),
    );
    this.#armIdle();
  }

  #listen(socket: Socket): void {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.#onData(chunk));
  }

  #armIdle(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#reply(421, 'No command for too long.', true), this.#settings.idleMs);
  }

  /** Told by the admission to make room: the oldest session that has not logged in. */
  evict(): void {
    this.#reply(421, 'Too many sessions waiting to log in; log in right after connecting.', true);
  }

  #onData(chunk: string): void {
    if (this.#ended) return;
    switch (this.#input.push(chunk)) {
      case 'flood':
        return this.#reply(421, `More than ${MAX_INPUT_BYTES} bytes sent ahead of the replies.`, true);
      case 'line-too-long':
        return this.#reply(500, 'Line too long.', true);
      case undefined:
        void this.#drain();
    }
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      let line: string | undefined;
      while (!this.#ended && (line = this.#input.next()) !== undefined) {
        this.#armIdle();
        if (++this.#commands > this.#settings.maxCommands) {
          this.#reply(421, 'Too many commands.', true);
          return;
        }
        await this.#command(line);
      }
    } catch {
      // A bug must not take the agent down with it: this session ends, the others go on.
      this.end();
    } finally {
      this.#busy = false;
    }
  }

  #reply(code: number, text: string, close = false): void {
    if (this.#ended) return;
    this.#socket.write(`${code} ${text}\r\n`);
    if (close) this.end();
  }

  async #command(line: string): Promise<void> {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const argument = space < 0 ? '' : line.slice(space + 1);
    const fixed = FIXED_REPLIES[verb];
    if (fixed && (!fixed.loggedIn || this.#nonce !== undefined)) {
      this.#reply(fixed.code, fixed.text);
      return;
    }
    switch (verb) {
      case 'USER':
        this.#user = argument;
        this.#reply(331, 'Send the nonce as the password.');
        return;
      case 'PASS':
        this.#logIn(argument);
        return;
      case 'AUTH':
        return this.#auth(argument);
      case 'PROT':
        this.#prot(argument);
        return;
      case 'FEAT':
        this.#socket.write(featuresReply(this.#settings.secure !== undefined));
        return;
      case 'QUIT':
        this.#reply(221, 'Goodbye.', true);
        return;
    }
    if (this.#nonce === undefined) {
      this.#reply(530, 'Log in first (USER anonymous, PASS <nonce>).');
      return;
    }
    switch (verb) {
      case 'SITE':
        this.#site(argument);
        return;
      case 'PORT':
      case 'EPRT':
        this.#rounds.port(verb, argument, verb === 'PORT' ? parsePortArgument(argument) : parseEprtArgument(argument));
        return;
      case 'PASV':
      case 'EPSV':
        return this.#rounds.passive(verb);
      case 'LIST':
      case 'NLST':
      case 'RETR':
        return this.#rounds.transfer(this.#nonce, this.#protect ? this.#settings.secure : undefined);
      case 'STAT':
        this.#reply(211, `Connected to ${this.#view.peer.address}.`);
        return;
      default:
        this.#reply(502, 'Not offered by the reflector.');
    }
  }

  #logIn(nonce: string): void {
    if (this.#user === undefined) return this.#reply(503, 'USER first.');
    if (this.#nonce !== undefined) return this.#reply(503, 'Already logged in.');
    // A seat first, so that a full reflector leaves the nonce unused for a later try.
    const noSeat = this.#seat.logIn();
    if (noSeat === 'full') return this.#reply(421, 'Too many sessions; try again in a minute.', true);
    if (noSeat === 'caller-full')
      return this.#reply(421, 'Too many sessions from your address; end one, or try again in a minute.', true);
    if (!this.#settings.book.use(nonce.trim().toLowerCase(), this.#view))
      return this.#reply(530, 'Unknown, expired or already used nonce: ask POST /api/reflect for a new one.', true);
    this.#nonce = nonce.trim().toLowerCase();
    clearTimeout(this.#loginTimer);
    this.#reply(230, 'Logged in; nothing to read or write here.');
  }

  async #auth(argument: string): Promise<void> {
    const secure = this.#settings.secure;
    if (!/^(TLS|TLS-C|SSL)$/i.test(argument.trim())) {
      this.#reply(504, 'AUTH TLS only.');
      return;
    }
    if (!secure) {
      this.#reply(534, 'AUTH TLS refused: this reflector has no certificate (--reflector-cert).');
      return;
    }
    if (this.#view.tls) {
      this.#reply(503, 'TLS is already on.');
      return;
    }
    this.#reply(234, 'AUTH TLS ok; start the handshake.');
    this.#raw.removeAllListeners('data');
    this.#input.reset();
    const upgraded = await serveTls(this.#raw, secure, this.#data, () => this.end());
    if (!upgraded) {
      this.end();
      return;
    }
    this.#socket = upgraded;
    this.#view.tls = true;
    this.#listen(upgraded);
  }

  #prot(argument: string): void {
    const level = argument.trim().toUpperCase();
    if (level === 'C') {
      this.#protect = false;
      return this.#reply(200, 'PROT C');
    }
    if (level !== 'P') return this.#reply(504, 'PROT C or P.');
    if (!this.#view.tls) return this.#reply(503, 'PROT P needs AUTH TLS first.');
    this.#protect = true;
    this.#reply(200, 'PROT P');
  }

  #site(argument: string): void {
    const m = /^CLIENT\s+(\S+)\s*$/i.exec(argument);
    if (!m?.[1]) return this.#reply(501, 'SITE CLIENT <hex of address and port> only.');
    const parsed = decodeClientHex(m[1]);
    this.#view.announced = {
      text: m[1].slice(0, SHOWN),
      parsed: parsed ? { address: parsed.address, port: parsed.port } : null,
    };
    if (!parsed) return this.#reply(501, `Not an address and port in hex: "${show(m[1])}".`);
    this.#reply(200, `You announced ${endpointText(parsed)}.`);
  }

  /** Closes the session and everything it opened; safe to call more than once. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#loginTimer);
    clearTimeout(this.#idle);
    this.#rounds.drop();
    for (const s of this.#data.open)
      if (s instanceof Socket) s.destroy();
      else s.close();
    // A half-close, reading on (and dropping what comes) for a moment: destroying a socket with
    // unread input sends a reset, which can cost the client the last reply, the one saying why.
    this.#socket.end();
    setTimeout(() => {
      this.#socket.destroy();
      this.#raw.destroy();
    }, 1000).unref();
    this.#seat.leave();
  }
}
