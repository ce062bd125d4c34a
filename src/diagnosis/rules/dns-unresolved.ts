import type { DnsObservation } from '../../model/observations.js';
import { describeNameLookup } from './wording/connections.js';
import type { Rule } from './rule.js';

/** A sharper likely rule, by how the lookup failed. */
const LIKELY: Record<Extract<DnsObservation, { kind: 'failed' }>['reason'], string | undefined> = {
  'not-found': 'No network rule: the name is misspelt or its DNS record (A/AAAA) is missing.',
  'resolver-unavailable':
    "This machine's resolver is unreachable: no DNS server configured, the resolver is down, or outbound DNS (UDP/TCP 53) is blocked.",
  timeout: 'The DNS resolver is slow or unreachable, or outbound DNS (UDP/TCP 53) is dropped.',
  other: undefined,
};

export const dnsUnresolved: Rule<'dns-unresolved'> = {
  code: 'dns-unresolved',
  title: 'The server name does not resolve',
  severity: 'error',
  stage: 'dns',
  explanation:
    'ftpcheck could not turn the server name into an address, so no connection was tried. ' +
    'Either the name does not exist (a typo, or its DNS record is missing or not yet published) ' +
    'or no DNS server answered this machine at all (no resolver configured, ' +
    'the resolver is down, or DNS traffic is blocked). The evidence says which.',
  likelyRule:
    'No FTP firewall rule is involved yet: the name is wrong or unpublished, or this machine cannot reach its DNS resolver (outbound UDP/TCP 53 blocked).',
  confirm: [
    'Run `getent hosts NAME` (Linux/macOS) or `nslookup NAME` (Windows): no answer confirms it.',
    "Ask another resolver, e.g. `dig @9.9.9.9 NAME`: an answer there means this machine's resolver is the problem, not the name.",
  ],
  fix: [
    {
      role: 'user',
      text: "Check the spelling of the name, or run ftpcheck with the server's IP address to test the FTP path on its own.",
    },
    { role: 'user', text: 'Compare with `getent hosts NAME` (Linux) or `nslookup NAME` (Windows) on this machine.' },
    {
      role: 'server-admin',
      text: 'Make sure the DNS zone has an A (and, if the server has IPv6, AAAA) record for the name, and that it is published on the authoritative servers.',
    },
    {
      role: 'network-admin',
      text:
        'When the resolver is unreachable: allow outbound UDP and TCP port 53 to the configured resolver, ' +
        "or fix /etc/resolv.conf / the adapter's DNS settings.",
    },
  ],
  match(o) {
    const d = o.dns;
    if (d?.kind !== 'failed') return [];
    // A resolver that does not answer says nothing about the name itself.
    const unknown = d.reason === 'resolver-unavailable' ? ': the name may well exist, but this machine cannot ask' : '';
    return [
      { evidence: `Looking up ${o.target.host}: ${describeNameLookup(d)}${unknown}.`, likelyRule: LIKELY[d.reason] },
    ];
  },
};
