// `ftpcheck serve`: the built-in server for testing port forwards and firewalls from outside, before
// the real FTP server is installed; with --tls, for testing FTPS paths too (explicit AUTH TLS on the
// control port, and implicit FTPS on --implicit-port).
import { accessSync, constants, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { errnoOf } from '../model/errors.js';
import { parsePortRange } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { type Certificate, loadCertificate, makeSelfSigned } from './certificate.js';
import { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from './embedded-server.js';

/** What `ftpcheck serve` was asked for. */
export interface ServeOptions {
  host: string;
  port: number;
  /** "MIN-MAX" as typed. */
  pasvRange: string | undefined;
  pasvAddress: string | undefined;
  root: string | undefined;
  /** FTPS: AUTH TLS on the control port. */
  tls: boolean;
  /** Also implicit FTPS (TLS from the first byte) on this port; implies tls. */
  implicitPort: number | undefined;
  cert: string | undefined;
  key: string | undefined;
}

/** What serve() started: closing it stops every listener. */
export interface Served {
  port: number;
  implicitPort: number | undefined;
  root: string;
  close(): Promise<void>;
}

/** A root that does not exist would start a server whose every listing fails (451 ENOENT): refuse it now. */
function checkRoot(root: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
    // Listing needs read, entering needs execute: checked as the user the server runs as.
    if (isDirectory) accessSync(root, constants.R_OK | constants.X_OK);
  } catch (err) {
    const code = errnoOf(err);
    throw new UsageError(
      code === 'ENOENT' ? `--root ${root}: no such directory` : `--root ${root}: cannot read it (${code ?? 'error'})`,
    );
  }
  if (!isDirectory) throw new UsageError(`--root ${root}: not a directory`);
}

/** The names a client may reach this server by, for a made certificate. */
function certificateNames(args: ServeOptions): string[] {
  const wildcard = args.host === '0.0.0.0' || args.host === '::';
  return [
    ...(wildcard ? [] : [args.host]),
    ...(args.pasvAddress === undefined ? [] : [args.pasvAddress]),
    hostname(),
    'localhost',
    '127.0.0.1',
    '::1',
  ];
}

async function certificate(args: ServeOptions): Promise<Certificate | undefined> {
  if ((args.cert === undefined) !== (args.key === undefined)) throw new UsageError('--cert and --key go together');
  const tls = args.tls || args.implicitPort !== undefined;
  if (!tls) {
    if (args.cert !== undefined) throw new UsageError('--cert and --key are for --tls (or --implicit-port)');
    return undefined;
  }
  return args.cert !== undefined && args.key !== undefined
    ? loadCertificate(args.cert, args.key)
    : makeSelfSigned(certificateNames(args));
}

async function listen(options: EmbeddedServerOptions, host: string): Promise<EmbeddedServer> {
  const port = options.port ?? 0;
  try {
    return await startEmbeddedServer(options);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use`);
    if (code === 'EACCES') throw new UsageError(`no permission to listen on port ${port} (ports below 1024 need root)`);
    throw err;
  }
}

export async function serve(args: ServeOptions, log: (line: string) => void): Promise<Served> {
  const pasvRange = args.pasvRange === undefined ? undefined : parsePortRange(args.pasvRange, '--pasv-range');
  if (args.root !== undefined) checkRoot(args.root);
  if (args.implicitPort !== undefined && args.implicitPort === args.port)
    throw new UsageError(`--implicit-port ${args.implicitPort} is the control port; give another one`);
  const cert = await certificate(args);
  const common = { host: args.host, pasvRange, pasvAddress: args.pasvAddress };
  const main = await listen(
    {
      ...common,
      port: args.port,
      root: args.root,
      tls: cert && { key: cert.key, cert: cert.cert, mode: 'explicit' },
    },
    args.host,
  );
  let implicit: EmbeddedServer | undefined;
  try {
    if (cert && args.implicitPort !== undefined)
      implicit = await listen(
        { ...common, port: args.implicitPort, root: main.root, tls: { key: cert.key, cert: cert.cert } },
        args.host,
      );
  } catch (err) {
    await main.close();
    throw err;
  }

  const range = pasvRange
    ? `${pasvRange.min}-${pasvRange.max}`
    : 'any free port from 10000 up (give --pasv-range to match your firewall)';
  const target = args.pasvAddress ?? 'THIS-HOST';
  log(`ftpcheck test server: anonymous, read-only, serving ${main.root}`);
  log(`  listening on ${args.host}:${main.port}${cert ? ' (plain FTP, and FTPS after AUTH TLS)' : ''}`);
  if (implicit) log(`  implicit FTPS on ${args.host}:${implicit.port}`);
  log(`  passive ports ${range}`);
  log(
    `  PASV replies name ${args.pasvAddress ?? 'the address each client connected to (set --pasv-address behind NAT)'}`,
  );
  if (cert) {
    log(`  certificate SHA-256 ${cert.fingerprint}${cert.selfSigned ? ' (self-signed, made now)' : ''}`);
    if (cert.selfSigned)
      log('  ftpcheck --tls calls it untrusted (a warning); other clients: accept it when they show this fingerprint');
  }
  log(`  test it from outside: ftpcheck ${target}${main.port === 21 ? '' : `:${main.port}`}${cert ? ' --tls' : ''}`);
  if (implicit) log(`                        ftpcheck ftps://${target}:${implicit.port}`);
  log('  stop with Ctrl-C');
  return {
    port: main.port,
    implicitPort: implicit?.port,
    root: main.root,
    close: async () => {
      await implicit?.close();
      await main.close();
    },
  };
}
