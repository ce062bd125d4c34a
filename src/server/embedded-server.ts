// The built-in FTP server behind `serve`, `demo` and the tests: ftp-srv, anonymous and read-only,
// quiet, on the ports asked for, and closed completely on close(). ftp-srv is imported here only, when
// one of those commands runs, so that a plain check does not pay for loading it.
import type { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv4, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ignoreError } from '../model/errors.js';
import { canonicalAddress } from '../protocol/address.js';
import { guardPassivePorts } from './passive-guard.js';
import { answerTlsCommands } from './session-commands.js';

export interface EmbeddedServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  pasvRange?: { min: number; max: number };
  /** The address PASV replies name; by default the address each client connected to. */
  pasvAddress?: string | ((clientIp: string) => string);
  /** Directory to serve; by default a fresh temporary directory with a small sample tree. */
  root?: string;
  disable?: ('PASV' | 'EPSV' | 'PORT' | 'EPRT')[];
  users?: { name: string; password: string }[];
  anonymous?: boolean;
  /** FTPS with this key and certificate: implicit (ftps://, TLS from the first byte) or explicit (AUTH TLS). */
  tls?: { key: string; cert: string; mode?: 'implicit' | 'explicit' };
  /** How long a passive listener waits for a transfer command before it is closed; 10 s by default. */
  passiveIdleMs?: number;
  /** Allow uploads, deletes and the other writes (for tests of --upload); read-only by default. */
  writable?: boolean;
}

export interface EmbeddedServer {
  host: string;
  port: number;
  root: string;
  close(): Promise<void>;
}

// Commands that would change anything on disk: the server is read-only.
const WRITE_COMMANDS = ['STOR', 'APPE', 'STOU', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNFR', 'RNTO', 'SITE', 'ALLO'];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGQUIT'] as const;
const GREETING = 'ftpcheck test server (ftp-srv), read-only';
/**
 * How long a passive listener stays open without a transfer command. Clients send the command at once
 * after PASV/EPSV; a listener left waiting longer holds one port of a range that may have only a few.
 */
const PASSIVE_IDLE_MS = 10_000;

/** ftp-srv's own FEAT lines, from its command registry (ftp-srv's package has no exports map to forbid it). */
async function ftpSrvFeatures(): Promise<string[]> {
  // A literal specifier: bundlers (the single executable's) see it; a variable would be looked up at run
  // time, which a single executable cannot do.
  const { default: registry } = await import('ftp-srv/src/commands/registry.js');
  const features: string[] = [];
  for (const command of Object.values(registry)) {
    const flags: unknown = typeof command === 'object' && command !== null ? Reflect.get(command, 'flags') : undefined;
    const feat: unknown = typeof flags === 'object' && flags !== null ? Reflect.get(flags, 'feat') : undefined;
    if (typeof feat === 'string') features.push(feat);
  }
  return features;
}

/** The large file of the sample tree. */
export const SAMPLE_FILE = { name: 'sample.bin', bytes: 192 * 1024 } as const;

function sampleTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'ftpcheck-root-'));
  writeFileSync(join(root, 'readme.txt'), 'This is the ftpcheck test server. It is read-only.\n');
  mkdirSync(join(root, 'pub'));
  writeFileSync(join(root, 'pub', 'hello.txt'), 'hello\n');
  // What the bulk sample downloads: the smallest file of at least 64 KiB, smaller than the default
  // sample (256 KiB), so a healthy check reads it whole and ends the transfer the ordinary way.
  writeFileSync(join(root, SAMPLE_FILE.name), Buffer.alloc(SAMPLE_FILE.bytes, 'ftpcheck sample data\n'));
  return root;
}

/** The parts of one ftp-srv client connection that close() must end; its type definitions omit them. */
interface ClientInternals {
  commandSocket?: Socket;
  connector?: { dataSocket?: Socket | null; dataServer?: Server | null };
}

/** ftp-srv's table of live client connections, by id (not in its type definitions). */
function clientTable(server: object): Record<string, ClientInternals> {
  const table: unknown = Reflect.get(server, 'connections');
  return typeof table === 'object' && table !== null ? (table as Record<string, ClientInternals>) : {};
}

/**
 * Ends every socket and listener of every client at once. ftp-srv's own close() only half-closes data
 * sockets (end(), which waits for the peer), leaves an accepted-but-unused passive listener open, and
 * arms a 1 s timer per client; emptying its table first makes its close() just stop the listener.
 */
function dropClients(server: object): void {
  const table = clientTable(server);
  for (const [id, client] of Object.entries(table)) {
    const connector = client.connector;
    if (connector?.dataSocket instanceof Socket) connector.dataSocket.destroy();
    if (connector?.dataServer instanceof Server) connector.dataServer.close();
    client.commandSocket?.destroy();
    Reflect.deleteProperty(table, id);
  }
}

/**
 * Where a server without a passive range starts looking for a free port. ftp-srv tries five ports from
 * its pasv_min upwards and then answers "400 Unable to find valid port"; every server on a machine that
 * starts at 1024 meets the others' ports there (seen with a few dozen test servers at once), so each
 * starts somewhere of its own between 10000 and 59999.
 */
