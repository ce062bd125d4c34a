// allowTargets patterns, parsed once when the config is read and matched by what they are. Whether a
// pattern names addresses or names is decided by parsing its host, never by the characters it uses:
// `10.0.0.*`, `10.0.0.0/8`, `[fd00::5]` and `[fd00::/8]` are addresses and match a target's resolved
// addresses only; `ftp.lan`, `cafe.be` and `*.corp.example` are names and match the target's name only,
// so `10.0.0.evil.example` is a name that no address pattern matches. Pure.
import { addressBytes } from '../protocol/address.js';
import { ipVersion, isIPv6Address } from '../protocol/ip.js';
import { UsageError } from './usage-error.js';

/** The host part of a pattern. */
export type HostPattern =
  /** An address or a CIDR block; a literal is a block of its whole length. IPv4-mapped ones are IPv4. */
  | { kind: 'block'; bytes: readonly number[]; prefix: number }
  /** IPv4 with whole octets as wildcards: `10.0.*.5`; `10.*` stands for `10.*.*.*`. */
  | { kind: 'octets'; octets: readonly (number | undefined)[] }
  /** A DNS name; `*` stands for one or more whole labels. `exact`: no wildcard in it. */
  | { kind: 'name'; labels: readonly string[]; exact: boolean };

export interface TargetPattern {
  /** As written in the config. */
  text: string;
  host: HostPattern;
  /** undefined: any port (`*`). */
  port: number | undefined;
}

export const PATTERN_SYNTAX =
  'HOST:PORT with PORT a number or *, and HOST an IPv4 address with * for whole octets (10.0.0.*), an IPv4 CIDR ' +
  '(10.0.0.0/8), an IPv6 address or CIDR in brackets ([fd00::5], [fd00::/8]), or a DNS name with * for whole ' +
  'labels (ftp.lan, *.corp.example)';

const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

function invalid(text: string, why: string): UsageError {
  return new UsageError(`allowTargets pattern "${text}": ${why}; expected ${PATTERN_SYNTAX}`);
}

function blockOf(text: string, address: string, prefixText: string | undefined, family: 4 | 6): HostPattern {
  const bytes = ipVersion(address) === family ? addressBytes(address) : undefined;
  if (bytes === undefined) throw invalid(text, `"${address}" is not an IPv${family} address`);
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))
    throw invalid(text, 'the prefix length is not a number');
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) throw invalid(text, `an IPv${family} prefix is at most /${bits}`);
  // An IPv4-mapped block (::ffff:a.b.c.d/n, n ≥ 96) is the IPv4 block it maps.
  if (bytes.length === 4 && family === 6) {
    if (prefix < 96) throw invalid(text, 'an IPv4-mapped block is at least /96');
    return { kind: 'block', bytes, prefix: prefix - 96 };
  }
  return { kind: 'block', bytes, prefix };
}

function hostPattern(text: string, host: string): HostPattern {
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) throw invalid(text, 'an IPv6 address in brackets is missing its "]"');
    const [address = '', prefix, ...more] = host.slice(1, -1).split('/');
    if (more.length > 0 || !isIPv6Address(address) || address.includes('%'))
      throw invalid(text, `"${host}" is not an IPv6 address or CIDR`);
    return blockOf(text, address, prefix, 6);
  }
  if (host.includes(':')) throw invalid(text, 'write an IPv6 address in brackets, [2001:db8::5]:21');
  if (host.includes('/')) {
    const [address = '', prefix, ...more] = host.split('/');
    if (more.length > 0) throw invalid(text, `"${host}" is not a CIDR block`);
    return blockOf(text, address, prefix, 4);
  }
  const parts = host.toLowerCase().split('.');
  // An address pattern starts with a number: names ending in a numeric label are no host names.
  if (/^\d+$/.test(parts[0] ?? '') && parts.every((p) => p === '*' || /^\d+$/.test(p))) {
    if (parts.length > 4 || (parts.length < 4 && parts.at(-1) !== '*'))
      throw invalid(text, `"${host}" is not an IPv4 address: four octets, or fewer ending in *`);
    const octets = parts.map((p) => (p === '*' ? undefined : Number(p)));
    if (octets.some((o, i) => o !== undefined && (o > 255 || String(o) !== parts[i])))
      throw invalid(text, `"${host}" has an octet that is not a number from 0 to 255`);
    if (!octets.includes(undefined)) return blockOf(text, host, undefined, 4);
    return { kind: 'octets', octets: [...octets, ...Array<undefined>(4 - octets.length).fill(undefined)] };
  }
  if (!parts.every((label) => LABEL.test(label)))
    throw invalid(text, `"${host}" is not a name: labels of letters, digits, - and _, or * for whole labels`);
  if (parts.every((label) => label === '*'))
    throw invalid(text, `"${host}" names no name; write 0.0.0.0/0 for every IPv4 address`);
  if (/^\d+$/.test(parts.at(-1) ?? ''))
    throw invalid(text, `"${host}" ends in a number: neither a name nor an IPv4 address`);
  return { kind: 'name', labels: parts, exact: !parts.includes('*') };
}

