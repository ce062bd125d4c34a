// Which targets an agent listening beyond loopback may check. Anyone who can reach such an agent (and
// holds its token) could otherwise use it to scan the network it sits in: its loopback services, the
// LAN behind it, the cloud's link-local metadata service. So every address a target resolves to is
// vetted, and the check then connects to exactly the vetted addresses (see prepareCheck()), which
// defeats DNS rebinding (a name that answers a public address to the vetting and a private one to the
// connection). Pure, apart from ownAddresses().
import { networkInterfaces } from 'node:os';
import { canonicalAddress } from '../protocol/address.js';
import { isIPv4Address, isIPv6Address } from '../protocol/ip.js';

/** Why an address is refused; each names one rule of the policy. */
export type AddressRule =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade-nat'
  | 'benchmarking'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'agent-own-address';

export const RULE_TEXT: Record<AddressRule, string> = {
  loopback: 'a loopback address (127.0.0.0/8, ::1)',
  private: 'a private address (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  'link-local': 'a link-local address (169.254.0.0/16, fe80::/10)',
  'unique-local': 'a unique-local IPv6 address (fc00::/7)',
  'carrier-grade-nat': 'a carrier-grade NAT address (100.64.0.0/10)',
  benchmarking: 'a benchmarking address (198.18.0.0/15, RFC 2544: not routed on the internet, used inside networks)',
  unspecified: 'an unspecified address (0.0.0.0/8, ::)',
  multicast: 'a multicast address (224.0.0.0/4, ff00::/8)',
  reserved: 'a reserved or broadcast address (240.0.0.0/4)',
  'agent-own-address': "one of the agent's own addresses",
};

function v4Rule(octets: readonly number[]): AddressRule | undefined {
  const [a = 0, b = 0] = octets;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade-nat';
  // Not globally reachable (RFC 6890), so only networks near the agent use it: labs, some internal
  // networks, and proxies' "fake IP" DNS that answers names with it.
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return undefined;
}

/** An IPv6 address as its eight 16-bit groups (a zone dropped, a dotted IPv4 tail converted). */
function v6Groups(text: string): number[] | undefined {
  const address = text.split('%')[0] ?? '';
  let head = address;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1] !== undefined && dotted[2] !== undefined) {
    if (!isIPv4Address(dotted[2])) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = dotted[2].split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const left = parse(halves[0]);
  const right = [...parse(halves[1]), ...tail];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function v6Rule(groups: readonly number[]): AddressRule | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = (): number[] => [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible) reach the IPv4 address.
    if (g5 === 0xffff || (g5 === 0 && (g6 !== 0 || g7 > 1))) return v4Rule(embedded());
    if (g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified';
    if (g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  }
  // NAT64's well-known prefix (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16, RFC 3056) carry an IPv4
  // address that a gateway on the way may reach: it is judged as that address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Rule(embedded());
  if (g0 === 0x2002) return v4Rule([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/** The rule an address falls under by its class, or undefined for an ordinary public address. */
export function addressRule(address: string): AddressRule | undefined {
  if (isIPv4Address(address)) return v4Rule(address.split('.').map(Number));
  if (!isIPv6Address(address)) return 'reserved';
  const groups = v6Groups(address);
  return groups ? v6Rule(groups) : 'reserved';
}

/** The addresses of this machine's interfaces, canonical. */
export function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) own.add(canonicalAddress(entry.address));
  return own;
}

/** Whether a listen address is loopback: then only this machine can call, and the policy is off. */
export function isLoopbackListener(host: string): boolean {
  return host === 'localhost' || addressRule(host) === 'loopback';
}

/** "host:port" against patterns such as "ftp.lan:21", "10.0.0.*:*" or "[fd00::5]:21", * a wildcard. */
function matches(pattern: string, hostPort: string): boolean {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^\\s]*');
  return new RegExp(`^${body}$`, 'i').test(hostPort);
}

/** The host part of a pattern names addresses (digits, dots, colons, hex, *) rather than names. */
const ADDRESS_PATTERN = /^\[?[0-9a-f.:*]*\]?:[^:]*$/i;

export interface TargetPolicy {
  /** Off on a loopback listener: only this machine can ask. */
  enforced: boolean;
  /** The operator's exceptions (config allowTargets). */
  allowTargets: readonly string[] | undefined;
  own: ReadonlySet<string>;
}

/**
 * Whether the operator allowed this address of this target. A pattern whose host part looks like an
 * address ("10.*:21", "[fd00::*]:*") is matched against the address only, never against the name: a
 * name such as "10.attacker.example" must not borrow an address pattern's exception. A pattern that
 * names a host ("ftp.lan:21", "*.corp.example:*") allows whatever that name resolves to.
 */
export function exempted(
  patterns: readonly string[] | undefined,
  host: string,
  address: string,
  port: number,
): boolean {
  if (!patterns) return false;
  const forms = [`${address}:${port}`, `[${address}]:${port}`];
  return patterns.some((p) =>
    ADDRESS_PATTERN.test(p) || p.startsWith('[')
      ? forms.some((f) => matches(p, f))
      : matches(p, `${host}:${port}`) || forms.some((f) => matches(p, f)),
  );
}

/** Why the check of these addresses is refused, in words naming the rule; undefined: allowed. */
export function refusal(
  policy: TargetPolicy,
  host: string,
  addresses: readonly string[],
  port: number,
): string | undefined {
  if (!policy.enforced) return undefined;
  for (const address of addresses) {
    const rule = addressRule(address) ?? (policy.own.has(canonicalAddress(address)) ? 'agent-own-address' : undefined);
    if (rule === undefined || exempted(policy.allowTargets, host, address, port)) continue;
    const named = host === address ? address : `${host} (${address})`;
    return `target ${named} refused by rule ${rule}: ${RULE_TEXT[rule]}; an agent listening beyond loopback checks such targets only when allowTargets in its config names them`;
  }
  return undefined;
}
