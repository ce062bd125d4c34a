// `ftpcheck serve`: the built-in server for testing port forwards and firewalls from outside, before
// the real FTP server is installed.
import { parsePortRange } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import { type EmbeddedServer, startEmbeddedServer } from './embedded-server.js';
import { errnoOf } from '../model/errors.js';
import { accessSync, constants, statSync } from 'node:fs';

/** What `ftpcheck serve` was asked for. */
export interface ServeOptions {
  host: string;
  port: number;
  /** "MIN-MAX" as typed. */
  pasvRange: string | undefined;
  pasvAddress: string | undefined;
  root: string | undefined;
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

export async function serve(args: ServeOptions, log: (line: string) => void): Promise<EmbeddedServer> {
  const pasvRange = args.pasvRange === undefined ? undefined : parsePortRange(args.pasvRange, '--pasv-range');
  if (args.root !== undefined) checkRoot(args.root);
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedServer({
      host: args.host,
      port: args.port,
      pasvRange,
      pasvAddress: args.pasvAddress,
      root: args.root,
    });
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EADDRINUSE') throw new UsageError(`port ${args.port} on ${args.host} is already in use`);
    if (code === 'EACCES')
      throw new UsageError(`no permission to listen on port ${args.port} (ports below 1024 need root)`);
    throw err;
  }
  const range = pasvRange
    ? `${pasvRange.min}-${pasvRange.max}`
    : 'any free port from 1024 up (give --pasv-range to match your firewall)';
  log(`ftpcheck test server: anonymous, read-only, serving ${server.root}`);
  log(`  listening on ${args.host}:${server.port}; passive ports ${range}`);
  log(
    `  PASV replies name ${args.pasvAddress ?? 'the address each client connected to (set --pasv-address behind NAT)'}`,
  );
  log(
    `  test it from outside: ftpcheck ${args.pasvAddress ?? 'THIS-HOST'}${server.port === 21 ? '' : `:${server.port}`}`,
  );
  log('  stop with Ctrl-C');
  return server;
}
