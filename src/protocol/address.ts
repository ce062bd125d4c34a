// Address classes, pure. Used to judge a PASV address and whether ftpcheck sits behind NAT.
import type { AddressRelation } from '../model/passive.js';
import { isIPv4Address, isIPv6Address } from './ip.js';

export type AddressClass = 'public' | 'private' | 'shared' | 'loopback' | 'link-local' | 'unspecified';

function v4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

/**
 * An address and port as one, as URLs write them: `198.18.2.2:21`, `[2001:db8::21]:21`; the address alone
 * without a port.
 */
export function formatEndpoint(e: { address: string; port: number | null }): string {
  if (e.port === null) return e.address;
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

export function classifyAddress(raw: string): AddressClass {
  const address = canonicalAddress(raw);
  if (isIPv4Address(address)) {
    const [a = 0, b = 0] = v4Octets(address);
    if (a === 0) return 'unspecified';
    if (a === 127) return 'loopback';
    if (a === 169 && b === 254) return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
    if (a === 100 && b >= 64 && b <= 127) return 'shared'; // RFC 6598 carrier-grade NAT
    return 'public';
  }
  if (isIPv6Address(address)) {
    if (address === '::') return 'unspecified';
    if (address === '::1') return 'loopback';
    const [head = ''] = address.split(':');
    const first = head === '' ? 0 : parseInt(head, 16);
    if ((first & 0xffc0) === 0xfe80) return 'link-local';
    if ((first & 0xfe00) === 0xfc00) return 'private'; // unique local addresses
    return 'public';
  }
  return 'public';
}

/** True for addresses that only mean something inside one site: what NAT hides. */
export function isSiteLocal(address: string): boolean {
  const c = classifyAddress(address);
  return c === 'private' || c === 'shared' || c === 'link-local';
}

/** How an address a server advertised relates to the address the control connection reached. */
export function relateAddress(advertised: string, controlPeer: string): AddressRelation {
  if (canonicalAddress(advertised) === canonicalAddress(controlPeer)) return 'same';
  switch (classifyAddress(advertised)) {
    case 'unspecified':
      return 'unspecified';
    case 'loopback':
      return 'loopback';
    case 'link-local':
      return 'link-local';
    case 'private':
    case 'shared':
      return 'private';
    case 'public':
      return 'foreign';
  }
}

/**
 * An IPv4 or IPv6 literal as its bytes, in network order; undefined for anything else. An IPv4-mapped
 * address (::ffff:a.b.c.d, in any spelling: dotted, hex, groups written out) is the IPv4 address it
 * maps: 4 bytes, so that every spelling of one address has one form.
 */
export function addressBytes(address: string): number[] | undefined {
  if (isIPv4Address(address)) return address.split('.').map(Number);
  if (!isIPv6Address(address) || address.includes('%')) return undefined;
  // The URL parser writes an IPv6 address in its one canonical form: eight hex groups at most, `::`
  // once, a dotted IPv4 tail turned into two groups.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (text: string): number[] => (text === '' ? [] : text.split(':').map((g) => parseInt(g, 16)));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** How an IPv6 address carries an IPv4 address that a tunnel or translator on the way may reach. */
export type Embedding = 'ipv4-compatible' | 'siit' | 'nat64' | '6to4' | 'teredo-server' | 'teredo-client';

export interface EmbeddedIPv4 {
  via: Embedding;
  /** The IPv4 address carried, dotted. */
  address: string;
}

const dotted = (bytes: readonly number[]): string => bytes.join('.');

/**
 * The IPv4 addresses an IPv6 address carries: IPv4-compatible (::a.b.c.d, RFC 4291, deprecated),
 * SIIT (::ffff:0:a.b.c.d, RFC 2765), NAT64's well-known prefix (64:ff9b::/96, RFC 6052), 6to4
 * (2002:AABB:CCDD::/48, RFC 3056) and Teredo (2001::/32, RFC 4380: the server's address in bits 32-63,
 * the client's in the last 32 bits, inverted). An IPv4-mapped address is no IPv6 address here: it is
 * the IPv4 address itself (see addressBytes()). Empty for any other address.
 */
export function embeddedIPv4(address: string): EmbeddedIPv4[] {
  const b = addressBytes(address);
  if (b?.length !== 16) return [];
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  const last = b.slice(12);
  if (zeros(0, 12) && !zeros(12, 15)) return [{ via: 'ipv4-compatible', address: dotted(last) }];
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return [{ via: 'siit', address: dotted(last) }];
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return [{ via: 'nat64', address: dotted(last) }];
  if (b[0] === 0x20 && b[1] === 0x02) return [{ via: '6to4', address: dotted(b.slice(2, 6)) }];
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0)
    return [
      { via: 'teredo-server', address: dotted(b.slice(4, 8)) },
      { via: 'teredo-client', address: dotted(last.map((x) => x ^ 0xff)) },
    ];
  return [];
}

/** The address of these bytes in its usual form: dotted IPv4, or IPv6 as the URL parser writes it. */
export function addressOfBytes(bytes: readonly number[]): string | undefined {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** One address in the form used for comparing: its canonical text (IPv4-mapped IPv6, in any spelling, unwrapped). */
export function canonicalAddress(address: string): string {
  const bytes = addressBytes(address);
  return (bytes && addressOfBytes(bytes)) ?? address.toLowerCase();
}

export function sameAddress(a: string, b: string): boolean {
  return canonicalAddress(a) === canonicalAddress(b);
}
