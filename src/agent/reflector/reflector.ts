// The reflector: a small FTP endpoint for one test only, the active-mode test from behind the caller's
// router (`ftpcheck reflect`). Anonymous, nothing to read or write. A session logs in with a one-time
// nonce (USER anonymous, PASS <nonce>), tells its address and data port in hex (SITE CLIENT, wire form
// in protocol/reflect.ts) and then sends PORT/EPRT as usual: the reflector answers what it received,
// compares it with the hex form and with the control connection's source, and on LIST connects back —
// only ever to the control connection's source address, from port 20 when it may bind it — and sends
// the nonce. A PASV/EPSV round sends it again the other way. Everything it saw is kept under the nonce
// (nonces.ts) for the client to read through the agent's API. Only logged-in sessions count against the
// session limit (admission.ts), and what a session may send ahead of the replies is capped in bytes.
import { createServer, type Server, Socket } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import { errnoOf, ignoreError } from '../../model/errors.js';
import type { Endpoint } from '../../model/connections.js';
import type { ReflectorPassive, ReflectorView } from '../../model/reflect.js';
import { canonicalAddress, classifyAddress, sameAddress } from '../../protocol/address.js';
import { decodeClientHex, type DataAddress, parseEprtArgument, parsePortArgument } from '../../protocol/reflect.js';
import { visible } from '../../safety/visible.js';
import { callerKey, DEFAULT_IPV6_PREFIX } from '../limits.js';
import { Admission, type Admitted, type NoSeat } from './admission.js';
import { NonceBook } from './nonces.js';

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

const MAX_LINE = 512;
/**
 * Bytes a session may have sent that are not answered yet: a few pipelined commands. A client that
 * sends more while a reply is pending (a data wait lasts seconds) is flooding, and is closed.
 */
export const MAX_INPUT_BYTES = 4 * 1024;
const SHOWN = 120;
const DATA_PORT = 20;