function anyPassivePortStart(): number {
  return 10000 + Math.floor(Math.random() * 50000);
}

/** A PASV reply can only name an IPv4 address. */
function pasvAddressError(address: string): Error {
  // ftp-srv replies with the error's `code` and message; 425 is what it uses for its own PASV failures.
  return Object.assign(new Error(`PASV cannot name ${address}; use EPSV`), { code: 425 });
}

/** A logger that drops everything: ftp-srv's default writes JSON lines to stdout. */
function quietLogger(): Record<string, unknown> {
  const drop = (): void => {
    // Deliberately nothing: ftp-srv's log is not ours to show.
  };
  const log: Record<string, unknown> = { trace: drop, debug: drop, info: drop, warn: drop, error: drop, fatal: drop };
  log.child = () => log;
  return log;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const { FtpSrv } = await import('ftp-srv');
  const host = options.host ?? '127.0.0.1';
  const ownRoot = options.root === undefined;
  const root = options.root ?? sampleTree();
  const anonymous = options.anonymous ?? true;

  // By default, answer PASV with the address the client reached: what vsftpd does without pasv_address,
  // and right on a multi-homed host. ftp-srv tells the PASV address function only the client's address,
  // so remember, per client address, which local address its latest control connection arrived on.
  const localFor = new Map<string, string>();
  const wildcard = host === '0.0.0.0' || host === '::';
  const reachedAddress = (clientIp: string): string => {
    const local = localFor.get(canonicalAddress(clientIp)) ?? (wildcard ? undefined : host);
    if (local === undefined || !isIPv4(local)) throw pasvAddressError(local ?? 'an unknown address');
    return local;
  };
  const pasvAddress = options.pasvAddress ?? reachedAddress;

  const features = await ftpSrvFeatures();
  const releases = new Set<() => void>();
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const server = new FtpSrv({
    url: `${options.tls && options.tls.mode !== 'explicit' ? 'ftps' : 'ftp'}://${urlHost}:${options.port ?? 0}`,
    // ftp-srv's types allow only a string; a function is what it calls per PASV (see its pasv.js).
    pasv_url: pasvAddress as unknown as string,
    pasv_min: options.pasvRange?.min ?? anyPassivePortStart(),
    pasv_max: options.pasvRange?.max ?? 65535,
    anonymous,
    blacklist: [...(options.writable ? [] : WRITE_COMMANDS), ...(options.disable ?? [])],
    log: quietLogger(),
    tls: options.tls ? { key: options.tls.key, cert: options.tls.cert } : false,
  });
  // ftp-srv ends its greeting with a line of its own ("Features: a ." for anonymous, after the greeting
  // option's lines): the greeting is that line, and ours.
  Reflect.set(server, '_features', GREETING);
  // ftp-srv installs handlers that call process.exit(0) on these signals; the CLI decides that itself.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }

  // Events and fields that ftp-srv has but its type definitions omit.
  const events: EventEmitter = server;
  events.on('connect', ({ connection }: { connection: ClientInternals }) => {
    const socket = connection.commandSocket;
    const release = guardPassivePorts(connection, options.passiveIdleMs ?? PASSIVE_IDLE_MS);
    releases.add(release);
    socket?.once('close', () => {
      releases.delete(release);
      release();
    });
    answerTlsCommands(connection, features, options.tls);
    // ftp-srv writes a multi-line reply in several writes; without this, Nagle's algorithm holds the
    // later ones until the client's delayed ACK, about 40 ms per reply.
    socket?.setNoDelay(true);
    if (socket?.remoteAddress && socket.localAddress)
      localFor.set(canonicalAddress(socket.remoteAddress), canonicalAddress(socket.localAddress));
  });
  server.on(
    'login',
    (
      { username, password }: { username: string; password: string },
      resolve: (r: { root: string }) => void,
      reject: (e: Error) => void,
    ) => {
      const known = options.users?.some((u) => u.name === username && u.password === password) ?? false;
      if (known || (anonymous && (username === 'anonymous' || username === 'ftp'))) resolve({ root });
      else reject(new Error('Login incorrect.'));
    },
  );
  // ftp-srv reports a client's socket errors as 'client-error' and ends that client; nothing else to do.
  server.on('client-error', ignoreError);

  try {
    await server.listen();
  } catch (err) {
    if (ownRoot) rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const listener: unknown = Reflect.get(server, 'server');
  const address = listener instanceof Server ? listener.address() : null;
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  return {
    host,
    port,
    root,
    // Idempotent: demo's finally and a signal handler may both call it.
    close: () =>
      (closed ??= (async () => {
        for (const release of releases) release();
        dropClients(server);
        // ftp-srv's types say close() returns any; it is a promise, which rejects when a client is slow to
        // go. The clients were dropped above, so go on and remove the root.
        await (server.close() as Promise<unknown>).catch(ignoreError);
        if (ownRoot) rmSync(root, { recursive: true, force: true });
      })()),
  };
}
