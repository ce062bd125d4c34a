// Which targets the agent (and `ftpcheck exporter`, which uses this same policy) may check, and where a
// module's password may go. Anyone who can reach an agent listening beyond loopback (and holds its
// token) could otherwise use it to scan the network it sits in: its loopback services, the LAN behind
// it, the cloud's link-local metadata service, the agent itself; or have it log in with a module's
// password to a server of their choosing. So every address a target resolves to is vetted, in every
// spelling (an IPv4-mapped address is the IPv4 address; an IPv6 address carrying an IPv4 address is
// judged by it too), and the check then connects to exactly the vetted addresses (see prepareCheck()),
// which defeats DNS rebinding. allowTargets' address patterns lift the rules for the addresses they name;
// name patterns never do (see patterns.ts and refusal()). Pure, apart from ownAddresses().
import { networkInterfaces } from 'node:os';
import { addressBytes, canonicalAddress, embeddedIPv4, type EmbeddedIPv4 } from '../protocol/address.js';
import { matchesAddress, matchesName, namesOneAddress, type TargetPattern } from '../settings/target-patterns.js';

/** Why an address is refused; each names one rule of the policy. */
export type AddressRule =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'carrier-grade-nat'
  | 'benchmarking'
  | 'ietf-protocol'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'ipv4-compatible'
  | 'siit'
  | 'local-nat64'
  | 'agent-own-address';

export const RULE_TEXT: Record<AddressRule, string> = {
  loopback: 'a loopback address (127.0.0.0/8, ::1)',
  private: 'a private address (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  'link-local': 'a link-local address (169.254.0.0/16, fe80::/10)',
  'unique-local': 'a unique-local IPv6 address (fc00::/7)',
  'site-local': 'a site-local IPv6 address (fec0::/10, deprecated, still routed inside some sites)',
  'carrier-grade-nat': 'a carrier-grade NAT address (100.64.0.0/10)',
  benchmarking: 'a benchmarking address (198.18.0.0/15, RFC 2544: not routed on the internet, used inside networks)',
  'ietf-protocol': 'an IETF protocol assignment (192.0.0.0/24: DS-Lite, NAT64 discovery, anycast services)',
  unspecified: 'an unspecified address (0.0.0.0/8, ::)',
  multicast: 'a multicast address (224.0.0.0/4, ff00::/8)',
  reserved: 'a reserved or broadcast address (240.0.0.0/4), or no address of the internet',
  'ipv4-compatible': 'an IPv4-compatible IPv6 address (::/96, deprecated: a tunnel on the agent would send it as IPv4)',
  siit: 'an IPv4-translated address (::ffff:0:0/96, SIIT: a translator on the way reaches the IPv4 address)',
  'local-nat64': "a local-use NAT64 address (64:ff9b:1::/48: a translator inside the agent's network)",
  'agent-own-address': "one of the agent's own addresses",
};

function v4Rule(octets: readonly number[]): AddressRule | undefined {
  const [a = 0, b = 0, c = 0] = octets;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade-nat';
  // Not globally reachable (RFC 6890), so only networks near the agent use it: labs, some internal
  // networks, and proxies' "fake IP" DNS that answers names with it.
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking';
  // The whole block, although two anycast addresses in it (192.0.0.9 PCP, 192.0.0.10 TURN) are
  // globally reachable: neither is an FTP server, and the rest of it is not (IANA's special-purpose
  // registry), so it means something only near the agent (DS-Lite, NAT64 discovery).
  if (a === 192 && b === 0 && c === 0) return 'ietf-protocol';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return undefined;
}

/** The class of an IPv6 address by its own prefix (the IPv4 address it may carry aside). */
function v6Rule(b: readonly number[]): AddressRule | undefined {
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  if (zeros(0, 12)) return 'ipv4-compatible';
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return 'siit';
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  if (b0 === 0 && b1 === 0x64 && b2 === 0xff && b3 === 0x9b && b4 === 0 && b5 === 1) return 'local-nat64';
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return 'link-local';
  if (b0 === 0xfe && (b1 & 0xc0) === 0xc0) return 'site-local';
  if ((b0 & 0xfe) === 0xfc) return 'unique-local';
  if (b0 === 0xff) return 'multicast';
  return undefined;
}

/** Why an address is refused by its class, and through which IPv4 address it carries, if so. */
export interface AddressJudgement {
  rule: AddressRule;
  carried?: EmbeddedIPv4;
}

/**
 * The rule an address falls under, or undefined for an ordinary public address. Every spelling of one
 * address is judged alike (IPv4-mapped ones are IPv4); an IPv6 address that carries an IPv4 address
 * (NAT64, 6to4, Teredo, …; see embeddedIPv4()) is judged by that address as well as by its own prefix.
 */
export function judgeAddress(raw: string): AddressJudgement | undefined {
  // A zone (fe80::1%eth0) says which link, not which address.
  const address = raw.split('%')[0] ?? '';
  const bytes = addressBytes(address);
  if (bytes === undefined) return { rule: 'reserved' };
  if (bytes.length === 4) {
    const rule = v4Rule(bytes);
    return rule && { rule };
  }
  for (const carried of embeddedIPv4(address)) {
    const rule = v4Rule(carried.address.split('.').map(Number));
    if (rule) return { rule, carried };
  }
  const rule = v6Rule(bytes);
  return rule && { rule };
}