const show = (text: string): string => visible(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
const endpointText = (e: Endpoint): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;

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

interface SessionSettings {
  book: NonceBook;
  secure: SecureContext | undefined;
  sessionMs: number;
  waitMs: number;
  idleMs: number;
  loginMs: number;
  maxCommands: number;
  port20: boolean;
}

/** A data connection waiting for LIST: where to connect back, or the passive listener. */
type Pending =
  | { kind: 'active'; to: Endpoint; family: 4 | 6 }
  | { kind: 'passive'; server: Server; record: ReflectorPassive; arrived: Socket[]; wake: (() => void) | undefined };

/** The session's seat in the admission: a login takes a logged-in seat if one is free. */
interface Seat {
  logIn(): NoSeat | undefined;
  leave(): void;
}

class ReflectorSession implements Admitted {
  #socket: Socket;
  readonly #raw: Socket;
  readonly #settings: SessionSettings;
  readonly #seat: Seat;
  readonly #timer: NodeJS.Timeout;
  readonly #loginTimer: NodeJS.Timeout;
  readonly #open = new Set<Socket | Server>();
  readonly #view: ReflectorView;
  /** The unfinished line (latin1: one character per byte). */
  #buffer = '';
  /** Whole lines not answered yet, as received (a CR before the LF still on). */
  #lines: string[] = [];
  /** Bytes received and not yet answered: the unfinished line and the queued lines with their ends. */
  #queued = 0;
  #busy = false;
  #ended = false;
  #commands = 0;
  #user: string | undefined;
  #nonce: string | undefined;
  #protect = false;
  #pending: Pending | undefined;
  #idle: NodeJS.Timeout | undefined;

  constructor(socket: Socket, settings: SessionSettings, seat: Seat) {
    this.#socket = socket;
    this.#raw = socket;
    this.#settings = settings;
    this.#seat = seat;
    this.#view = {
      peer: { address: canonicalAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 },
      local: { address: canonicalAddress(socket.localAddress ?? ''), port: socket.localPort ?? 0 },
      tls: false,
      announced: null,
      ports: [],
      callbacks: [],
      passive: [],
    };
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

  /**
   * Splits a chunk into lines, looking only at the chunk (never again at what came before), and
   * counts the bytes waiting for an answer: beyond MAX_INPUT_BYTES the session is closed.
   */
  #onData(chunk: string): void {
    if (this.#ended) return;
    this.#queued += chunk.length;
    if (this.#queued > MAX_INPUT_BYTES) {
      this.#reply(421, `More than ${MAX_INPUT_BYTES} bytes sent ahead of the replies.`, true);
      return;
    }
    let start = 0;
    let at: number;
    while ((at = chunk.indexOf('\n', start)) >= 0) {
      const line = this.#buffer + chunk.slice(start, at);
      this.#buffer = '';
      start = at + 1;
      if (line.length > MAX_LINE) {
        this.#reply(500, 'Line too long.', true);
        return;
      }
      this.#lines.push(line);
    }
    this.#buffer += chunk.slice(start);
    if (this.#buffer.length > MAX_LINE) {
      this.#reply(500, 'Line too long.', true);
      return;
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      let line: string | undefined;
      while (!this.#ended && (line = this.#lines.shift()) !== undefined) {
        // The line and its LF are being answered now.
        this.#queued -= line.length + 1;
        this.#armIdle();
        if (++this.#commands > this.#settings.maxCommands) {
          this.#reply(421, 'Too many commands.', true);
          return;
        }
        await this.#command(line.replace(/\r$/, ''));
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
    const loggedIn = this.#nonce !== undefined;
    switch (verb) {
      case 'USER':
        this.#user = argument;
        {
          this.#reply(331, 'Send the nonce as the password.');
          return;
        }
      case 'PASS': {
        this.#logIn(argument);
        return;
      }
      case 'AUTH':
        return this.#auth(argument);
      case 'PBSZ': {
        this.#reply(200, 'PBSZ=0');
        return;
      }
      case 'PROT': {
        this.#prot(argument);
        return;
      }
      case 'FEAT': {
        this.#features();
        return;
      }
      case 'SYST': {
        this.#reply(215, 'UNIX Type: L8');
        return;
      }
      case 'NOOP': {
        this.#reply(200, 'NOOP ok.');
        return;
      }
      case 'QUIT': {
        this.#reply(221, 'Goodbye.', true);
        return;
      }
    }
    if (!loggedIn) {
      this.#reply(530, 'Log in first (USER anonymous, PASS <nonce>).');
      return;
    }
    switch (verb) {
      case 'PWD': {
        this.#reply(257, '"/" is the only directory.');
        return;
      }
      case 'TYPE':
      case 'MODE':
      case 'STRU':
      case 'OPTS': {
        this.#reply(200, `${verb} ok.`);
        return;
      }
      case 'SITE': {
        this.#site(argument);
        return;
      }
      case 'PORT': {
        this.#port('PORT', argument, parsePortArgument(argument));
        return;
      }
      case 'EPRT': {
        this.#port('EPRT', argument, parseEprtArgument(argument));
        return;
      }
      case 'PASV':
      case 'EPSV':
        return this.#passive(verb);
      case 'LIST':
      case 'NLST':
      case 'RETR':
        return this.#transfer();
      case 'STAT': {
        this.#reply(211, `Connected to ${this.#view.peer.address}.`);
        return;
      }
      default: {
        this.#reply(502, 'Not offered by the reflector.');
        return;
      }
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

  #features(): void {
    const lines = ['211-Features:', ' EPRT', ' EPSV', ' PASV', ' SITE CLIENT'];
    if (this.#settings.secure) lines.push(' AUTH TLS', ' PBSZ', ' PROT');
    this.#socket.write([...lines, '211 End'].map((l) => `${l}\r\n`).join(''));
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
    this.#buffer = '';
    this.#lines = [];
    this.#queued = 0;
    const upgraded = new TLSSocket(this.#raw, { isServer: true, secureContext: secure });
    this.#open.add(upgraded);
    upgraded.on('error', () => this.end());
    const ok = await this.#handshake(upgraded);
    if (!ok) {
      this.end();
      return;
    }
    this.#socket = upgraded;
    this.#view.tls = true;
    this.#listen(upgraded);
  }

  #handshake(socket: TLSSocket): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.#settings.waitMs);
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

  #port(command: 'PORT' | 'EPRT', argument: string, parsed: DataAddress | undefined): void {
    this.#dropPending();
    const peer = this.#view.peer;
    const announced = this.#view.announced?.parsed;
    const matchesPeer = parsed !== undefined && sameAddress(parsed.address, peer.address);
    const matchesAnnounced =
      announced && parsed ? sameAddress(announced.address, parsed.address) && announced.port === parsed.port : null;
    // RFC 2577: never connect to an address the client names. A public address other than the peer's is
    // a bounce attempt and refused; a site-local one (the client's own behind NAT, unrewritten) is
    // answered by connecting back to the peer's address, which is what a NAT router would have to forward.
    const foreign = parsed !== undefined && !matchesPeer && classifyAddress(parsed.address) === 'public';
    const familyOk = parsed !== undefined && (parsed.family === 6) === peer.address.includes(':');
    const code = parsed === undefined ? 501 : foreign ? 500 : !familyOk ? 522 : 200;
    this.#view.ports.push({
      command,
      text: argument.slice(0, SHOWN),
      parsed: parsed ? { address: parsed.address, port: parsed.port } : null,
      matchesAnnounced,
      matchesPeer,
      accepted: code === 200,
      code,
    });
    const received = `${command} "${show(argument)}"`;
    if (!parsed) return this.#reply(501, `Cannot read ${received}.`);
    const named = endpointText(parsed);
    if (foreign)
      return this.#reply(
        500,
        `Illegal ${command}: ${named} is not your address (${peer.address}); the reflector connects only to you.`,
      );
    if (!familyOk) return this.#reply(522, `${command} names another address family than this connection's.`);
    const to = { address: peer.address, port: parsed.port };
    this.#pending = { kind: 'active', to, family: parsed.family };
    const compared =
      matchesAnnounced === null
        ? 'no SITE CLIENT before it'
        : matchesAnnounced
          ? 'as announced'
          : `announced ${announced ? endpointText(announced) : '?'}: rewritten on the way`;
    this.#reply(200, `Received ${received} = ${named} (${compared}); will connect to ${endpointText(to)}.`);
  }

  async #passive(command: 'PASV' | 'EPSV'): Promise<void> {
    this.#dropPending();
    const local = this.#view.local.address;
    const v6 = local.includes(':');
    if (command === 'PASV' && v6) {
      this.#reply(522, 'PASV is IPv4 only; use EPSV.');
      return;
    }
    const arrived: Socket[] = [];
    const record: ReflectorPassive = { command, port: 0, from: null, sent: false };
    const pending: Extract<Pending, { kind: 'passive' }> = {
      kind: 'passive',
      server: createServer((socket) => {
        socket.on('error', ignoreError);
        this.#open.add(socket);
        // Only the control connection's peer may take the data connection (no theft of it).
        if (!sameAddress(socket.remoteAddress ?? '', this.#view.peer.address) || arrived.length > 0) {
          socket.destroy();
          return;
        }
        arrived.push(socket);
        pending.wake?.();
      }),
      record,
      arrived,
      wake: undefined,
    };
    pending.server.maxConnections = 4;
    this.#open.add(pending.server);
    const port = await new Promise<number>((resolve) => {
      pending.server.once('error', () => resolve(0));
      pending.server.listen({ host: local, port: 0 }, () => {
        const a = pending.server.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      });
    });
    if (port === 0 || this.#ended) {
      pending.server.close();
      this.#reply(425, 'Cannot open a passive port.');
      return;
    }
    record.port = port;
    this.#view.passive.push(record);
    this.#pending = pending;
    if (command === 'EPSV') {
      this.#reply(229, `Entering Extended Passive Mode (|||${port}|)`);
      return;
    }
    this.#reply(227, `Entering Passive Mode (${local.split('.').join(',')},${port >> 8},${port & 0xff})`);
  }

  #dropPending(): void {
    const p = this.#pending;
    this.#pending = undefined;
    if (p?.kind !== 'passive') return;
    p.server.close();
    for (const s of p.arrived) s.destroy();
    p.wake?.();
  }

  async #transfer(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) {
      this.#reply(503, 'Send PORT, EPRT, PASV or EPSV first.');
      return;
    }
    const socket = pending.kind === 'active' ? await this.#connectBack(pending) : await this.#accepted(pending);
    if (this.#ended) {
      // The client left while the data connection was being made.
      socket?.destroy();
      return;
    }
    if (!socket) {
      this.#reply(425, "Can't open the data connection.");
      return;
    }
    this.#reply(150, 'Sending the nonce.');
    const sent = await this.#sendNonce(socket);
    const record = pending.kind === 'active' ? this.#view.callbacks.at(-1) : pending.record;
    if (record) record.sent = sent;
    if (pending.kind === 'passive') pending.server.close();
    this.#reply(sent ? 226 : 426, sent ? 'Nonce sent.' : 'The data connection failed.');
  }

  async #accepted(p: Extract<Pending, { kind: 'passive' }>): Promise<Socket | undefined> {
    if (p.arrived.length === 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#settings.waitMs);
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

  /** Connects to the peer's address and the port it named: from port 20 when allowed, else any port. */
  async #connectBack(p: Extract<Pending, { kind: 'active' }>): Promise<Socket | undefined> {
    const localAddress = this.#view.local.address;
    let notFromPort20: string | null = this.#settings.port20 ? null : 'not asked to';
    let outcome = this.#settings.port20 ? await this.#connect(p.to, localAddress, DATA_PORT) : undefined;
    if (outcome?.errno === 'EACCES' || outcome?.errno === 'EPERM' || outcome?.errno === 'EADDRINUSE') {
      notFromPort20 =
        outcome.errno === 'EADDRINUSE'
          ? 'port 20 was busy'
          : 'no permission to bind port 20 (needs root or CAP_NET_BIND_SERVICE)';
      outcome = undefined;
    }
    outcome ??= await this.#connect(p.to, localAddress, undefined);
    const s = outcome.socket;
    this.#view.callbacks.push({
      to: p.to,
      from: s ? { address: canonicalAddress(s.localAddress ?? ''), port: s.localPort ?? 0 } : null,
      notFromPort20,
      outcome: outcome.kind,
      sent: false,
    });
    return s;
  }

  #connect(
    to: Endpoint,
    localAddress: string,
    localPort: number | undefined,
  ): Promise<{ kind: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error'; socket?: Socket; errno?: string }> {
    return new Promise((resolve) => {
      const socket = new Socket();
      this.#open.add(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ kind: 'timeout' });
      }, this.#settings.waitMs);
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

  /** Writes the nonce (over TLS when PROT P: the reflector is the TLS server, RFC 4217) and closes. */
  async #sendNonce(socket: Socket): Promise<boolean> {
    const secure = this.#settings.secure;
    let out: Socket = socket;
    if (this.#protect && secure) {
      const tls = new TLSSocket(socket, { isServer: true, secureContext: secure });
      this.#open.add(tls);
      tls.on('error', ignoreError);
      if (!(await this.#handshake(tls))) {
        tls.destroy();
        return false;
      }
      out = tls;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        out.destroy();
        resolve(false);
      }, this.#settings.waitMs);
      out.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      out.end(`${this.#nonce ?? ''}\r\n`, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Closes the session and everything it opened; safe to call more than once. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#loginTimer);
    clearTimeout(this.#idle);
    this.#dropPending();
    for (const s of this.#open)
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
