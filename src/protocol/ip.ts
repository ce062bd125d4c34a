// Telling IP address literals from names, pure and cheap. node:net's isIPv6 compiles a very large
// regular expression the first time it runs (about 9 ms on this kind of machine, paid by every check
// of a name or an IPv6 address); the URL parser checks IPv6 syntax in native code instead.

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_COLON_DOT = /^[0-9a-fA-F:.]+$/;
const ZONE = /^[\w.-]+$/;

export function isIPv4Address(text: string): boolean {
  return IPV4.test(text);
}

/** An IPv6 address, optionally with a zone ("fe80::1%eth0"), as node:net's isIPv6 accepts it. */
export function isIPv6Address(text: string): boolean {
  const [address = '', zone, ...more] = text.split('%');
  if (more.length > 0 || (zone !== undefined && !ZONE.test(zone))) return false;
  if (!address.includes(':') || !HEX_COLON_DOT.test(address)) return false;
  return URL.canParse(`http://[${address}]/`);
}

/** 4 or 6 for an address literal, 0 for anything else (a name), like node:net's isIP. */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (isIPv4Address(text)) return 4;
  return isIPv6Address(text) ? 6 : 0;
}
