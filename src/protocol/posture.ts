// What --audit's posture checks send and ask, pure. The PORT/EPRT of the FTP bounce check (RFC 2577;
// nmap's ftp-bounce) names a documentation address (192.0.2.1, RFC 5737; 2001:db8::1, RFC 3849) that
// belongs to nobody, and an unprivileged port, so that only the server's address check decides. No data
// command ever follows it.
import type { Endpoint } from '../model/connections.js';
import type { Family } from '../model/observations.js';
import { encodeEprt, encodePort } from './passive.js';

export const BOUNCE_TARGETS: Record<Family, Endpoint> = {
  4: { address: '192.0.2.1', port: 1025 },
  6: { address: '2001:db8::1', port: 1025 },
};

/** The command line that asks the server to connect to the bounce target: PORT on IPv4, EPRT on IPv6. */
export function bounceCommand(family: Family): string {
  const { address, port } = BOUNCE_TARGETS[family];
  return family === 6 ? encodeEprt(address, 6, port) : encodePort(address, port);
}

/** The user names of anonymous FTP (RFC 1635). */
export const isAnonymousUser = (user: string): boolean => user === 'anonymous' || user === 'ftp';
