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
