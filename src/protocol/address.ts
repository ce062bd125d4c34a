// Address classes, pure. Used to judge a PASV address and whether ftpcheck sits behind NAT.
import type { AddressRelation } from '../model/observations.js';
import { isIPv4Address, isIPv6Address } from './ip.js';

export type AddressClass = 'public' | 'private' | 'shared' | 'loopback' | 'link-local' | 'unspecified';

/** "::ffff:192.0.2.1" → "192.0.2.1", so both forms of one address compare equal. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}

function v4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

export function classifyAddress(raw: string): AddressClass {
  const address = normalizeAddress(raw);
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
  if (normalizeAddress(advertised) === normalizeAddress(controlPeer)) return 'same';
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

/** An IPv4 or IPv6 literal as its bytes, in network order; undefined for anything else. */
export function addressBytes(address: string): number[] | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return addressBytes(mapped[1]);
  if (isIPv4Address(address)) return address.split('.').map(Number);
  if (!isIPv6Address(address) || address.includes('%')) return undefined;
  // The URL parser writes an IPv6 address in its one canonical form: eight groups at most, `::` once.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (text: string): number[] => (text === '' ? [] : text.split(':').map((g) => parseInt(g, 16)));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The address of these bytes in its usual form: dotted IPv4, or IPv6 as the URL parser writes it. */
export function addressOfBytes(bytes: readonly number[]): string | undefined {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** One address in the form used for comparing: its canonical text (IPv4-mapped IPv6 unwrapped). */
export function canonicalAddress(address: string): string {
  const bytes = addressBytes(address);
  return (bytes && addressOfBytes(bytes)) ?? address.toLowerCase();
}

export function sameAddress(a: string, b: string): boolean {
  return canonicalAddress(a) === canonicalAddress(b);
}
