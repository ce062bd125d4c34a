// The reflector's wire forms, pure: the PORT and EPRT arguments as a server reads them (RFC 959,
// RFC 2428), and the second form in which a client tells its address and data port, one that an FTP
// helper on a router does not rewrite: `SITE CLIENT <hex>`, the address's bytes in network order (4 for
// IPv4, 16 for IPv6) followed by the port's 2 bytes, in hexadecimal (12 or 36 digits). Routers' helpers
// look for PORT/EPRT and for dotted or comma-separated addresses; a run of hex digits is neither.
import type { Endpoint } from '../model/connections.js';
import type { Family } from '../model/observations.js';
import { addressBytes, addressOfBytes, canonicalAddress } from './address.js';
import { isIPv4Address, isIPv6Address } from './ip.js';

/** The command that carries the hex form, and its verb as the reflector reads it. */
export const CLIENT_COMMAND = 'SITE CLIENT';

export interface DataAddress extends Endpoint {
  family: Family;
}

/** The hex form of an address and port: `c0000201` + `0401` for 192.0.2.1 port 1025. */
export function encodeClientHex(address: string, port: number): string | undefined {
  const bytes = addressBytes(address);
  if (!bytes || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return [...bytes, port >> 8, port & 0xff].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function decodeClientHex(text: string): DataAddress | undefined {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || (hex.length !== 12 && hex.length !== 36)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  const portBytes = bytes.splice(-2);
  const port = ((portBytes[0] ?? 0) << 8) | (portBytes[1] ?? 0);
  const address = addressOfBytes(bytes);
  if (address === undefined || port === 0) return undefined;
  return { address, port, family: bytes.length === 4 ? 4 : 6 };
}

/** PORT's argument, `h1,h2,h3,h4,p1,p2`: each number 0–255, the port not 0. Spaces are not allowed. */
export function parsePortArgument(argument: string): DataAddress | undefined {
  const m = /^(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})$/.exec(argument);
  if (!m) return undefined;
  const n = m.slice(1, 7).map(Number);
  if (n.some((x) => x > 255)) return undefined;
  const [a = 0, b = 0, c = 0, d = 0, p1 = 0, p2 = 0] = n;
  const port = p1 * 256 + p2;
  if (port === 0) return undefined;
  return { address: `${a}.${b}.${c}.${d}`, port, family: 4 };
}

/** EPRT's argument, `<d>proto<d>address<d>port<d>` with any printable delimiter (RFC 2428). */
export function parseEprtArgument(argument: string): DataAddress | undefined {
  const d = argument[0];
  if (d === undefined || d < '!' || d > '~' || /[0-9a-fA-F.:]/.test(d)) return undefined;
  const parts = argument.split(d);
  if (parts.length !== 5 || parts[0] !== '' || parts[4] !== '') return undefined;
  const [, proto, address = '', portText = ''] = parts;
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  if (proto === '1' && isIPv4Address(address)) return { address, port, family: 4 };
  if (proto === '2' && isIPv6Address(address) && !address.includes('%'))
    return { address: canonicalAddress(address), port, family: 6 };
  return undefined;
}