/** One pattern; a UsageError names the pattern and the syntax. */
export function parseTargetPattern(text: string): TargetPattern {
  const colon = text.lastIndexOf(':');
  if (colon < 0 || (text.startsWith('[') && !text.slice(0, colon).endsWith(']')))
    throw invalid(text, 'the port is missing (write :21, or :* for any port)');
  const portText = text.slice(colon + 1);
  let port: number | undefined;
  if (portText !== '*') {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw invalid(text, `"${portText}" is not a port from 1 to 65535 or *`);
  }
  return { text, host: hostPattern(text, text.slice(0, colon)), port };
}

export function parseTargetPatterns(texts: readonly string[]): TargetPattern[] {
  return texts.map(parseTargetPattern);
}

const portMatches = (pattern: TargetPattern, port: number): boolean =>
  pattern.port === undefined || pattern.port === port;

function inBlock(bytes: readonly number[], block: readonly number[], prefix: number): boolean {
  if (bytes.length !== block.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if ((((bytes[bit / 8] ?? 0) ^ (block[bit / 8] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

/** Whether an address pattern matches this address (in any spelling) and port. Name patterns never do. */
export function matchesAddress(pattern: TargetPattern, address: string, port: number): boolean {
  if (!portMatches(pattern, port)) return false;
  const bytes = addressBytes(address);
  if (bytes === undefined) return false;
  switch (pattern.host.kind) {
    case 'block':
      return inBlock(bytes, pattern.host.bytes, pattern.host.prefix);
    case 'octets': {
      const { octets } = pattern.host;
      return bytes.length === 4 && octets.every((o, i) => o === undefined || o === bytes[i]);
    }
    case 'name':
      return false;
  }
}

/** Whether a pattern names one address exactly (a literal, not a block or wildcard), and no name. */
export function namesOneAddress(pattern: TargetPattern): boolean {
  return pattern.host.kind === 'block' && pattern.host.prefix === pattern.host.bytes.length * 8;
}

/** A target's name as compared: lower case, without the root's trailing dot. */
const nameLabels = (name: string): string[] => name.toLowerCase().replace(/\.$/, '').split('.');

function labelsMatch(pattern: readonly string[], name: readonly string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return name.length === 0;
  if (head !== '*') return name[0] === head && labelsMatch(rest, name.slice(1));
  // `*` takes one label or more.
  for (let taken = 1; taken <= name.length; taken++) if (labelsMatch(rest, name.slice(taken))) return true;
  return false;
}

/**
 * Whether a name pattern matches this target name and port. An address literal is no name: only
 * address patterns match it. `exactOnly`: only patterns without a wildcard count.
 */
export function matchesName(pattern: TargetPattern, name: string, port: number, exactOnly = false): boolean {
  if (pattern.host.kind !== 'name' || !portMatches(pattern, port) || ipVersion(name) !== 0) return false;
  if (exactOnly && !pattern.host.exact) return false;
  return labelsMatch(pattern.host.labels, nameLabels(name));
}