export function addressRule(address: string): AddressRule | undefined {
  return judgeAddress(address)?.rule;
}

/** Addresses asked about one at a time, canonical: a Set, or the machine's interfaces as they are now. */
export interface AddressBook {
  has(address: string): boolean;
}

/** Whether an address, in any spelling or carried inside an IPv6 address, is one of `own`'s. */
export function isOwnAddress(own: AddressBook, address: string): boolean {
  return own.has(canonicalAddress(address)) || embeddedIPv4(address).some((e) => own.has(e.address));
}

/** The addresses of this machine's interfaces now, canonical. */
function interfaceAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) own.add(canonicalAddress(entry.address));
  return own;
}

/**
 * This machine's own addresses, read again at every question: a long-running agent gains addresses
 * (DHCP, IPv6 temporary addresses that change every day, a VPN coming up), and an address read at
 * start-up would let a caller aim the agent at itself on a new one. Reading the interfaces takes
 * microseconds, once per address of a check.
 */
export function ownAddresses(): AddressBook {
  return { has: (address) => interfaceAddresses().has(address) };
}

/** Whether a listen address is loopback: then only this machine can call, and the policy is off. */
export function isLoopbackListener(host: string): boolean {
  return host === 'localhost' || addressRule(host) === 'loopback';
}

export interface TargetPolicy {
  /** The address rules: on beyond loopback (or behind a trusted proxy), off on a loopback listener. */
  enforced: boolean;
  /** The operator's patterns (config allowTargets), parsed. */
  allowTargets: readonly TargetPattern[] | undefined;
  /** Only targets allowTargets names are checked at all (the exporter with allowTargets). */
  onlyAllowTargets: boolean;
  /** The agent's own addresses, canonical (ownAddresses(): as the interfaces are at each question). */
  own: AddressBook;
}

/** What a check is about to do: reach these addresses of this host, and whether it logs in with a password. */
export interface TargetUse {
  host: string;
  port: number;
  /** The addresses the check will connect to (the name resolved once, then pinned). */
  addresses: readonly string[];
  /** The module holds a password (passwordEnv). */
  sendsPassword: boolean;
}

const PASSWORD_RULE =
  'a module with passwordEnv logs in only where allowTargets names the addresses (an address pattern or CIDR: ' +
  '10.0.0.*:21, 10.0.0.0/8:*, [fd00::5]:21), or names the exact name (no *) and every address it resolves to is public';

/**
 * Why this use of a target is refused, in words naming the rule; undefined: allowed. The rules, in order:
 * - with onlyAllowTargets, the target must be named: its name by a name pattern, or each address by an
 *   address pattern;
 * - where enforced, an address in a refused class (judgeAddress()) or one of the agent's own is
 *   refused unless an address pattern names it (a name pattern never lifts an address rule; the
 *   agent's own address, in any spelling, only a pattern naming that one address does);
 * - always, a check that sends a password goes only to addresses an address pattern names, or to a
 *   name an exact name pattern names whose addresses are in no refused class and not the agent's own.
 */
export function refusal(policy: TargetPolicy, use: TargetUse): string | undefined {
  const { host, port, addresses, sendsPassword } = use;
  const patterns = policy.allowTargets ?? [];
  const named = (address: string): string => (host === address ? address : `${host} (${address})`);
  const byAddress = (address: string): boolean => patterns.some((p) => matchesAddress(p, address, port));
  const byName = patterns.some((p) => matchesName(p, host, port));
  const byExactName = patterns.some((p) => matchesName(p, host, port, true));
  if (policy.onlyAllowTargets && !byName && !(addresses.length > 0 && addresses.every(byAddress)))
    return `target ${host}:${port} is not in allowTargets (by its name, or by every address it resolves to: ${addresses.join(', ') || 'none'})`;
  for (const address of addresses) {
    const own = isOwnAddress(policy.own, address);
    const judged = judgeAddress(address) ?? (own ? { rule: 'agent-own-address' as const } : undefined);
    // The agent's own address only by a pattern naming that one address: a block such as 10.0.0.0/8,
    // written for the LAN around the agent, must not open the agent's own services to its callers.
    const listed = own
      ? patterns.some((p) => namesOneAddress(p) && matchesAddress(p, address, port))
      : byAddress(address);
    if (judged && policy.enforced && !listed) {
      const carrying = judged.carried ? ` carrying ${judged.carried.address} (${judged.carried.via})` : '';
      return `target ${named(address)}${carrying} refused by rule ${judged.rule}: ${RULE_TEXT[judged.rule]}; an agent listening beyond loopback checks such targets only when an address pattern of allowTargets in its config names them`;
    }
    if (sendsPassword && !listed && !(byExactName && judged === undefined))
      return `target ${named(address)}:${port} refused: ${PASSWORD_RULE}`;
  }
  return undefined;
}
